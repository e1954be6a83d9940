import t from 'tap';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { networkJacobian } from '../../src/network/networkJacobian.js';
import { flattenParams, unflattenParams } from '../../src/network/networkParams.js';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { rootMeanSquareDifference } from '../../src/core/testGrid.js';
import { trainingData } from '../../src/train/trainingData.js';
import { fitFrozenGateLeastSquares } from '../../src/train/frozenGateLeastSquares.js';
import { levenbergMarquardt } from '../../src/train/levenbergMarquardt.js';
import { compressRowsByCell } from '../../src/train/cellwiseRowCompression.js';
import { splineInitialParams } from '../../src/train/initialParams.js';

const domain = [-1, 1] as const;

t.test('row compression cell by cell gives the same damped step as the full Jacobian', async (t) => {
  const unit = parseUnit('gqu');
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 1500, 0);
  const order = Array.from(data.xTrain.keys()).sort((p, q) => data.xTrain[p] - data.xTrain[q]);
  const xs = Float64Array.from(order, (k) => data.xTrain[k]);
  const ys = Float64Array.from(order, (k) => data.yTrain[k]);
  const n = 10;
  const p = fitFrozenGateLeastSquares(analysedUnit(unit), splineInitialGates(n, domain), xs, ys, domain).params;
  // Move off the tie so every column is generic.
  const rng = seededRandom(5);
  for (const map of ['g', 'u', 'q'])
    for (const a of [p.maps[map].weight, p.maps[map].bias]) a.forEach((v, i) => (a[i] = v + 0.01 * rng.normal()));
  const N = xs.length;
  const J = networkJacobian(unit, p, xs);
  const P = flattenParams(unit, p).length;
  const r = evaluateNetwork(unit, p, xs).map((v, i) => v - ys[i]);
  const knots = Array.from(p.maps.g.bias, (g, i) => -g / p.maps.g.weight[i]).sort((a, b) => a - b);
  const reduced = compressRowsByCell(J, N, P, r, xs, knots, 3);
  t.equal(reduced.rawCells, 0, 'every cell compressed');
  t.ok(reduced.rows <= 4 * (n + 1), `${reduced.rows} rows for ${N} points`);
  const damped = (A: Float64Array, M: number, rhs: Float64Array): Float64Array => {
    const aug = new Float64Array((M + P) * P);
    const b = new Float64Array(M + P);
    for (let j = 0; j < P; j++) {
      aug.set(A.subarray(j * M, (j + 1) * M), j * (M + P));
      aug[M + j + j * (M + P)] = 1e-2;
    }
    for (let i = 0; i < M; i++) b[i] = -rhs[i];
    return solveLeastSquares(aug, M + P, P, b).x;
  };
  const full = damped(J, N, r);
  const compressed = damped(reduced.matrix, reduced.rows, reduced.rhs);
  const scale = Math.max(...full.map(Math.abs));
  const diff = Math.max(...full.map((v, j) => Math.abs(v - compressed[j])));
  t.ok(
    diff <= 1e-9 * scale,
    `max |step difference| ${diff.toExponential(2)} vs max |step| ${scale.toExponential(2)} (tolerance 1e-9 relative)`,
  );
});

t.test('LM recovers a network that reproduces its data exactly, gates included', async (t) => {
  const unit = parseUnit('glu');
  const xs = trainingData(compileTarget('x', domain), domain, 400, 2).xTrain;
  const truth = splineInitialParams(unit, 5, domain, 7);
  const ys = evaluateNetwork(unit, truth, xs);
  const theta = flattenParams(unit, truth);
  const rng = seededRandom(11);
  const start = unflattenParams(
    unit,
    5,
    theta.map((v) => v + 1e-3 * rng.normal()),
  );
  const fit = levenbergMarquardt(unit, start, xs, ys, { maxIterations: 60 });
  const rmse = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, xs), ys);
  t.ok(
    rmse < 1e-12,
    `train RMSE ${rmse.toExponential(2)} after ${fit.iterations} iterations (${fit.stopReason}); tolerance 1e-12`,
  );
  t.not(fit.stopReason, 'max iterations');
});

t.test('lm from the lsq solution never ends with a higher train RMSE, and improves the GQU', async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 2000, 0);
  for (const [name, n] of [
    ['mlp', 9],
    ['glu', 8],
    ['gqu', 8],
  ] as const) {
    const unit = parseUnit(name);
    const lsq = fitFrozenGateLeastSquares(
      analysedUnit(unit),
      splineInitialGates(n, domain),
      data.xTrain,
      data.yTrain,
      domain,
    );
    const before = rootMeanSquareDifference(evaluateNetwork(unit, lsq.params, data.xTrain), data.yTrain);
    const lm = levenbergMarquardt(unit, lsq.params, data.xTrain, data.yTrain, { maxIterations: 8 });
    const after = rootMeanSquareDifference(evaluateNetwork(unit, lm.params, data.xTrain), data.yTrain);
    t.ok(after <= before, `${name} n=${n}: lm ${after.toExponential(4)} <= lsq ${before.toExponential(4)}`);
    if (name === 'gqu')
      t.ok(
        after < 0.99 * before,
        `gqu: releasing the tie and the gates helps (${after.toExponential(4)} < 0.99 x ${before.toExponential(4)})`,
      );
  }
});

t.test('LM stop reasons: max iterations is reported as such', async (t) => {
  const unit = parseUnit('mlp');
  const data = trainingData(compileTarget('sin(3*x)', domain), domain, 300, 0);
  const fit = levenbergMarquardt(unit, splineInitialParams(unit, 6, domain, 0), data.xTrain, data.yTrain, {
    maxIterations: 2,
  });
  t.equal(fit.iterations, 2);
  t.equal(fit.stopReason, 'max iterations');
});
