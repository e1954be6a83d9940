/**
 * `measure --shard K/N --out FILE.jsonl` (or a scheduler's array variables): the sweep, written as
 * a one-method spec (measure/sweepSpec), split as `verify --shard` splits a spec (verify/runShard);
 * this shard's records go to FILE.shard-K-of-N.jsonl beside FILE.shard-K-of-N.manifest.json.
 */
import type { ShardChoice } from '../core/shardChoice.js';
import type { MeasureRequest } from '../measure/measureSweep.js';
import type { ResultRecord } from '../measure/resultRecord.js';
import { sweepSpecFields, sweepSpecJson } from '../measure/sweepSpec.js';
import { filePlacement, runShard } from '../verify/runShard.js';
import { parseVerificationSpec } from '../verify/verificationSpec.js';

export async function measureShard(request: MeasureRequest, shard: ShardChoice, out: string): Promise<ResultRecord[]> {
  const json = sweepSpecJson(sweepSpecFields(request));
  const methods = json.methods as Record<string, unknown>[];
  // Worker threads change no record, so they are not part of the spec's digest (verify/specJobs).
  if (request.jobs !== undefined) methods[0].jobs = request.jobs;
  const spec = parseVerificationSpec(json, 'measure');
  process.stderr.write(`approx-order: shard ${shard.index} of ${shard.count} (from ${shard.from})\n`);
  const placement = filePlacement(out, shard);
  const { records } = await runShard(spec, shard, placement, {
    resume: request.resume === true,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(
    `approx-order: ${records.length} runs in ${placement.recordsFile('')}, manifest ${placement.manifest}\n`,
  );
  return records;
}
