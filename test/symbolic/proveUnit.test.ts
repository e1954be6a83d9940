import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseUnit } from '../../src/core/unitForm.js';
import { CheckFailedError } from '../../src/core/errors.js';
import { proveUnit } from '../../src/symbolic/proveUnit.js';
import { deriveCell } from '../../src/symbolic/cellDerivation.js';
import { deriveLemma } from '../../src/symbolic/cellLemmas.js';
import type { CellConditionConstruction } from '../../src/symbolic/constructions.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';

const prove = (name: string) => proveUnit(analysedUnit(parseUnit(name)));

// Independent reference: sympy, see test/fixtures/rmse-constants.py (how it was obtained is in its docstring).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/rmse-constants.json', import.meta.url), 'utf8')) as {
  paper: Record<string, { exact: string; value: number }>;
  constants: Record<string, { order: number; squared: string; value: number }>;
};
// float64 agreement: the two sides compute sqrt differently (1/sqrt(q) vs sqrt(1/q)): allow 4 ulp relative.
const ULP4 = 4 * Number.EPSILON;
const close = (a: number, b: number) => Math.abs(a - b) <= ULP4 * Math.abs(b);

t.test("MLP and GLU: the paper's exact constants", async (t) => {
  const mlp = prove('mlp');
  t.equal(mlp.rmseConstant.exact, '1/sqrt(120)');
  t.equal(mlp.rmseConstant.squared, '1/120');
  t.ok(close(mlp.rmseConstant.value, 1 / Math.sqrt(120)), `${mlp.rmseConstant.value}`);
  t.equal(mlp.rmseConstant.value.toFixed(10), '0.0912870929');
  t.equal(mlp.order, 2);
  t.equal(mlp.derivativeOrder, 2);
  const glu = prove('glu');
  t.equal(glu.rmseConstant.exact, 'sqrt(2/945)');
  t.equal(glu.rmseConstant.value.toFixed(7), '0.0460044');
  t.ok(close(glu.rmseConstant.value, 1 / Math.sqrt(945 / 2)), 'sqrt(2/945) = 1/sqrt(945/2)');
  t.equal(glu.order, 3);
  // the paper's residual shape: tau = (f3/6)(x^3 - h^2 x)
  t.equal(glu.leadingResidual, '(-1/6)*f3*h^2*x+(1/6)*f3*x^3');
});

t.test('all five constants agree with the sympy fixture', async (t) => {
  t.ok(close(fixture.paper.mlp.value, prove('mlp').rmseConstant.value));
  t.ok(close(fixture.paper.glu.value, prove('glu').rmseConstant.value));
  for (const [name, expected] of Object.entries(fixture.constants)) {
    const proof = prove(name);
    t.equal(proof.rmseConstant.squared, expected.squared, `${name}: C^2`);
    t.equal(proof.order, expected.order, `${name}: order`);
    t.ok(
      close(proof.rmseConstant.value, expected.value),
      `${name}: ${proof.rmseConstant.value} vs ${expected.value} (4 ulp)`,
    );
  }
});

t.test('higher-order constructions: constants and residual shapes', async (t) => {
  const relu2 = prove('relu2');
  t.equal(relu2.rmseConstant.exact, '1/sqrt(30240)');
  t.equal(relu2.construction.degree, 2);
  t.equal(relu2.construction.continuity, 1);
  t.match(relu2.markdown, /f_\{3\}\\, \\tfrac\{1\}\{12\}\\,x\\,\(2x - h\)\\,\(x - h\)/);
  const gqu = prove('gqu');
  t.equal(gqu.rmseConstant.exact, '1/sqrt(362880)');
  t.equal(gqu.derivativeOrder, 4);
  t.match(gqu.markdown, /\\tfrac\{1\}\{24\}\\,x\^\{2\}\\,\(x - h\)\^\{2\}/);
  t.match(gqu.markdown, /Without the specialisation the increment set is not a linear space/);
  t.match(gqu.markdown, /\\mathrm\{relu\}\(z\)\\,z = \\mathrm\{relu\}\(z\)\^2/);
  t.match(gqu.markdown, /\$U = G\$, \$u = g\$/);
  t.match(gqu.markdown, /Head \(first cell\)/);
  const relu3 = prove('relu3');
  t.equal(relu3.rmseConstant.exact, '1/sqrt(362880)');
  t.equal(relu3.construction.continuity, 2);
  // a written form whose best space is (3, 1) gets the Hermite construction
  const written = prove('relu(g)^2*u');
  t.equal(written.construction.title, 'C1 cubic Hermite spline');
  t.equal(written.rmseConstant.exact, '1/sqrt(362880)');
});

t.test('lemmas: smooth modes have O(h^4) defects', async (t) => {
  const slope = deriveLemma('slopeRecurrence');
  t.equal(slope.defectOrder, 4);
  t.equal(slope.defectOrders[4], '(1/60)*f5');
  const moments = deriveLemma('momentEquations');
  t.equal(moments.defectOrder, 4);
  t.equal(moments.defectOrders[4], '(-1/60)*f6');
});

t.test('a wrong construction is caught by the order check', async (t) => {
  // value at the right knot set to f(h) - h^2 f''(h)/12: leaves an h^2 error in a quadratic construction
  const wrong: CellConditionConstruction = {
    kind: 'cellConditions',
    degree: 2,
    continuity: 0,
    title: 'wrong',
    description: 'wrong',
    summary: 'wrong',
    lemma: null,
    headNeurons: 1,
    minimumCells: 1,
    build: () => {
      throw new Error('not built');
    },
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: '' },
      { derivative: 2, at: 0, smoothMode: false, reason: '' },
      { derivative: 0, at: 1, smoothMode: true, reason: '' },
    ],
  };
  let err: unknown;
  try {
    deriveCell(wrong);
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof CheckFailedError, 'CheckFailedError');
  t.equal((err as CheckFailedError).step, 'lower orders cancel');
  t.match((err as Error).message, /nonzero h\^2 part/);
});

t.test('no construction: smooth gates only', async (t) => {
  t.match(
    analysedUnit(parseUnit('swiglu')).noConstruction ?? '',
    /^no construction for swiglu: its gate silu is not piecewise polynomial/,
  );
  t.equal(analysedUnit(parseUnit('relu(g)^4')).noConstruction, null, 'degree 4 has the quasi-interpolant');
  t.throws(
    () => prove('swiglu'),
    /^proveUnit: no construction for swiglu/,
    'the prover refuses what the boundary should have refused',
  );
});
