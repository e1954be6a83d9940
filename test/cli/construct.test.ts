// The construct verb through the real CLI (dist/, built by npm test or `npx tsc -p .`). Each spawn costs
// ~1.5 s of CPU, so bad input is sampled here (one case per kind of input); the messages of the
// construction itself are asserted in-process in test/construct.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { paramsFromJson } from '../../src/network/networkParams.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { uniformGrid, rootMeanSquareDifference } from '../../src/core/testGrid.js';

const BIN = new URL('../../bin/approx-order.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'construct', ...args], { encoding: 'utf8' });
const schema = JSON.parse(
  readFileSync(new URL('../../specs/schemas/network-params.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);

t.test('table output', async (t) => {
  const r = run('glu', '--target', 'sin(4*x)', '--widths', '8:16:8');
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /construct glu \(relu\(g\)\*u\) on sin\(4\*x\), domain \[-1, 1\]/);
  t.match(r.stdout, /predicted slope -3; leading term sqrt\(2\/945\) h\^3 RMS\(f\^\(3\)\)/);
  t.match(r.stdout, /test grid: 20001 uniform points/);
  t.match(
    r.stdout,
    /^\s+8\s+41\s+2\.5000e-1\s+\S+\s+-\s+\S+\s+\d\.\de[-+]\d+$/m,
    'row n = 8: P = 41, h = 0.25, no local order, rounding share',
  );
  t.match(r.stdout, /^\s+16\s+81\s+1\.2500e-1\s+\S+\s+-2\.\d{3}\s+\S+\s+\S+$/m, 'row n = 16: P = 81, a local order');
  t.match(r.stdout, /ratio rounding\/RMSE$/m, "the last column is the construction's own rounding error over its RMSE");
  t.match(
    r.stdout,
    /fitted slope over all widths: vs n -2\.98\d, vs P -3\.0\d{2}/,
    'two widths: the fit is the local order vs n',
  );
});

t.test('--json and --out: schema-valid parameters that the trainer can load', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'construct-'));
  const out = join(dir, 'nested', 'gqu.json');
  const r = run(
    'gqu',
    '--target',
    'exp(x)*cos(3*x)',
    '--domain',
    '0.5,2',
    '--widths',
    '8,16,32',
    '--json',
    '--out',
    out,
  );
  t.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  t.same(Object.keys(report), [
    'unit',
    'expression',
    'target',
    'domain',
    'testPoints',
    'construction',
    'rows',
    'slope',
  ]);
  t.equal(report.unit, 'gqu');
  t.same(report.domain, [0.5, 2]);
  t.same(
    report.rows.map((row: { n: number; params: number }) => [row.n, row.params]),
    [
      [8, 57],
      [16, 113],
      [32, 225],
    ],
  );
  t.equal(report.rows[0].localOrder, null);
  t.ok(report.rows[2].localOrder < -3.5, `local order 16 -> 32 = ${report.rows[2].localOrder}`);
  t.same(Object.keys(report.slope), ['vsN', 'vsP']);

  const records = JSON.parse(readFileSync(out, 'utf8'));
  t.ok(validate(records), `--out validates against network-params.schema.json ${JSON.stringify(validate.errors)}`);
  t.equal(records.length, 3, 'one record per width');
  const unit = parseUnit('gqu');
  const f = compileTarget('exp(x)*cos(3*x)', [0.5, 2]);
  const xs = uniformGrid([0.5, 2]);
  records.forEach((record: Record<string, unknown>, i: number) => {
    const params = paramsFromJson(unit, record);
    t.equal(params.n, report.rows[i].n);
    const rmse = rootMeanSquareDifference(evaluateNetwork(unit, params, xs), xs.map(f.value));
    t.equal(rmse, report.rows[i].rmse, `n = ${params.n}: the loaded parameters give the reported RMSE exactly`);
  });
  t.same(records[0].construction.headKnots, [0.5, -1], 'provenance: head knots a and a - (b - a)');
  t.notOk(validate({ ...records[0], d: [1] }), 'schema rejects a d that is not a number');
  t.notOk(validate({ ...records[0], G: 'x' }), 'schema rejects a map that is not an array');
  t.notOk(validate([]), 'schema rejects an empty array');
  t.ok(validate(records[0]), 'a single record is valid too');
});

t.test('bad input: one line on stderr, exit 2, no stack trace', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'construct-bad-'));
  const blocker = join(dir, 'file');
  writeFileSync(blocker, '');
  chmodSync(blocker, 0o444);
  const cases: [string[], string][] = [
    [['mlp', '--target', '1/x', '--widths', '8'], 'target "1/x" is not finite on [-1, 1]: f(0) = Infinity'],
    [['mlp', '--target', 'sin(x)', '--widths', '8', '--domain', '1,0'], 'domain "1,0" is empty; expected a < b'],
    [
      ['relu3', '--target', 'sin(x)', '--widths', '2,8'],
      'width 2 is too small for the relu3 construction: it needs at least 3 neurons',
    ],
    [
      ['swiglu', '--target', 'sin(x)', '--widths', '8'],
      'no construction for swiglu: its gate silu is not piecewise polynomial, so it spans no spline space; constructions exist for relu-gated units whose best increment family gives degree 1 C0, degree 2 C0, degree 2 C1, degree 3 C1, degree 3 C2, degree 4 to 12 (any continuity) splines',
    ],
    [['mlp', '--widths', '8'], "required option '--target <expr>' not specified"],
    [
      ['mlp', '--target', 'sin(x)', '--widths', '8', '--out', join(blocker, 'p.json')],
      `cannot create output directory "${blocker}" ("${blocker}" is not a directory)`,
    ],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    t.equal(r.status, 2, `${args.join(' ')}: exit 2`);
    t.equal(r.stderr, `approx-order: ${message}\n`, `${args.join(' ')}: one line naming the problem`);
    t.equal(r.stdout, '', 'nothing on stdout');
  }
});
