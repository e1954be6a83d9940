import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { networkJacobian } from '../../src/network/networkJacobian.js';
import { flattenParams, parameterLayout, unflattenParams } from '../../src/network/networkParams.js';
import { neuronShape } from '../../src/network/neuronPolynomials.js';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { bidiagonalise } from '../../src/linalg/bidiagonalDampedLeastSquares.js';
import { BandMatrix, solveBanded } from '../../src/linalg/bandedLu.js';
import { rootMeanSquareDifference } from '../../src/core/testGrid.js';
import { trainingData } from '../../src/train/trainingData.js';
import { splineInitialParams } from '../../src/train/initialParams.js';
import { knotCells } from '../../src/train/knotCells.js';
import { cellVandermondeQr } from '../../src/train/cellVandermondeQr.js';
import { networkOnCells } from '../../src/train/cellwiseNetwork.js';
import { structuredLinearisation } from '../../src/train/structuredDampedStep.js';
import { denseLinearisation, SMOOTH_COMPRESSION_TOLERANCE } from '../../src/train/denseDampedStep.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { smoothInitialGates } from '../../src/network/splineInitialisation.js';
import { fitSmoothGateLeastSquares } from '../../src/train/smoothGateLeastSquares.js';
import { moreScaling, normalisedIdentityScaling } from '../../src/train/parameterScaling.js';
import { levenbergMarquardt } from '../../src/train/levenbergMarquardt.js';

const domain = [-1, 1] as const;

function maxAbs(v: Float64Array): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

t.test('one bidiagonalisation gives the damped least-squares solution for every lambda', async (t) => {
  const rng = seededRandom(3);
  const m = 40;
  const n = 12;
  const A = Float64Array.from({ length: m * n }, () => rng.normal());
  // make it nearly rank-deficient: column 5 ~ column 2
  for (let i = 0; i < m; i++) A[5 * m + i] = A[2 * m + i] + 1e-9 * rng.normal();
  const b = Float64Array.from({ length: m }, () => rng.normal());
  const f = bidiagonalise(A, m, n);
  const c = f.projectRhs(b);
  const normA = Math.sqrt(A.reduce((acc, v) => acc + v * v, 0));
  for (const lambda of [1e-8, 1e-3, 1, 1e4]) {
    const { y } = f.solve(c, lambda);
    // The optimality condition A^T (A y - b) + lambda y = 0, relative to ||A||^2 ||y|| + ||A|| ||b||: what a
    // backward-stable method achieves whatever the conditioning (here ~1e5 at lambda = 1e-8).
    const residual = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      residual[i] = -b[i];
      for (let j = 0; j < n; j++) residual[i] += A[j * m + i] * y[j];
    }
    let worst = 0;
    for (let j = 0; j < n; j++) {
      let g = lambda * y[j];
      for (let i = 0; i < m; i++) g += A[j * m + i] * residual[i];
      worst = Math.max(worst, Math.abs(g));
    }
    const yNorm = Math.sqrt(y.reduce((acc, v) => acc + v * v, 0));
    const bNorm = Math.sqrt(b.reduce((acc, v) => acc + v * v, 0));
    const scale = normA * normA * yNorm + normA * bNorm;
    t.ok(worst <= 1e-13 * scale, `lambda ${lambda}: optimality residual ${(worst / scale).toExponential(2)} relative`);
    if (lambda >= 1e-3) {
      const aug = new Float64Array((m + n) * n);
      for (let j = 0; j < n; j++) {
        aug.set(A.subarray(j * m, (j + 1) * m), j * (m + n));
        aug[m + j + j * (m + n)] = Math.sqrt(lambda);
      }
      const rhs = new Float64Array(m + n);
      rhs.set(b);
      const reference = solveLeastSquares(aug, m + n, n, rhs).x;
      t.ok(
        maxDiff(y, reference) <= 1e-9 * maxAbs(reference),
        `lambda ${lambda} (well conditioned): |y - pivoted QR's| ${maxDiff(y, reference).toExponential(2)} of ${maxAbs(reference).toExponential(2)}`,
      );
    }
  }
});

