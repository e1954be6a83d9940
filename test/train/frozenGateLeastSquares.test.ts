import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { rootMeanSquareDifference } from '../../src/core/testGrid.js';
import { trainingData } from '../../src/train/trainingData.js';
import { fitFrozenGateLeastSquares } from '../../src/train/frozenGateLeastSquares.js';
import { analysedUnit, frozenGateRefusal, type FrozenGateFamily } from '../../src/symbolic/analysedUnit.js';

/** The unit's frozen-gate family (relu units have one). */
const frozenGateFamily = (unit: ReturnType<typeof parseUnit>): FrozenGateFamily =>
  analysedUnit(unit).frozenGate as FrozenGateFamily;
import { frozenGateDesign } from '../../src/train/frozenGateDesign.js';

interface ReferenceRow {
  unit: string;
  n: number;
  trainRmse: number;
  testRmse: number;
  rank: number;
  columns: number;
}
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/runge-lsq-reference.json', import.meta.url), 'utf8'),
) as {
  target: string;
  data: number;
  seed: number;
  trainingPointSum: number;
  rows: ReferenceRow[];
};
const domain = [-1, 1] as const;

t.test('Runge target, N = 2000: lsq matches the independent numpy lstsq reference at every width', async (t) => {
  const target = compileTarget(reference.target, domain);
  const data = trainingData(target, domain, reference.data, reference.seed);
  const sum = data.xTrain.reduce((s, x) => s + x, 0);
  // Same generator re-implemented in Python: the same 2000 points, summed in a different order.
  t.ok(
    Math.abs(sum - reference.trainingPointSum) < 1e-11,
    `training points agree: sum ${sum} vs ${reference.trainingPointSum}`,
  );
  for (const row of reference.rows) {
    const unit = parseUnit(row.unit);
    const fit = fitFrozenGateLeastSquares(
      analysedUnit(unit),
      splineInitialGates(row.n, domain),
      data.xTrain,
      data.yTrain,
      domain,
    );
    const test = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, data.xTest), data.yTest);
    const relative = Math.abs(test / row.testRmse - 1);
    // The issue asks for 2%; both sides are the same float64 least-squares optimum, so they agree far closer.
    t.ok(
      relative < 1e-9,
      `${row.unit} n=${row.n}: test RMSE ${test} vs numpy ${row.testRmse} (relative ${relative.toExponential(2)}, tolerance 1e-9; issue bound 2%)`,
    );
    const d = fit.diagnostics.kind === 'linear-solve' ? fit.diagnostics : null;
    t.same(
      [d?.rank, d?.columns],
      [row.rank, row.columns],
      `${row.unit} n=${row.n}: rank ${row.rank} of ${row.columns} as numpy found`,
    );
    if (row.rank < row.columns)
      t.match(fit.notes.join(' '), new RegExp(`rank ${row.rank} of ${row.columns}`), 'and the notes say so');
  }
});

t.test('the lsq optimum is first-order optimal: A^T r = 0 relative to |A_j| |r|', async (t) => {
  const target = compileTarget('sin(4*x)', domain);
  const data = trainingData(target, domain, 500, 3);
  for (const name of ['mlp', 'glu', 'gqu', 'relu3']) {
    const unit = parseUnit(name);
    const gates = splineInitialGates(9, domain);
    const fit = fitFrozenGateLeastSquares(analysedUnit(unit), gates, data.xTrain, data.yTrain, domain);
    const r = evaluateNetwork(unit, fit.params, data.xTrain).map((v, i) => data.yTrain[i] - v);
    const A = frozenGateDesign(data.xTrain, gates, frozenGateFamily(unit), domain);
    const rNorm = Math.hypot(...r);
    let worst = 0;
    for (let j = 0; j < A.cols; j++) {
      const column = A.matrix.subarray(j * A.rows, (j + 1) * A.rows);
      const norm = Math.hypot(...column);
      if (norm === 0) continue;
      worst = Math.max(worst, Math.abs(column.reduce((s, v, i) => s + v * r[i], 0)) / (norm * rNorm));
    }
    t.ok(worst < 1e-10, `${name}: max cosine(A_j, r) = ${worst.toExponential(2)} (tolerance 1e-10)`);
  }
});

