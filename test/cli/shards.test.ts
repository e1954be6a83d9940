import t from 'tap';
import { shardScratch, timingsAside } from '../fixtures/shardScratch.js';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Spawns the built CLI (dist/, built by `npm test`). Tiny specs (lsq, 400 points, widths to 40):
// each process takes a second or two.
const { dir, run, spec, lines } = shardScratch('approx-order-shards-');

const tiny = spec('tiny', {});

t.test('3 shards from SLURM_ARRAY_TASK_ID, merged and rendered, equal an unsharded run', async (t) => {
  const whole = run(['verify', tiny, '--out', 'whole']);
  t.ok(whole.code === 0 || whole.code === 1, `a report was made (exit ${whole.code}): ${whole.err}`);
  const shardRecords: Record<string, unknown>[][] = [];
  for (const id of [1, 2, 3]) {
    // --array=1-3: IDs 1..3 with SLURM_ARRAY_TASK_MIN=1 are shards 1..3.
    const r = run(['verify', tiny, '--out', 'shards'], {
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_MAX: '3',
    });
    t.equal(r.code, 0, r.err);
    t.match(
      r.err,
      `approx-order: shard ${id} of 3 (from SLURM_ARRAY_TASK_ID=${id} (SLURM_ARRAY_TASK_MIN=1) of SLURM_ARRAY_TASK_COUNT=3)`,
    );
    t.notOk(existsSync(join(dir, 'shards', 'report.json')), 'a shard writes no report');
    shardRecords.push(lines(`shards/results-lsq.shard-${id}-of-3.jsonl`));
  }
  const sizes = shardRecords.map((r) => r.length);
  t.same(
    sizes.reduce((a, b) => a + b),
    2 * 5 * 2,
    'the shards hold every run once',
  );
  t.ok(Math.min(...sizes) > 0, `every shard has runs (${sizes})`);
  const merged = run(['merge', 'shards', '--out', 'merged']);
  t.equal(merged.code, 0, merged.err);
  t.match(merged.out, /^merged 20 runs of spec "tiny" \(digest [0-9a-f]{16}\) from 3 shard manifests\n/);
  const rendered = run(['verify', '--from-records', 'merged']);
  t.equal(rendered.code, whole.code, 'the same exit code (the verdicts)');
  t.match(rendered.err, 'lsq on sin(2*x): 20 of 20 runs from merged/results-lsq.jsonl\n');
  t.notMatch(rendered.err, /^ {2}lsq \d+\/\d+:/m, 'nothing is trained (no progress lines of a sweep)');
  t.match(whole.err, /^ {2}lsq \d+\/\d+:/m, 'which an unsharded run prints');
  t.equal(timingsAside(lines('merged/results-lsq.jsonl')), timingsAside(lines('whole/results-lsq.jsonl')));
  const digest = lines('whole/results-lsq.jsonl')[0].specDigest;
  t.match(digest, /^[0-9a-f]{16}$/, 'unsharded records carry the spec digest too');
  const reportOf = (d: string) => JSON.parse(readFileSync(join(dir, d, 'report.json'), 'utf8'));
  t.equal(timingsAside(reportOf('merged')), timingsAside(reportOf('whole')), 'report.json equal, timings aside');
  t.equal(rendered.out.replace(/merged\//g, 'whole/'), whole.out, 'the same verdict table');
});

t.test('measure --shard from JOB_COMPLETION_INDEX: merged records equal an unsharded measure', async (t) => {
  const args = [
    'measure',
    'mlp',
    'gqu',
    '--target',
    '1/(1+9*x^2)',
    '--widths',
    '6:30:3',
    '--method',
    'lsq',
    '--data-size',
    '300',
  ];
  mkdirSync(join(dir, 'm'));
  const whole = run([...args, '--out', 'm/whole.jsonl']);
  t.equal(whole.code, 0, whole.err);
  for (const index of [0, 1]) {
    const r = run([...args, '--out', 'm/part.jsonl'], {
      JOB_COMPLETION_INDEX: String(index),
      APPROX_ORDER_SHARD_COUNT: '2',
    });
    t.equal(r.code, 0, r.err);
    t.match(r.err, `shard ${index + 1} of 2 (from JOB_COMPLETION_INDEX=${index} of APPROX_ORDER_SHARD_COUNT=2)`);
  }
  const merged = run(['merge', 'm/part.shard-1-of-2.jsonl', 'm/part.shard-2-of-2.manifest.json', '--out', 'm/merged']);
  t.equal(merged.code, 0, merged.err);
  t.equal(timingsAside(lines('m/merged/results-lsq.jsonl')), timingsAside(lines('m/whole.jsonl')));
});

t.test('bad input: one line on stderr and exit 2', async (t) => {
  const oneLine = (args: string[], pattern: RegExp, extra: Record<string, string> = {}) => {
    const r = run(args, extra);
    t.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    t.match(r.err, pattern);
    t.equal(r.err.split('\n').length, 2, `one line: ${r.err}`);
  };
  oneLine(
    ['verify', tiny, '--shard', '5/4'],
    /^approx-order: --shard 5\/4: shard 5 does not exist \(shards are numbered 1 to 4\)\n$/,
  );
  oneLine(
    ['verify', tiny, '--shard', '0/0'],
    /^approx-order: --shard 0\/0: the shard count must be between 1 and 100000, got 0\n$/,
  );
  oneLine(
    ['verify', tiny, '--shard', '2-of-4'],
    /^approx-order: --shard must be K\/N with 1 <= K <= N, e\.g\. 2\/4, got "2-of-4"\n$/,
  );
  oneLine(['verify', tiny], /^approx-order: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not/, {
    SLURM_ARRAY_TASK_ID: '0',
  });

  // Two different specs: the second differs only in its data size.
  const other = spec('tiny', { dataSize: 500 });
  t.equal(run(['verify', other, '--out', 'other', '--shard', '2/3']).code, 0);
  oneLine(
    ['merge', 'shards/shard-1-of-3.manifest.json', 'other', '--out', 'mixed'],
    /^approx-order: cannot merge records of two different specs: "shards\/shard-1-of-3\.manifest\.json" \(spec "tiny\.json", digest [0-9a-f]{16}\) and "other\/shard-2-of-3\.manifest\.json" \(spec "tiny\.json", digest [0-9a-f]{16}\)\n$/,
  );
  t.notOk(existsSync(join(dir, 'mixed', 'merged.json')), 'nothing written');

  // An identical copy of shard 1 collapses; a copy with one number changed conflicts.
  mkdirSync(join(dir, 'copy'));
  for (const f of ['shard-1-of-3.manifest.json', 'results-lsq.shard-1-of-3.jsonl'])
    cpSync(join(dir, 'shards', f), join(dir, 'copy', f));
  const twice = run(['merge', 'shards', 'copy', '--out', 'twice']);
  t.equal(twice.code, 0, twice.err);
  t.match(twice.out, /, \d+ identical duplicates collapsed\n/);
  t.equal(timingsAside(lines('twice/results-lsq.jsonl')), timingsAside(lines('merged/results-lsq.jsonl')));
  const records = lines('copy/results-lsq.shard-1-of-3.jsonl');
  records[0].testRmse = (records[0].testRmse as number) * 1.5;
  writeFileSync(
    join(dir, 'copy/results-lsq.shard-1-of-3.jsonl'),
    records.map((r) => `${JSON.stringify(r)}\n`).join(''),
  );
  const r0 = records[0];
  oneLine(
    ['merge', 'shards', 'copy', '--out', 'conflict'],
    new RegExp(
      `^approx-order: conflicting records of \\(${r0.unit}, lsq, n = ${r0.n}, seed ${r0.seed}\\): "shards/results-lsq\\.shard-1-of-3\\.jsonl" and "copy/results-lsq\\.shard-1-of-3\\.jsonl" differ in testRmse \\(.* vs .*\\)\\n$`,
    ),
  );
  t.notOk(existsSync(join(dir, 'conflict', 'merged.json')), 'nothing written');
});
