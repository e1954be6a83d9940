import t from 'tap';
import { fileURLToPath } from 'node:url';
import { readVerificationSpec } from '../../src/verify/verificationSpec.js';
import { shardPlan } from '../../src/verify/runShard.js';
import { assignShards } from '../../src/measure/shardJobs.js';

const paper = fileURLToPath(new URL('../../specs/paper.json', import.meta.url));

t.test('the default spec in 4 shards: estimated costs within a factor 1.5', async (t) => {
  const spec = readVerificationSpec(paper);
  const plan = shardPlan(spec, 4);
  const costs = plan.estimatedSeconds;
  const ratio = Math.max(...costs) / Math.min(...costs);
  t.ok(ratio <= 1.5, `largest / smallest = ${ratio.toFixed(3)} (${costs.map((c) => c.toFixed(1)).join(', ')} s)`);
  t.same([...new Set(plan.shardOf)].sort(), [1, 2, 3, 4], 'every shard has runs');
  t.same(shardPlan(spec, 4).shardOf, plan.shardOf, 'the same spec and N give the same assignment');
  // Balance by cost, not by count: the shard holding the most runs is not the dearest one.
  const counts = [1, 2, 3, 4].map((k) => plan.shardOf.filter((s) => s === k).length);
  t.ok(Math.max(...counts) / Math.min(...counts) > 1.5, `run counts differ widely: ${counts.join(', ')}`);
});

t.test('longest processing time first', async (t) => {
  t.same(assignShards([1, 1, 1, 1], 2).shardOf, [1, 2, 1, 2]);
  t.same(assignShards([5, 1, 1, 1, 1, 1], 2), { shardOf: [1, 2, 2, 2, 2, 2], estimatedSeconds: [5, 5] });
  t.same(assignShards([3], 3).estimatedSeconds, [3, 0, 0], 'more shards than jobs: some are empty');
  t.throws(() => assignShards([1], 0), RangeError);
});