t.test('banded LU with equilibration and refinement solves a badly scaled band system', async (t) => {
  const rng = seededRandom(8);
  const S = 30;
  const kl = 3;
  const ku = 2;
  const A = new BandMatrix(S, kl, ku);
  const dense = new Float64Array(S * S);
  // Rows scaled over 1e-4..1e4 of a diagonally dominant band matrix: well conditioned once equilibrated,
  // so the forward error must be small too.
  for (let i = 0; i < S; i++)
    for (let j = Math.max(0, i - kl); j <= Math.min(S - 1, i + ku); j++) {
      const v = (rng.normal() + (i === j ? 10 : 0)) * 10 ** (((i % 5) - 2) * 2);
      A.add(i, j, v);
      dense[i + j * S] = v;
    }
  const xTrue = Float64Array.from({ length: S }, () => rng.normal());
  const b = new Float64Array(S);
  for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) b[i] += dense[i + j * S] * xTrue[j];
  const solved = solveBanded(A, b);
  t.ok(solved.backwardError < 1e-14, `backward error ${solved.backwardError.toExponential(2)}`);
  t.ok(
    maxDiff(solved.x, xTrue) <= 1e-12 * maxAbs(xTrue),
    `forward error ${maxDiff(solved.x, xTrue).toExponential(2)} of ${maxAbs(xTrue).toExponential(2)}`,
  );
});

t.test('the structured O(n) step is the dense step, for relu units, both dampings and many lambdas', async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 1200, 0);
  const order = Array.from(data.xTrain.keys()).sort((p, q) => data.xTrain[p] - data.xTrain[q]);
  const xs = Float64Array.from(order, (k) => data.xTrain[k]);
  const ys = Float64Array.from(order, (k) => data.yTrain[k]);
  for (const [name, n] of [
    ['mlp', 12],
    ['glu', 10],
    ['gqu', 9],
  ] as const) {
    const unit = parseUnit(name);
    const rng = seededRandom(21);
    const theta = flattenParams(unit, splineInitialParams(unit, n, domain, 4)).map((v) => v + 0.02 * rng.normal());
    const layout = parameterLayout(unit, n);
    const shape = neuronShape(unit);
    const cells = knotCells(theta, layout, xs, shape.degree);
    const y = networkOnCells(shape, theta, layout, cells, xs);
    const reference = evaluateNetwork(unit, unflattenParams(unit, n, theta), xs);
    t.ok(
      maxDiff(y, reference) <= 1e-12 * Math.max(1, maxAbs(reference)),
      `${name}: the network evaluated cell by cell is the network (${maxDiff(y, reference).toExponential(2)})`,
    );
    const r = y.map((v, k) => v - ys[k]);
    const structured = structuredLinearisation(
      shape,
      theta,
      layout,
      cells,
      cellVandermondeQr(cells, xs, shape.degree + 1),
      r,
    );
    const dense = denseLinearisation(unit, theta, layout, xs, r);
    const J = networkJacobian(unit, unflattenParams(unit, n, theta), xs);
    const N = xs.length;
    const gradient = new Float64Array(theta.length);
    for (let j = 0; j < theta.length; j++) for (let k = 0; k < N; k++) gradient[j] += J[k + j * N] * r[k];
    t.ok(
      maxDiff(structured.gradient, gradient) <= 1e-10 * maxAbs(gradient),
      `${name}: J^T r without J (${maxDiff(structured.gradient, gradient).toExponential(2)} of ${maxAbs(gradient).toExponential(2)})`,
    );
    const norms = Float64Array.from(dense.columnNorms);
    for (const scaling of [normalisedIdentityScaling(layout, 0, 1), moreScaling(layout, norms)]) {
      const s = structured.damped(scaling);
      const d = dense.damped(scaling);
      for (const lambda of [1e-6, 1e-2, 10]) {
        const a = s(lambda);
        const b = d(lambda);
        const diff = maxDiff(a.delta, b.delta);
        t.ok(
          diff <= 1e-7 * maxAbs(b.delta),
          `${name} ${scaling.kind} lambda ${lambda}: structured vs dense step ${diff.toExponential(2)} of ${maxAbs(b.delta).toExponential(2)}`,
        );
        t.ok(
          Math.abs(a.predicted - b.predicted) <= 1e-6 * Math.abs(b.predicted),
          `${name} ${scaling.kind} lambda ${lambda}: predicted reduction ${a.predicted.toExponential(6)} vs ${b.predicted.toExponential(6)}`,
        );
      }
    }
  }
});