t.test('GQU lsq uses the tie U = G, u = g and says so', async (t) => {
  const unit = parseUnit('gqu');
  const target = compileTarget('exp(x)', domain);
  const data = trainingData(target, domain, 400, 0);
  const gates = splineInitialGates(6, domain);
  const fit = fitFrozenGateLeastSquares(analysedUnit(unit), gates, data.xTrain, data.yTrain, domain);
  t.same(Array.from(fit.params.maps.u.weight), Array.from(gates.G));
  t.same(Array.from(fit.params.maps.u.bias), Array.from(gates.g));
  t.same(Array.from(fit.params.D), [1, 1, 1, 1, 1, 1]);
  t.same(fit.diagnostics.kind === 'linear-solve' ? fit.diagnostics.ties : null, ['U = G', 'u = g']);
  t.match(fit.notes.join(' '), /tie used: U = G, u = g/);
  t.equal(fit.stopReason, 'exact solve');
});

t.test('the alternating spline start makes MLP problems rank-deficient, and the notes say so', async (t) => {
  const unit = parseUnit('mlp');
  const target = compileTarget('exp(x)', domain);
  const data = trainingData(target, domain, 300, 0);
  // Even n: both edge neurons are linear on the domain, together with d a rank-2 set of 3 columns.
  const even = fitFrozenGateLeastSquares(
    analysedUnit(unit),
    splineInitialGates(8, domain),
    data.xTrain,
    data.yTrain,
    domain,
  );
  const rankOf = (fit: typeof even) =>
    fit.diagnostics.kind === 'linear-solve' ? [fit.diagnostics.rank, fit.diagnostics.columns] : null;
  t.same(rankOf(even), [8, 9], 'even n: rank 8 of 9');
  t.match(even.notes[1], /^rank-deficient design: (numerical )?rank 8 of 9/);
  // Odd n: the last neuron faces right from beyond b, dead on the domain.
  const odd = fitFrozenGateLeastSquares(
    analysedUnit(unit),
    splineInitialGates(7, domain),
    data.xTrain,
    data.yTrain,
    domain,
  );
  t.same(rankOf(odd), [7, 8], 'odd n: rank 7 of 8');
  t.match(odd.notes[1], /^rank-deficient design: (numerical )?rank 7 of 8/);
});

t.test(
  'a smooth gate has no relu frozen-gate family, but lsq runs on its own when the unit is linear once frozen',
  async (t) => {
    t.equal(analysedUnit(parseUnit('swiglu')).frozenGate, null);
    t.equal(analysedUnit(parseUnit('swiglu')).smoothFrozenGate?.freeMap, 'u');
    t.equal(frozenGateRefusal(analysedUnit(parseUnit('swiglu'))), null);
    t.equal(
      frozenGateRefusal(analysedUnit(parseUnit('silu(g)*u^2'))),
      'method lsq freezes the gates and solves for the rest, but unit silu(g)*u^2 (silu gate) is not linear in its non-gate parameters once the gates are frozen: its map u appears to the power 2, not linear in U and u',
    );
  },
);

t.test('an off-centre domain gives the same fit as the same problem shifted to [-1, 1]', async (t) => {
  // On [10, 12] the columns relu(z) and relu(z) x would be nearly collinear; w = x - 11 keeps them apart.
  const shifted = [10, 12] as const;
  const target = compileTarget('sin(4*x)', shifted);
  const data = trainingData(target, shifted, 600, 1);
  const unit = parseUnit('glu');
  const fit = fitFrozenGateLeastSquares(
    analysedUnit(unit),
    splineInitialGates(10, shifted),
    data.xTrain,
    data.yTrain,
    shifted,
  );
  const centred = compileTarget('sin(4*(x+11))', domain);
  const dataCentred = trainingData(centred, domain, 600, 1);
  const fitCentred = fitFrozenGateLeastSquares(
    analysedUnit(unit),
    splineInitialGates(10, domain),
    dataCentred.xTrain,
    dataCentred.yTrain,
    domain,
  );
  const a = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, data.xTest), data.yTest);
  const b = rootMeanSquareDifference(evaluateNetwork(unit, fitCentred.params, dataCentred.xTest), dataCentred.yTest);
  // Same points up to the shift by 11 (rounding of x + 11 only), so the same RMSE to ~1e-12 relative.
  t.ok(Math.abs(a / b - 1) < 1e-8, `test RMSE on [10,12] ${a} vs shifted to [-1,1] ${b}`);
});
