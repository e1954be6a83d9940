import t from 'tap';
import { fileURLToPath } from 'node:url';
import { readVerificationSpec } from '../../src/verify/verificationSpec.js';
import { shardPlan } from '../../src/verify/runShard.js';
import { assignShards, estimatedCost } from '../../src/measure/shardJobs.js';

const paper = fileURLToPath(new URL('../../specs/paper.json', import.meta.url));

t.test('the default spec in 4 shards: estimated costs within a factor 1.5', async (t) => {
  const spec = readVerificationSpec(paper);
  const plan = shardPlan(spec, 4);
  const shards = plan.estimatedSeconds;
  const ratio = Math.max(...shards) / Math.min(...shards);
  t.ok(ratio <= 1.5, `largest / smallest = ${ratio.toFixed(3)} (${shards.map((c) => c.toFixed(1)).join(', ')} s)`);
  t.same([...new Set(plan.shardOf)].sort(), [1, 2, 3, 4], 'every shard has runs');
  t.same(shardPlan(spec, 4).shardOf, plan.shardOf, 'the same spec and N give the same assignment');
  // Balance by cost, not by count: equal runs per shard, in canonical order, would be far apart.
  const costs = plan.jobs.map((j) => estimatedCost(j.job));
  const perShard = Math.ceil(costs.length / 4);
  const byCount = [0, 1, 2, 3].map((k) => costs.slice(k * perShard, (k + 1) * perShard).reduce((a, b) => a + b, 0));
  t.ok(
    Math.max(...byCount) / Math.min(...byCount) > 1.5,
    `equal counts: ${byCount.map((c) => c.toFixed(1)).join(', ')} s`,
  );
});

t.test('longest processing time first', async (t) => {
  t.same(assignShards([1, 1, 1, 1], 2).shardOf, [1, 2, 1, 2]);
  t.same(assignShards([5, 1, 1, 1, 1, 1], 2), { shardOf: [1, 2, 2, 2, 2, 2], estimatedSeconds: [5, 5] });
  t.same(assignShards([3], 3).estimatedSeconds, [3, 0, 0], 'more shards than jobs: some are empty');
  t.throws(() => assignShards([1], 0), RangeError);
});