t.test('LM with a smooth gate (geglu) lowers the loss and reports its inexact compression', async (t) => {
  const unit = parseUnit('geglu');
  const data = trainingData(compileTarget('sin(2*x)', domain), domain, 800, 0);
  const start = splineInitialParams(unit, 6, domain, 1);
  const before = rootMeanSquareDifference(evaluateNetwork(unit, start, data.xTrain), data.yTrain);
  const fit = levenbergMarquardt(unit, start, data.xTrain, data.yTrain, { maxIterations: 10 });
  const after = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, data.xTrain), data.yTrain);
  t.ok(after < 0.5 * before, `train RMSE ${before.toExponential(3)} -> ${after.toExponential(3)}`);
  const d = fit.diagnostics;
  t.equal(d.kind, 'levenberg-marquardt');
  if (d.kind === 'levenberg-marquardt') {
    t.equal(d.linearAlgebra, 'dense');
    t.ok(d.worstProjectionDefect <= d.projectionTolerance, `worst defect ${d.worstProjectionDefect.toExponential(2)}`);
  }
});

t.test('smooth gates: the piecewise row compression is within its tolerance and gives the full-row step', async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 3000, 0);
  const order = Array.from(data.xTrain.keys()).sort((p, q) => data.xTrain[p] - data.xTrain[q]);
  const xs = Float64Array.from(order, (k) => data.xTrain[k]);
  const ys = Float64Array.from(order, (k) => data.yTrain[k]);
  const N = xs.length;
  for (const name of ['gelu(g)*u', 'silu(g)*u']) {
    const analysed = analysedUnit(parseUnit(name));
    const unit = analysed.form;
    const n = 12;
    const start = fitSmoothGateLeastSquares(analysed, smoothInitialGates(n, domain), xs, ys, domain).params;
    const rng = seededRandom(5);
    const theta = flattenParams(unit, start).map((v) => v * (1 + 0.01 * rng.normal()));
    const layout = parameterLayout(unit, n);
    const y = evaluateNetwork(unit, unflattenParams(unit, n, theta), xs);
    const r = y.map((v, k) => v - ys[k]);
    const dense = denseLinearisation(unit, theta, layout, xs, r);
    t.equal(dense.rawCells, 0, `${name}: every piece compressed`);
    t.ok(dense.rows < N / 5, `${name}: ${dense.rows} rows instead of ${N}`);
    t.ok(
      dense.worstDefect > 0 && dense.worstDefect <= SMOOTH_COMPRESSION_TOLERANCE,
      `${name}: worst defect ${dense.worstDefect.toExponential(2)} within ${SMOOTH_COMPRESSION_TOLERANCE}`,
    );
    // Reference: the damped step from all N rows, [J; sqrt(lambda) I] delta = [-r; 0] by pivoted QR (identity scaling
    // in raw coordinates: the normalised coordinates of [-1, 1] are the raw ones).
    const J = networkJacobian(unit, unflattenParams(unit, n, theta), xs);
    const P = theta.length;
    const scaling = normalisedIdentityScaling(layout, 0, 1);
    const step = dense.damped(scaling);
    for (const lambda of [1e-6, 1e-3, 1]) {
      const aug = new Float64Array((N + P) * P);
      for (let j = 0; j < P; j++) {
        aug.set(J.subarray(j * N, (j + 1) * N), j * (N + P));
        aug[N + j + j * (N + P)] = Math.sqrt(lambda);
      }
      const rhs = new Float64Array(N + P);
      for (let k = 0; k < N; k++) rhs[k] = -r[k];
      const reference = solveLeastSquares(aug, N + P, P, rhs).x;
      const delta = step(lambda).delta;
      t.ok(
        maxDiff(delta, reference) <= 1e-6 * maxAbs(reference),
        `${name} lambda ${lambda}: |compressed step - full-row step| ${maxDiff(delta, reference).toExponential(2)} of ${maxAbs(reference).toExponential(2)}`,
      );
    }
  }
});

t.test('the structured and dense paths take the same LM trajectory on a relu unit', async (t) => {
  const unit = parseUnit('glu');
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 600, 0);
  const start = splineInitialParams(unit, 7, domain, 2);
  const a = levenbergMarquardt(unit, start, data.xTrain, data.yTrain, { maxIterations: 6 });
  const b = levenbergMarquardt(unit, start, data.xTrain, data.yTrain, { maxIterations: 6, linearAlgebra: 'dense' });
  const la = a.diagnostics.kind === 'levenberg-marquardt' ? a.diagnostics.finalLoss : NaN;
  const lb = b.diagnostics.kind === 'levenberg-marquardt' ? b.diagnostics.finalLoss : NaN;
  t.ok(Math.abs(la - lb) <= 1e-6 * lb, `final loss structured ${la.toExponential(8)} vs dense ${lb.toExponential(8)}`);
});
