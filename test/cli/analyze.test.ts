// `approx-order analyze` through the real CLI (dist/ built by `npm test`).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/approx-order.js', ...args], { cwd: ROOT, encoding: 'utf8' });
const schema = JSON.parse(readFileSync(new URL('../../specs/schemas/analysis.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

t.test('analyze --json: several units, schema-valid, the predicted slopes', async (t) => {
  const r = run('analyze', 'mlp', 'glu', 'gqu', 'relu2', 'relu3', 'swiglu', 'relu(g)^2*u', '--json');
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.ok(validate(out), JSON.stringify(validate.errors));
  const slopes = Object.fromEntries(
    out.map((a: { unit: string; predictedSlope: number | null }) => [a.unit, a.predictedSlope]),
  );
  t.same(slopes, { mlp: -2, glu: -3, gqu: -4, relu2: -3, relu3: -4, swiglu: null, 'relu(g)^2*u': -4 });
  const gqu = out.find((a: { unit: string }) => a.unit === 'gqu');
  t.equal(gqu.incrementIsLinearSpace, false);
  t.same(gqu.specialisation.ties, ['U = G', 'u = g']);
  t.same(
    out.map((a: { paramCount: { oneD: string } }) => a.paramCount.oneD),
    ['3n+1', '5n+1', '7n+1', '3n+1', '3n+1', '5n+1', '5n+1'],
  );
});

t.test('analyze glu --dim 2 --json: slope -1.5', async (t) => {
  const r = run('analyze', 'glu', '--dim', '2', '--json');
  t.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  t.ok(validate(a), JSON.stringify(validate.errors));
  t.equal(a.predictedSlope, -1.5);
  t.equal(a.dim, 2);
});

t.test('analyze swiglu (text): no prediction, exit 0', async (t) => {
  const r = run('analyze', 'swiglu');
  t.equal(r.status, 0);
  t.equal(r.stderr, '');
  t.match(r.stdout, /^order\s+no prediction: gate is not piecewise polynomial$/m);
});

t.test('analyze gqu (text): the table says not linear and gives the tie', async (t) => {
  const r = run('analyze', 'gqu', 'mlp');
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^gqu\s+relu\(g\)\*u\*q\s+3\s+1\s+no\s+4\s+-4\s+7n\+1$/m);
  t.match(r.stdout, /^increments\s+D\*\(G\*x \+ g\)\^2\*\(Q\*x \+ q\)\s+with U = G, u = g$/m);
  t.match(r.stdout, /^linear space\s+no: the increment set is not a linear space$/m);
});
