import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
// The CLI runs dist/; `npm test` builds it first. Standalone: build if missing.
if (!existsSync(join(root, 'dist/cli-bundle/all.js')))
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });

const run = (args: string[]) => spawnSync('node', [bin, 'measure', ...args], { cwd: root, encoding: 'utf8' });
const withoutTimings = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => {
      const { seconds: _seconds, ...rest } = JSON.parse(line);
      return rest;
    });

t.test('bad input: exit 2 with one line naming the problem', async (t) => {
  const base = ['--target', 'x^2', '--widths', '4,8', '--method', 'lsq'];
  // A regular file where a directory should be: the results path cannot be created.
  const notADirectory = join(mkdtempSync(join(tmpdir(), 'measure-cli-')), 'file');
  writeFileSync(notADirectory, '');
  const cases: Array<[string, string[], RegExp]> = [
    [
      'width 0',
      ['mlp', '--target', 'x^2', '--widths', '0,4', '--method', 'lsq'],
      /^approx-order: width 0 in "0,4" is less than 1\n$/,
    ],
    [
      'unknown method',
      ['mlp', '--target', 'x^2', '--widths', '4', '--method', 'sgd'],
      /^approx-order: unknown method "sgd"; methods: lsq, lm, adam, paper-newton, varpro\n$/,
    ],
    ['unknown unit', ['mlq', ...base], /^approx-order: unknown symbol "mlq"; a unit is a product/],
    [
      'bad target',
      ['mlp', '--target', '1/x', '--widths', '4', '--method', 'lsq'],
      /^approx-order: target "1\/x" is not finite on \[-1, 1\]/,
    ],
    [
      'unknown function in target',
      ['mlp', '--target', 'foo(x)', '--widths', '4', '--method', 'lsq'],
      /^approx-order: unknown function "foo" in target "foo\(x\)"/,
    ],
    [
      'init the method does not take',
      ['mlp', ...base, '--init', 'lsq'],
      /^approx-order: method lsq cannot start from --init lsq; it accepts: spline, construct\n$/,
    ],
    [
      'lsq with a smooth gate not linear once frozen',
      ['silu(g)*u*q', ...base],
      /^approx-order: method lsq freezes the gates and solves for the rest, but unit silu\(g\)\*u\*q \(silu gate\) is not linear/,
    ],
    [
      'seeds not a count',
      ['mlp', ...base, '--seeds', '1.5'],
      /^approx-order: --seeds must be a positive integer, got "1.5"\n$/,
    ],
    ['resume without out', ['mlp', ...base, '--resume'], /^approx-order: --resume needs --out <file>/],
    [
      'paper-newton on a unit with a squared factor',
      ['relu(g)*u^2', '--target', 'x^2', '--widths', '4', '--method', 'paper-newton'],
      /^approx-order: method paper-newton needs every non-gate factor to the first power .*u\^2\n$/,
    ],
    [
      'varpro with a smooth gate',
      ['swiglu', '--target', 'x^2', '--widths', '4', '--method', 'varpro'],
      /^approx-order: method varpro needs a relu gate: unit swiglu has a silu gate, .*use --method lsq, lm or adam\n$/,
    ],
    [
      'a random start for lm',
      ['mlp', '--target', 'x^2', '--widths', '4', '--method', 'lm', '--init', 'random'],
      /^approx-order: method lm cannot start from --init random; it accepts: lsq, spline, construct\n$/,
    ],
    [
      'missing target',
      ['mlp', '--widths', '4', '--method', 'lsq'],
      /^approx-order: required option '--target <expr>' not specified\n$/,
    ],
    [
      'unwritable out',
      ['mlp', ...base, '--out', join(notADirectory, 'results.jsonl')],
      /^approx-order: cannot create output directory ".*\/file" \(".*\/file" is not a directory\)\n$/,
    ],
  ];
  for (const [what, args, message] of cases) {
    const r = run(args);
    t.equal(r.status, 2, `${what}: exit 2`);
    t.match(r.stderr, message, `${what}: ${JSON.stringify(r.stderr)}`);
    t.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
    t.equal(r.stdout, '', `${what}: nothing on stdout`);
  }
});

