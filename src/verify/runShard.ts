/**
 * One shard of a spec's trained runs (`verify --shard K/N`, `measure --shard K/N`): the spec's
 * canonical job list (specJobs) is split by estimated cost (measure/shardJobs), and this process
 * runs its share through the same sweep as an unsharded run, into its own records files, one per
 * results file of the spec: results-<method>.shard-K-of-N.jsonl. Before the first run it writes its
 * manifest (specs/schemas/shard-manifest.schema.json), so that even a shard killed at once tells
 * `merge` which spec it belongs to. No report is written. `resume` continues the shard's own files;
 * each file is locked (FILE.lock) while its sweep runs, so two processes given the same shard
 * refuse each other.
 */
import { basename, dirname, join } from 'node:path';
import type { ShardChoice } from '../core/shardChoice.js';
import { shardTag } from '../core/shardChoice.js';
import { ensureDirectory, writeFileAtomic } from '../core/outputFile.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { assignShards, estimatedCost } from '../measure/shardJobs.js';
import { recordKey, type ResultRecord } from '../measure/resultRecord.js';
import { defaultSources } from './defaultSources.js';
import { resultsFileName, specJobs, verificationDigest, type SpecJob } from './specJobs.js';
import type { VerificationSpec } from './verificationSpec.js';

export const SHARD_MANIFEST_FORMAT = 'approx-order shard manifest 1';

export interface ShardManifest {
  readonly format: typeof SHARD_MANIFEST_FORMAT;
  readonly version: string;
  readonly specDigest: string;
  readonly spec: unknown;
  readonly source: string;
  readonly shard: ShardChoice;
  readonly files: { readonly results: string; readonly shardFile: string; readonly jobs: number }[];
  readonly jobs: number;
  readonly estimatedSeconds: number;
}

/** Where a shard writes: its manifest, and each records file, by the results file it belongs to. */
export interface ShardPlacement {
  readonly manifest: string;
  recordsFile(results: string): string;
}

/** verify: DIR/shard-K-of-N.manifest.json and DIR/results-<method>.shard-K-of-N.jsonl. */
export function directoryPlacement(dir: string, shard: ShardChoice): ShardPlacement {
  const tag = shardTag(shard);
  return {
    manifest: join(dir, `${tag}.manifest.json`),
    recordsFile: (results) => join(dir, results.replace(/\.jsonl$/, `.${tag}.jsonl`)),
  };
}

/** measure --out FILE.jsonl: FILE.shard-K-of-N.jsonl and FILE.shard-K-of-N.manifest.json. */
export function filePlacement(out: string, shard: ShardChoice): ShardPlacement {
  const stem = join(dirname(out), basename(out).replace(/\.jsonl$/, ''));
  const tag = shardTag(shard);
  return { manifest: `${stem}.${tag}.manifest.json`, recordsFile: () => `${stem}.${tag}.jsonl` };
}

/** The shard (1..count) of every job of the spec, and each shard's estimated seconds. */
export function shardPlan(
  spec: VerificationSpec,
  count: number,
): { jobs: SpecJob[]; shardOf: number[]; estimatedSeconds: number[] } {
  const jobs = specJobs(spec);
  const { shardOf, estimatedSeconds } = assignShards(
    jobs.map((j) => estimatedCost(j.job)),
    count,
  );
  return { jobs, shardOf, estimatedSeconds };
}

export interface ShardOutcome {
  readonly manifest: ShardManifest;
  readonly records: ResultRecord[];
}

export async function runShard(
  spec: VerificationSpec,
  shard: ShardChoice,
  placement: ShardPlacement,
  options: { resume: boolean; log?: (line: string) => void },
): Promise<ShardOutcome> {
  const { jobs, shardOf, estimatedSeconds } = shardPlan(spec, shard.count);
  const mine = new Set(jobs.filter((_, i) => shardOf[i] === shard.index).map((j) => j.key));
  const digest = verificationDigest(spec.raw);
  const files: ShardManifest['files'] = [];
  spec.targets.forEach((_, ti) => {
    for (const plan of spec.methods) {
      if (plan.name === 'construct') continue;
      const results = resultsFileName(spec, plan.name, ti);
      files.push({
        results,
        shardFile: basename(placement.recordsFile(results)),
        jobs: jobs.filter((j) => j.file === results && mine.has(j.key)).length,
      });
    }
  });
  const manifest: ShardManifest = {
    format: SHARD_MANIFEST_FORMAT,
    version: TOOL_VERSION,
    specDigest: digest,
    spec: spec.raw,
    source: spec.source,
    shard,
    files,
    jobs: mine.size,
    estimatedSeconds: Math.round(estimatedSeconds[shard.index - 1] * 100) / 100,
  };
  ensureDirectory(dirname(placement.manifest));
  writeFileAtomic(placement.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  const records: ResultRecord[] = [];
  for (const [ti, target] of spec.targets.entries()) {
    for (const plan of spec.methods) {
      if (plan.name === 'construct') continue;
      const out = placement.recordsFile(resultsFileName(spec, plan.name, ti));
      options.log?.(`${plan.name} on ${target.expression}: shard ${shard.index} of ${shard.count} -> ${out}`);
      // defaultSources.measure returns measureSweep's ResultRecords, typed as the report's RunRecord.
      const shardRecords = (await defaultSources.measure({
        units: plan.units,
        target,
        domain: spec.domain,
        plan,
        resume: options.resume,
        log: options.log,
        resultsFile: out,
        specDigest: digest,
        select: (job) => mine.has(recordKey(job)),
      })) as ResultRecord[];
      records.push(...shardRecords);
    }
  }
  return { manifest, records };
}
