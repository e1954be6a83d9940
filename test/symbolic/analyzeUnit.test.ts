import t from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseUnit, BUILTIN_UNITS } from '../../src/core/unitForm.js';
import { analyzeUnit, NO_PREDICTION_NOTE } from '../../src/symbolic/analyzeUnit.js';
import { parameterCount } from '../../src/network/networkParams.js';

const schema = JSON.parse(readFileSync(new URL('../../specs/schemas/analysis.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

t.test(
  'predicted slopes of the built-in relu units (table of arXiv 2602.14495 and standard spline theory)',
  async (t) => {
    const expected: Record<string, [number, number, number]> = {
      // [degree m, continuity r, slope]
      mlp: [1, 0, -2],
      glu: [2, 0, -3],
      relu2: [2, 1, -3],
      gqu: [3, 1, -4],
      relu3: [3, 2, -4],
    };
    for (const [name, [m, r, slope]] of Object.entries(expected)) {
      const a = analyzeUnit(parseUnit(name));
      t.equal(a.degree, m, `${name}: m`);
      t.equal(a.continuity, r, `${name}: r`);
      t.equal(a.predictedOrder, m + 1, `${name}: order`);
      t.equal(a.predictedSlope, slope, `${name}: slope`);
    }
  },
);

t.test('GLU active side, expanded with coefficients in the parameters', async (t) => {
  const a = analyzeUnit(parseUnit('glu'));
  t.same(a.activeSide?.coefficients, [
    { power: 2, coefficient: 'D*G*U' },
    { power: 1, coefficient: 'D*U*g + D*G*u' },
    { power: 0, coefficient: 'D*g*u' },
  ]);
  t.equal(a.activeSide?.polynomial, 'D*G*U*x^2 + (D*U*g + D*G*u)*x + D*g*u');
  t.equal(a.incrementIsLinearSpace, true);
});

t.test('GQU: not a linear space, the tie U = G reaches order 4', async (t) => {
  const a = analyzeUnit(parseUnit('gqu'));
  t.equal(a.incrementIsLinearSpace, false);
  t.match(a.nonLinearWitness, /x\^2 \+ 1, which has a non-real root/);
  t.same(a.specialisation?.ties, ['U = G', 'u = g']);
  t.equal(a.specialisation?.increment, 'D*(G*x + g)^2*(Q*x + q)');
  t.match(a.notes.join('\n'), /the increment set is not a linear space/);
  t.match(a.notes.join('\n'), /tie U = G, u = g \(relu\(z\)\*z = relu\(z\)\^2\)/);
  t.equal(a.predictedSlope, -4);
  t.equal(a.activeSide?.coefficients[0].coefficient, 'D*G*Q*U');
});

t.test('dimension and smooth gates', async (t) => {
  t.equal(analyzeUnit(parseUnit('glu'), 2).predictedSlope, -1.5);
  t.equal(analyzeUnit(parseUnit('mlp'), 4).predictedSlope, -0.5);
  t.equal(analyzeUnit(parseUnit('glu'), 2).paramCount.atDim, '7n+1');
  for (const name of ['swiglu', 'geglu', 'sigmoid(g)*u', 'tanh(g)']) {
    const a = analyzeUnit(parseUnit(name));
    t.equal(a.predictedSlope, null, `${name}: no slope`);
    t.equal(a.degree, null);
    t.match(a.notes[0], NO_PREDICTION_NOTE);
  }
});

t.test('written forms that are not built in', async (t) => {
  const a = analyzeUnit(parseUnit('relu(g)^2*u'));
  t.equal(a.degree, 3);
  t.equal(a.continuity, 1);
  t.equal(a.predictedSlope, -4);
  t.equal(a.incrementIsLinearSpace, true);
  // u^2 free cannot reach every quadratic; tying u to g gives relu(g)^3
  const b = analyzeUnit(parseUnit('relu(g)*u^2'));
  t.equal(b.incrementIsLinearSpace, false);
  t.same(b.specialisation?.ties, ['U = G', 'u = g']);
  t.equal(b.predictedSlope, -4);
  // letters the CAS would read as constants (e, i) are still plain maps
  const c = analyzeUnit(parseUnit('relu(e)*i'));
  t.equal(c.activeSide?.polynomial, 'D*E*I*x^2 + (D*I*e + D*E*i)*x + D*e*i');
  t.equal(analyzeUnit(parseUnit('relu(g)^4')).predictedSlope, -5);
});

t.test('parameter counts: formula, 1-D value, and agreement with the network layout', async (t) => {
  t.equal(analyzeUnit(parseUnit('mlp')).paramCount.formula, '(dx + dy + 1)n + dy');
  t.equal(analyzeUnit(parseUnit('glu')).paramCount.formula, '(2dx + dy + 2)n + dy');
  t.equal(analyzeUnit(parseUnit('gqu')).paramCount.formula, '(3dx + dy + 3)n + dy');
  t.same(
    ['mlp', 'glu', 'gqu'].map((u) => analyzeUnit(parseUnit(u)).paramCount.oneD),
    ['3n+1', '5n+1', '7n+1'],
  );
  for (const name of [...Object.keys(BUILTIN_UNITS), 'relu(g)^2*u', 'relu(g)*u*q*v']) {
    const unit = parseUnit(name);
    const { perNeuron, fixed } = analyzeUnit(unit).paramCount;
    for (const n of [1, 7]) t.equal(perNeuron * n + fixed, parameterCount(unit, n), `${name}, n = ${n}`);
  }
});

t.test('JSON output validates against specs/schemas/analysis.schema.json', async (t) => {
  const all = [...Object.keys(BUILTIN_UNITS), 'relu(g)^2*u', 'relu(g)^3*u'].map((u) => analyzeUnit(parseUnit(u), 3));
  for (const a of all) t.ok(validate(JSON.parse(JSON.stringify(a))), `${a.unit}: ${JSON.stringify(validate.errors)}`);
  t.ok(validate(JSON.parse(JSON.stringify(all))), 'an array of analyses');
  // the schema has teeth: a missing field, a positive slope, a wrong count
  const broken = JSON.parse(JSON.stringify(all[0]));
  delete broken.predictedSlope;
  t.notOk(validate(broken), 'missing predictedSlope is rejected');
  t.notOk(validate({ ...all[0], predictedSlope: 2 }), 'a positive slope is rejected');
  t.notOk(
    validate({ ...all[0], paramCount: { formula: '3n+1', oneD: '3n+1' } }),
    'a formula without dx, dy is rejected',
  );
});