t.test('--json prints schema-valid records; plain progress lines on a non-TTY stderr', async (t) => {
  const r = run([
    'mlp',
    'glu',
    '--target',
    '1/(1+9*x^2)',
    '--widths',
    '4,8',
    '--method',
    'lsq',
    '--data-size',
    '500',
    '--json',
    '--jobs',
    '1',
  ]);
  t.equal(r.status, 0, r.stderr);
  const records = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync(join(root, 'specs/schemas/result-record.schema.json'), 'utf8'));
  const validate = new Ajv().compile(schema);
  t.equal(records.length, 4);
  for (const record of records) t.ok(validate(record), JSON.stringify(validate.errors ?? []));
  t.match(r.stderr, /^measure: 1\/4 mlp n=4 seed=0 lsq: test RMSE \d\.\d{3}e-\d+ \(\d+\.\d\d s\)\n/);
  t.equal(r.stderr.trim().split('\n').length, 4);
});

t.test('--method paper-newton and --method varpro run and write schema-valid records', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'measure-cli-'));
  const schema = JSON.parse(readFileSync(join(root, 'specs/schemas/result-record.schema.json'), 'utf8'));
  const validate = new Ajv().compile(schema);
  for (const [method, init, extra, stop] of [
    ['paper-newton', 'spline-torch', [], /^1 pass of stages D, U, Q, Q$/],
    ['paper-newton', 'spline', ['--max-iterations', '2'], /^2 passes of stages D, U, Q, Q$/],
    ['varpro', 'spline', ['--max-iterations', '3'], /./],
    ['varpro', 'random', ['--max-iterations', '3'], /./],
  ] as const) {
    const out = join(dir, `${method}-${init}.jsonl`);
    const r = run([
      'gqu',
      'relu2',
      '--target',
      '1/(1+cos(pi*x)^2)',
      '--widths',
      '6,10',
      '--method',
      method,
      '--init',
      init,
      '--data-size',
      '800',
      '--jobs',
      '1',
      '--out',
      out,
      ...extra,
    ]);
    t.equal(r.status, 0, r.stderr);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    t.equal(records.length, 4, `${method} from ${init}: one record per unit and width`);
    for (const record of records) {
      t.ok(validate(record), `${method} from ${init}: ${JSON.stringify(validate.errors ?? [])}`);
      t.equal(record.method, method);
      t.equal(record.init, init);
      t.ok(record.testRmse > 0 && Number.isFinite(record.testRmse), `test RMSE ${record.testRmse}`);
      if (record.unit === 'gqu') t.match(record.stopReason, stop);
    }
    const kinds = new Set(records.map((record) => record.diagnostics.kind));
    t.same([...kinds], [method === 'varpro' ? 'variable-projection' : 'paper-newton']);
  }
});

t.test('a sweep killed with SIGKILL and resumed ends with the same JSONL as an uninterrupted one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'measure-cli-'));
  const args = (out: string) => [
    'mlp',
    'glu',
    '--target',
    '1/(1+cos(pi*x)^2)',
    '--widths',
    '4:64:4',
    '--method',
    'lsq',
    '--data-size',
    '3000',
    '--jobs',
    '2',
    '--out',
    out,
  ];
  const killed = join(dir, 'killed.jsonl');
  const total = 2 * 16;
  const child = spawn('node', [bin, 'measure', ...args(killed)], { cwd: root, stdio: 'ignore' });
  let running = true;
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => {
      running = false;
      resolve(signal);
    }),
  );
  // Kill once a few records are on disk: mid-sweep, with runs in flight.
  while (running) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const lines = existsSync(killed) ? readFileSync(killed, 'utf8').split('\n').length - 1 : 0;
    if (lines >= 3) break;
  }
  child.kill('SIGKILL');
  t.equal(await exited, 'SIGKILL');
  const survivors = readFileSync(killed, 'utf8').split('\n').length - 1;
  t.ok(survivors >= 3 && survivors < total, `killed mid-run: ${survivors} of ${total} records on disk`);
  // As if the kill had also cut a line in half.
  appendFileSync(killed, '{"unit":"glu","target":"1/(1+cos(pi*');
  const resumed = spawnSync('node', [bin, 'measure', ...args(killed), '--resume'], { cwd: root, encoding: 'utf8' });
  t.equal(resumed.status, 0, resumed.stderr);
  t.equal(
    (resumed.stderr.match(/\(from --resume\)/g) ?? []).length,
    survivors,
    'the surviving records were reused, not rerun',
  );
  const whole = join(dir, 'whole.jsonl');
  const uninterrupted = spawnSync('node', [bin, 'measure', ...args(whole)], { cwd: root, encoding: 'utf8' });
  t.equal(uninterrupted.status, 0, uninterrupted.stderr);
  t.same(
    withoutTimings(readFileSync(killed, 'utf8')),
    withoutTimings(readFileSync(whole, 'utf8')),
    'record for record, timings aside',
  );
});
