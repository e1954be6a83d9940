/**
 * `verify --shard K/N` (or a scheduler's array variables): run one shard of the spec's trained runs
 * into DIR (verify/runShard), say which shard and where it came from, print what it ran. No report:
 * `approx-order merge` then `verify --from-records` make it.
 */
import { shardTag, type ShardChoice } from '../core/shardChoice.js';
import { directoryPlacement, runShard } from '../verify/runShard.js';
import type { VerificationSpec } from '../verify/verificationSpec.js';

export async function verifyShard(
  spec: VerificationSpec,
  shard: ShardChoice,
  dir: string,
  options: { readonly resume: boolean; readonly json?: boolean },
): Promise<void> {
  process.stderr.write(`approx-order: shard ${shard.index} of ${shard.count} (from ${shard.from})\n`);
  const placement = directoryPlacement(dir, shard);
  const { manifest, records } = await runShard(spec, shard, placement, {
    resume: options.resume,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const summary = {
    shard: manifest.shard,
    spec: { name: spec.name, source: spec.source, digest: manifest.specDigest },
    runs: records.length,
    estimatedSeconds: manifest.estimatedSeconds,
    manifest: placement.manifest,
    files: manifest.files.map((f) => ({ ...f, path: placement.recordsFile(f.results) })),
  };
  process.stdout.write(
    options.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `${shardTag(shard)} of spec "${spec.name}" (digest ${manifest.specDigest}): ${records.length} runs, ` +
          `estimated ${manifest.estimatedSeconds} s on one core\n` +
          `${summary.files.map((f) => `  ${f.path} (${f.jobs} runs)`).join('\n')}\n` +
          `merge the shards with: approx-order merge ${dir} --out DIR, then: approx-order verify --from-records DIR\n`,
  );
}
