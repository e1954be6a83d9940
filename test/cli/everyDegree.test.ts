// Every unit the analysis gives an order gets a proof and a construction, up to the degree cap:
// `prove` and `construct` through the real CLI over a list that covers every spline space (m, r) the
// analysis can produce for m <= 12. The analysis forms r + 1 = the power of (x - t) and m = r + 1
// or r + 2 (one free factor of power 1: symbolic/incrementFamily), so for each m the spaces are
// (m, m - 1) and, for m >= 2, (m, m - 2); the first test checks that this list is what it produces.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ACTIVE_DEGREE, parseUnit } from '../../src/core/unitForm.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';

const BIN = new URL('../../bin/approx-order.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

const UNITS = [
  'mlp',
  'glu',
  'relu2',
  'gqu',
  'relu3',
  ...Array.from({ length: MAX_ACTIVE_DEGREE - 3 }, (_, i) => `relu(g)^${i + 4}`),
  ...Array.from({ length: MAX_ACTIVE_DEGREE - 3 }, (_, i) => `relu(g)^${i + 3}*u`),
];
const fixture = JSON.parse(readFileSync(new URL('../fixtures/rmse-constants.json', import.meta.url), 'utf8')) as {
  constants: Record<string, { squared: string }>;
  quasiInterpolant: Record<string, { squared: string }>;
};

t.test('the list covers every (m, r) the analysis produces up to the degree cap', async (t) => {
  const spaces = UNITS.map((u) => {
    const p = analysedUnit(parseUnit(u)).prediction;
    return `${p?.degree},${p?.continuity}`;
  });
  const expected = ['1,0'];
  for (let m = 2; m <= MAX_ACTIVE_DEGREE; m++) expected.push(`${m},${m - 1}`, `${m},${m - 2}`);
  t.same([...spaces].sort(), [...expected].sort(), 'one unit per space');
  // written forms of several factors land in the same spaces
  for (const [u, space] of [
    ['relu(g)*u*q*w', '4,2'],
    ['relu(g)*u^2*q', '4,2'],
    ['relu(g)^2*u*q', '4,2'],
    ['relu(g)^6*u^6', '12,11'],
    ['relu(g)*u^11', '12,11'],
  ]) {
    const p = analysedUnit(parseUnit(u)).prediction;
    t.equal(`${p?.degree},${p?.continuity}`, space, u);
  }
});

t.test('prove: every unit, order m + 1, the constant of its construction', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'approx-order-every-degree-'));
  const r = run('prove', ...UNITS, '--out', out, '--json');
  t.equal(r.status, 0, r.stderr);
  t.equal(readdirSync(out).length, UNITS.length, 'one proof file per unit');
  const records = JSON.parse(r.stdout) as Array<{ unit: string; order: number; rmseConstant: { squared: string } }>;
  for (const record of records) {
    const m = analysedUnit(parseUnit(record.unit)).prediction?.degree ?? 0;
    t.equal(record.order, m + 1, `${record.unit}: order ${m + 1}`);
    const expected = m >= 4 ? fixture.quasiInterpolant[String(m)].squared : fixture.constants[record.unit].squared;
    t.equal(record.rmseConstant.squared, expected, `${record.unit}: C^2 = ${expected} (sympy fixture)`);
  }
});

t.test('construct: every unit, in one process, at the smallest widths the degree-12 units allow', async (t) => {
  // one spawn for all units (23 spawns cost ~170 s of CI); 39 is relu(g)^12's minimum width
  const widths = [39, 43];
  t.ok(
    UNITS.every((u) => (analysedUnit(parseUnit(u)).minimumWidth ?? 0) <= widths[0]),
    'every unit can be built at these widths',
  );
  const r = run(
    'construct',
    ...UNITS,
    '--target',
    'exp(x)*cos(3*x)',
    '--domain',
    '0.5,2',
    '--widths',
    widths.join(','),
    '--json',
  );
  t.equal(r.status, 0, r.stderr);
  const reports = JSON.parse(r.stdout) as Array<{
    unit: string;
    rows: Array<{ n: number; rmse: number; roundingError: number }>;
  }>;
  t.equal(reports.length, UNITS.length, 'one report per unit');
  for (const report of reports) {
    const unit = report.unit;
    t.same(
      report.rows.map((row) => row.n),
      widths,
      `${unit}: rows at n = ${widths.join(', ')}`,
    );
    const [small, large] = report.rows;
    t.ok(
      report.rows.every((row) => Number.isFinite(row.rmse) && row.rmse > 0 && row.roundingError >= 0),
      `${unit}: finite RMSE ${report.rows.map((row) => row.rmse.toExponential(1)).join(', ')}`,
    );
    // four more neurons on this smooth target: the error falls, unless it already sits at the float64
    // floor (the degree-11 and 12 units: RMSE 3.7e-14, all of it the network's own rounding)
    t.ok(
      large.rmse < small.rmse || large.roundingError > 0.5 * large.rmse,
      `${unit}: RMSE falls from n = ${small.n} to ${large.n}, or is rounding (${large.roundingError.toExponential(1)})`,
    );
  }
  const tooSmall = run('construct', 'relu(g)^12', '--target', 'sin(x)', '--widths', '38');
  t.equal(tooSmall.status, 2);
  t.equal(
    tooSmall.stderr,
    'approx-order: width 38 is too small for the relu(g)^12 construction: it needs at least 39 neurons\n',
  );
});
