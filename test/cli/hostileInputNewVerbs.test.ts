// Hostile input to the newer verbs and options (merge, design, --shard, d-dimensional measure, table
// specs) through the real CLI: every case must exit 2 with one line on stderr that names the cause,
// escaped and bounded, print nothing on stdout, and write nothing. Before these fixes: a FIFO or
// /dev/zero as a spec, shard manifest or merged.json hung forever; `--out ''` wrote reports into the
// working directory (or was dropped in silence); --test-size 999999999999 was exit 3 and 1e8 ran on;
// --seeds 1e9 in d dimensions and "seeds": 1e9 in a table spec aborted in V8 out of memory; a table
// spec's unknown keys, repeated widths or labels, empty protocols and control characters in a label
// were accepted (exit 0); --shard quoted an ESC as "?".
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bin, env, shardScratch } from '../fixtures/shardScratch.js';

const { dir, spec } = shardScratch('approx-order-hostile-verbs-');
/** The CLI in the scratch folder; a case that hangs is killed at 60 s and fails on its exit code. */
function run(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: env(extra),
    cwd: dir,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const mkfifo = (path: string) => {
  const r = spawnSync('mkfifo', [join(dir, path)]);
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed`);
};

// A spec and its two shards, the inputs of merge and --from-records.
const small = spec('small', { units: ['mlp'], methods: [{ name: 'lsq', widths: '8:16:4' }], seeds: 1 });
t.equal(run(['verify', small, '--out', 'shards', '--shard', '1/2']).code, 0, 'shard 1 of 2 runs');
mkfifo('spec-fifo.json');
mkdirSync(join(dir, 'manifest-fifo'));
mkfifo('manifest-fifo/shard-1-of-2.manifest.json');
mkdirSync(join(dir, 'records-fifo'));
writeFileSync(
  join(dir, 'records-fifo/shard-1-of-2.manifest.json'),
  readFileSync(join(dir, 'shards/shard-1-of-2.manifest.json')),
);
mkfifo('records-fifo/results-lsq.shard-1-of-2.jsonl');
mkdirSync(join(dir, 'merged-fifo'));
mkfifo('merged-fifo/merged.json');
// 65 MiB of nothing (a sparse file): refused by its size before a byte is read.
writeFileSync(join(dir, 'big.json'), '');
truncateSync(join(dir, 'big.json'), 65 * 1024 ** 2);

/** specs/table1.json cut to one small problem, with `change` applied to it (or to its problem). */
function table(file: string, change: Record<string, unknown>, problemChange: Record<string, unknown> = {}): string {
  const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../specs/table1.json', import.meta.url)), 'utf8'));
  const problem = { label: 'f1', problem: 'friedman1', widths: [4, 6, 8], from: 4, ...problemChange };
  writeFileSync(
    join(dir, file),
    JSON.stringify({ ...base, units: ['mlp'], protocols: ['paper'], seeds: 1, problems: [problem], ...change }),
  );
  return file;
}
const verifyTable = (file: string) => ['verify', file, '--out', 'table-out'];
const ddim = (...more: string[]) => [
  'measure',
  'mlp',
  '--method',
  'lsq',
  '--widths',
  '4',
  '--problem',
  'friedman1',
  ...more,
];
const ESC = '\u001b';

/** [label, argv, what stderr must match, extra environment] */
const CASES: ReadonlyArray<[string, string[], RegExp, Record<string, string>?]> = [
  // Files that are not regular files: each hung (killed here at the timeout) before.
  ['a FIFO as a spec', ['verify', 'spec-fifo.json', '--out', 'r'], /cannot read spec "spec-fifo\.json": it is a FIFO/],
  ['/dev/zero as a spec', ['verify', '/dev/zero', '--out', 'r'], /"\/dev\/zero": it is a character device/],
  ['a 65 MiB spec', ['verify', 'big.json', '--out', 'r'], /spec "big\.json" is 65 MiB, larger than the 64 MiB/],
  ['a FIFO as a manifest', ['merge', 'manifest-fifo', '--out', 'm'], /shard manifest ".*": it is a FIFO/],
  ['a FIFO as shard records', ['merge', 'records-fifo', '--out', 'm'], /cannot read results file ".*": it is a FIFO/],
  ['a FIFO as merged.json', ['verify', '--from-records', 'merged-fifo'], /merged\.json ".*": it is a FIFO/],
  // An empty path: reports written into the working directory, or dropped, with exit 0 before.
  ['merge --out ""', ['merge', 'shards', '--out', ''], /^approx-order: --out is empty/],
  ['verify --out ""', ['verify', small, '--out', ''], /^approx-order: --out is empty/],
  ['verify --shard --out ""', ['verify', small, '--shard', '2/2', '--out', ''], /--out is empty/],
  ['verify --from-records ""', ['verify', '--from-records', ''], /--from-records is empty/],
  ['design --out ""', ['design', '--out', ''], /--out is empty/],
  ['prove --out ""', ['prove', 'mlp', '--out', ''], /--out is empty/],
  ['construct --out ""', ['construct', 'mlp', '--widths', '4', '--target', 'sin(x)', '--out', ''], /--out is empty/],
  [
    'measure --out ""',
    ['measure', 'mlp', '--method', 'lsq', '--widths', '4', '--target', 'sin(x)', '--out', ''],
    /--out is empty/,
  ],
  // Sizes of d-dimensional runs: exit 3, a run without end, or a V8 abort before.
  [
    '--test-size 999999999999',
    ddim('--test-size', '999999999999'),
    /--test-size 999999999999 exceeds the limit of 1000000/,
  ],
  ['--test-size 1e8', ddim('--test-size', '100000000'), /exceeds the limit of 1000000 test points/],
  ['d-dim --seeds 1e9', ddim('--seeds', '1000000000'), /--seeds 1000000000 exceeds the limit of 1000 seeds/],
  // Table specs through verify: each ran (exit 0), or aborted, before.
  [
    'table seeds 1e9',
    verifyTable(table('t-seeds.json', { seeds: 1e9 })),
    /table spec: seeds must be an integer from 1 to 1000$/,
  ],
  [
    'table testSize 1e12',
    verifyTable(table('t-test.json', { testSize: 1e12 })),
    /testSize must be an integer from 1 to 1000000$/,
  ],
  [
    'table unknown key',
    verifyTable(table('t-key.json', { seed: 3 })),
    /table spec: unknown key "seed"; known: kind, name/,
  ],
  [
    'table __proto__ key',
    verifyTable(table('t-proto.json', JSON.parse('{"__proto__": {"x": 1}}'))),
    /unknown key "__proto__"/,
  ],
  ['table problem key', verifyTable(table('t-pkey.json', {}, { widht: [4] })), /problems\[0\]: unknown key "widht"/],
  ['table no protocols', verifyTable(table('t-noproto.json', { protocols: [] })), /protocols must be a non-empty list/],
  [
    'table repeated protocol',
    verifyTable(table('t-2proto.json', { protocols: ['paper', 'paper'] })),
    /distinct protocols/,
  ],
  ['table repeated width', verifyTable(table('t-2w.json', {}, { widths: [4, 4, 4] })), /widths lists n = 4 twice/],
  [
    'table label with ESC',
    verifyTable(table('t-esc.json', {}, { label: `a${ESC}[31m` })),
    /\.label must be a name of 1-60 letters/,
  ],
  [
    'table repeated label',
    verifyTable(
      table('t-2label.json', {
        problems: [
          { label: 'a', problem: 'friedman1', widths: [4, 6, 8] },
          { label: 'a', problem: 'friedman2', widths: [4, 6, 8] },
        ],
      }),
    ),
    /two problems have the label "a"/,
  ],
  [
    'table from past widths',
    verifyTable(table('t-from.json', {}, { from: 1e9 })),
    /from is 1000000000, which leaves fewer than 3/,
  ],
  // Escapes in --shard and in a count: an ESC was shown as "?" (--shard) or raw before the backstop.
  ['--shard with an ESC', ['verify', small, '--out', 'r', '--shard', `1/3${ESC}[31m`], /got "1\/3\\x1b\[31m"$/],
  [
    'SLURM step with an ESC',
    ['verify', small, '--out', 'r'],
    /STEP="\\x1b\[31m"/,
    { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_STEP: `${ESC}[31m` },
  ],
];

t.test(`${CASES.length} hostile inputs to the newer verbs: exit 2, one bounded line, nothing written`, async (t) => {
  const before = readdirSync(dir).sort();
  for (const [label, argv, expected, extra] of CASES) {
    const { code, out, err } = run(argv, extra);
    t.equal(code, 2, `${label}: exit code`);
    t.equal(out, '', `${label}: nothing on stdout`);
    t.match(err, /^approx-order: [^\n]*\n$/, `${label}: one line on stderr`);
    t.match(err.trimEnd(), expected, `${label}: names the cause`);
    t.ok(err.length <= 600, `${label}: bounded (${err.length} characters)`);
    // eslint-disable-next-line no-control-regex
    t.notMatch(err.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/, `${label}: no raw control character`);
  }
  t.same(readdirSync(dir).sort(), before, 'no file or folder was created in the working directory');
  t.same(
    readdirSync(join(dir, 'shards')).sort(),
    ['results-lsq.shard-1-of-2.jsonl', 'shard-1-of-2.manifest.json'],
    'the shard folder holds only what its shard wrote',
  );
});
