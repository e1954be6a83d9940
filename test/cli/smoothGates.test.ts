import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Smooth gates (GeGLU, SwiGLU) through the CLI: lsq with frozen scaled gates, lm from that start,
// refusals that name a method that can run, and the report's "measured, no prediction" rows.
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
if (!existsSync(join(root, 'dist/cli-bundle/all.js')))
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
const target = '1/(1+cos(pi*x)^2)';

t.test(
  'lsq solves silu(g)*u and gelu(g)*u with frozen scaled gates; the record states rank and condition',
  async (t) => {
    const r = cli(
      'measure',
      'silu(g)*u',
      'geglu',
      '--target',
      target,
      '--widths',
      '8,16',
      '--method',
      'lsq',
      '--data-size',
      '2000',
      '--json',
    );
    t.equal(r.status, 0, r.stderr);
    const records = JSON.parse(r.stdout);
    t.equal(records.length, 4);
    for (const rec of records) {
      t.equal(rec.gateScale, 2, 'the default gate scale is recorded');
      t.equal(rec.diagnostics.solver, 'dense');
      t.equal(rec.diagnostics.columns, 2 * rec.n + 1, 'columns: D U, D u per neuron and d');
      t.equal(rec.diagnostics.rank, rec.diagnostics.columns, 'full column rank at gate scale 2');
      t.ok(
        rec.notes.some((n: string) => /condition estimate of the scaled design/.test(n)),
        'condition in the notes',
      );
      t.ok(rec.testRmse < 5e-3, `${rec.unit} n=${rec.n} test RMSE ${rec.testRmse}`);
    }
    const at = (unit: string, n: number) =>
      records.find((x: { unit: string; n: number }) => x.unit === unit && x.n === n);
    t.ok(at('silu(g)*u', 16).testRmse < at('silu(g)*u', 8).testRmse / 4, 'the error falls with n');
  },
);

t.test(
  'with G = +-1 (gate scale = knot spacing) silu is nearly linear: the design is numerically rank-deficient',
  async (t) => {
    const spacing = String(2.002 / 31);
    const r = cli(
      'measure',
      'swiglu',
      '--target',
      target,
      '--widths',
      '32',
      '--method',
      'lsq',
      '--data-size',
      '2000',
      '--gate-scale',
      spacing,
      '--json',
    );
    t.equal(r.status, 0, r.stderr);
    const [rec] = JSON.parse(r.stdout);
    t.ok(
      rec.diagnostics.rank <= 16 && rec.diagnostics.rank < rec.diagnostics.columns,
      `rank ${rec.diagnostics.rank} of ${rec.diagnostics.columns}`,
    );
    t.ok(rec.testRmse > 1e-3, 'and the fit stays poor');
  },
);

t.test('lm starts from the smooth-gate lsq solution and never gets worse', async (t) => {
  const r = cli(
    'measure',
    'silu(g)*u',
    '--target',
    target,
    '--widths',
    '6',
    '--method',
    'lm',
    '--max-iterations',
    '2',
    '--data-size',
    '400',
    '--json',
  );
  t.equal(r.status, 0, r.stderr);
  const [rec] = JSON.parse(r.stdout);
  t.match(rec.notes[0], /^start: the lsq solution \(train RMSE ([0-9.e+-]+)\)/);
  const start = Number(/train RMSE ([0-9.e+-]+)\)/.exec(rec.notes[0])?.[1]);
  t.ok(rec.trainRmse <= start, `lm ${rec.trainRmse} <= lsq ${start}`);
});

t.test('lm on gelu(g)*u improves on its lsq start, with every row piece compressed', async (t) => {
  const r = cli(
    'measure',
    'gelu(g)*u',
    '--target',
    target,
    '--widths',
    '12',
    '--method',
    'lm',
    '--max-iterations',
    '4',
    '--data-size',
    '3000',
    '--json',
  );
  t.equal(r.status, 0, r.stderr);
  const [rec] = JSON.parse(r.stdout);
  const start = Number(/train RMSE ([0-9.e+-]+)\)/.exec(rec.notes[0])?.[1]);
  t.ok(Number.isFinite(start), rec.notes[0]);
  t.ok(rec.trainRmse < start, `lm ${rec.trainRmse} < lsq ${start}: a step was accepted`);
  t.ok(rec.diagnostics.acceptedSteps >= 1, `${rec.diagnostics.acceptedSteps} accepted steps`);
  t.equal(rec.diagnostics.rawCells, 0, 'no piece kept its raw rows');
  t.ok(
    rec.diagnostics.largestRows < rec.diagnostics.points / 5,
    `${rec.diagnostics.largestRows} compressed rows for ${rec.diagnostics.points} points`,
  );
  t.ok(
    rec.diagnostics.worstProjectionDefect <= rec.diagnostics.projectionTolerance,
    `worst defect ${rec.diagnostics.worstProjectionDefect}`,
  );
});

t.test('refusals name a method or start that can run, never the one refused', async (t) => {
  const lm = cli('measure', 'silu(g)*u^2', '--target', target, '--widths', '4', '--method', 'lm');
  t.equal(lm.status, 2);
  t.match(
    lm.stderr,
    /lm cannot start from lsq \(--init lsq, its default\).*u appears to the power 2.*use --init spline\n$/,
  );
  t.notMatch(lm.stderr, /use --method lm/);
  const lsq = cli('measure', 'gelu(g)*u*q', '--target', target, '--widths', '4', '--method', 'lsq');
  t.equal(lsq.status, 2);
  t.match(lsq.stderr, /not linear in its non-gate parameters once the gates are frozen: it multiplies 2 affine maps/);
  const varpro = cli('measure', 'swiglu', '--target', target, '--widths', '4', '--method', 'varpro');
  t.equal(varpro.status, 2);
  t.match(varpro.stderr, /use --method lsq, lm or adam\n$/);
  const scale = cli('measure', 'swiglu', '--target', target, '--widths', '4', '--method', 'lsq', '--gate-scale', '-1');
  t.equal(scale.status, 2);
  t.match(scale.stderr, /--gate-scale must be a number in \(0, 1000\]/);
});

t.test('verify shows smooth gates beside the GLU with "measured, no prediction", outside the exit code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-smooth-'));
  const spec = join(dir, 'smooth.json');
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'smooth',
      units: ['glu', 'gelu(g)*u', 'silu(g)*u'],
      targets: ['sin(2*x)'],
      dataSize: 2000,
      methods: [{ name: 'lsq', widths: [8, 12, 16, 24, 32, 48, 64] }],
      baselines: [],
    }),
  );
  const r = cli('verify', spec, '--out', join(dir, 'out'));
  const markdown = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
  t.equal(r.status === 0 || r.status === 1, true, r.stderr);
  for (const unit of ['gelu(g)*u', 'silu(g)*u']) {
    const row = markdown.split('\n').find((line) => line.startsWith(`| ${unit} | none |`));
    t.ok(row, `${unit} has a summary row`);
    t.match(
      row,
      /-?\d+\.\d\d .*measured, no prediction \| measured, no prediction \|$/,
      `${unit}: slope and verdict text`,
    );
  }
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  const smooth = report.verdicts.filter((v: { unit: string }) => v.unit !== 'glu');
  t.equal(smooth.length, 2);
  for (const v of smooth) {
    t.equal(v.gating, false, 'no prediction, nothing to judge: not part of the exit code');
    t.equal(typeof v.measuredSlope, 'number', 'a measured slope');
  }
  t.notMatch(markdown, /Why it is open: null/);
});
