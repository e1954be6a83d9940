import t from 'tap';
import { chooseShard, parseShard, shardFromEnvironment } from '../../src/core/shardChoice.js';
import { UsageError } from '../../src/core/errors.js';

t.test('--shard K/N', async (t) => {
  t.same(parseShard('2/4'), { index: 2, count: 4, from: '--shard 2/4' });
  t.same(parseShard(' 1/1 '), { index: 1, count: 1, from: '--shard 1/1' });
  for (const bad of ['5/4', '0/0', '0/3', '1/0', '2', '1/2/3', '-1/2', '1.5/2', '', 'a/b', '1/100001'])
    t.throws(() => parseShard(bad), UsageError, bad);
});

t.test('Slurm: shard K = ID - MIN + 1 of COUNT; a stepped array is refused', async (t) => {
  const slurm = (id: string, extra: Record<string, string> = {}) =>
    shardFromEnvironment({ SLURM_ARRAY_TASK_ID: id, SLURM_ARRAY_TASK_COUNT: '4', ...extra });
  t.equal(slurm('0')?.index, 1, '--array=0-3, MIN unset: taken as 0');
  t.equal(slurm('3')?.index, 4);
  t.equal(slurm('1', { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' })?.index, 1, '--array=1-4');
  t.equal(slurm('4', { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' })?.index, 4);
  t.match(
    slurm('2')?.from,
    'SLURM_ARRAY_TASK_ID=2 (SLURM_ARRAY_TASK_MIN unset, taken as 0) of SLURM_ARRAY_TASK_COUNT=4',
  );
  t.throws(() => slurm('4'), UsageError, 'ID 4 of a 0-based array of 4');
  t.throws(() => slurm('4', { SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '12', SLURM_ARRAY_TASK_STEP: '4' }));
  t.throws(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '1' }), UsageError, 'no count');
});

t.test('Kubernetes: JOB_COMPLETION_INDEX (0-based) with APPROX_ORDER_SHARD_COUNT', async (t) => {
  t.same(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', APPROX_ORDER_SHARD_COUNT: '3' }), {
    index: 1,
    count: 3,
    from: 'JOB_COMPLETION_INDEX=0 of APPROX_ORDER_SHARD_COUNT=3',
  });
  t.throws(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '3', APPROX_ORDER_SHARD_COUNT: '3' }), UsageError);
  t.throws(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' }), UsageError);
  t.equal(shardFromEnvironment({}), null);
  t.equal(chooseShard('1/2', { JOB_COMPLETION_INDEX: '1', APPROX_ORDER_SHARD_COUNT: '2' })?.index, 1, '--shard wins');
});
