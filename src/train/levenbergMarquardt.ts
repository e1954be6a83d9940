/**
 * Method `lm`: float64 Levenberg-Marquardt on the training loss sum_t (y(x_t) - f(x_t))^2 with the
 * analytic Jacobian (networkJacobian, N x P). Every parameter is free, gates included.
 *
 * Each damped step solves  min || [J; sqrt(lambda) diag(s)] delta + [r; 0] ||_2  with the project's
 * pivoted-QR least-squares solver, never the normal equations (their condition number is the square
 * of J's, and J is routinely rank-deficient here: dead neurons, collinear edge neurons). For relu
 * gates the N rows of [J, r] are first compressed exactly, cell by cell between the current knots,
 * by orthogonal projections (cellwiseRowCompression): the damped QR is then ~(4n + P) x P instead
 * of (N + P) x P, about 15x cheaper for the GQU at n = 100, N = 10,000, with the same solution. s_j is
 * Moré's scaling: the largest column norm of J_j seen so far (1 for a column that has always been
 * zero), so the damping is invariant to parameter scale. Lambda follows Nielsen's update
 * (lambda *= max(1/3, 1 - (2 rho - 1)^3) on success; lambda *= nu, nu *= 2 on failure).
 * A step is accepted only when it strictly lowers the loss, so the result is never worse than the start.
 *
 * Stops (tolerances dimensionless, defaults below):
 *   "gradient tolerance"   max_j |J_j^T r| / (||J_j|| ||r||) <= gradientTolerance (cosine of the residual with every column);
 *   "relative step"        ||s .* delta|| <= stepTolerance * (||s .* theta|| + stepTolerance) after an accepted step;
 *   "relative reduction"   actual and predicted loss reductions both <= reductionTolerance * loss;
 *   "zero residual"        r = 0 exactly;
 *   "no decrease"          lambda > 1e20 without a decreasing step (the float64 floor of this start);
 *   "max iterations"       maxIterations Jacobians evaluated.
 * Cost per damped solve: one (M + P) x P QR, M = rows after compression (N for smooth gates).
 */
import { activeSideDegree, type UnitForm } from '../core/unitForm.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { networkJacobian } from '../network/networkJacobian.js';
import { flattenParams, parameterLayout, unflattenParams, type NetworkParams } from '../network/networkParams.js';
import { FLOAT64_BACKEND } from './frozenGateLeastSquares.js';
import type { LevenbergMarquardtDiagnostics, TrainingOutcome } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';
import { compressRowsByCell, PROJECTION_TOLERANCE } from './cellwiseRowCompression.js';

/** Knots -g_i/G_i of the gate map, ascending (neurons with G_i = 0 have none). */
function currentKnots(unit: UnitForm, theta: Float64Array, n: number): number[] {
  const layout = parameterLayout(unit, n); // the gate map is unit.maps[0]
  const knots: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = -theta[layout.bias(0, i)] / theta[layout.weight(0, i)];
    if (Number.isFinite(t)) knots.push(t);
  }
  return knots.sort((p, q) => p - q);
}

export interface LevenbergMarquardtOptions {
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
  readonly stepTolerance?: number;
  readonly reductionTolerance?: number;
  readonly initialDamping?: number;
}

export const LM_DEFAULTS = {
  maxIterations: 50,
  gradientTolerance: 1e-10,
  stepTolerance: 1e-10,
  reductionTolerance: 1e-12,
  initialDamping: 1e-3,
} as const;

const MAX_DAMPING = 1e20;

function residual(unit: UnitForm, theta: Float64Array, n: number, xs: Float64Array, ys: Float64Array): Float64Array {
  const y = evaluateNetwork(unit, unflattenParams(unit, n, theta), xs);
  for (let t = 0; t < y.length; t++) y[t] -= ys[t];
  return y;
}

function sumOfSquares(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

export function levenbergMarquardt(
  unit: UnitForm,
  start: NetworkParams,
  xsGiven: Float64Array,
  ysGiven: Float64Array,
  options: LevenbergMarquardtOptions = {},
): TrainingOutcome {
  const o = { ...LM_DEFAULTS, ...options };
  // The loss does not depend on the order of the points; cells need them sorted.
  const order = Array.from(xsGiven.keys()).sort((p, q) => xsGiven[p] - xsGiven[q]);
  const xs = Float64Array.from(order, (k) => xsGiven[k]);
  const ys = Float64Array.from(order, (k) => ysGiven[k]);
  const compress = unit.piecewisePolynomial;
  const degree = activeSideDegree(unit);
  const n = start.n;
  const N = xs.length;
  let theta = flattenParams(unit, start);
  const P = theta.length;
  let r = residual(unit, theta, n, xs, ys);
  let loss = sumOfSquares(r);
  const startLoss = loss;
  const lossHistory: number[] = [loss];
  const scaling = new Float64Array(P);
  let lambda = o.initialDamping;
  let nu = 2;
  let iterations = 0;
  let solves = 0;
  let accepted = 0;
  let stopReason = 'max iterations';
  let worstRank = P;
  let largestRows = 0;
  let rawCells = 0;
  outer: while (iterations < o.maxIterations) {
    if (loss === 0) {
      stopReason = 'zero residual';
      break;
    }
    iterations++;
    const J = networkJacobian(unit, unflattenParams(unit, n, theta), xs);
    const rNorm = Math.sqrt(loss);
    let cosine = 0;
    for (let j = 0; j < P; j++) {
      let norm = 0;
      let dot = 0;
      for (let t = 0; t < N; t++) {
        const v = J[t + j * N];
        norm += v * v;
        dot += v * r[t];
      }
      norm = Math.sqrt(norm);
      scaling[j] = Math.max(scaling[j], norm);
      if (norm > 0) cosine = Math.max(cosine, Math.abs(dot) / (norm * rNorm));
    }
    if (cosine <= o.gradientTolerance) {
      stopReason = 'gradient tolerance';
      break;
    }
    const reduced = compress
      ? compressRowsByCell(J, N, P, r, xs, currentKnots(unit, theta, n), degree)
      : { matrix: J, rows: N, rhs: r, rawCells: 0 };
    const M = reduced.rows;
    largestRows = Math.max(largestRows, M);
    rawCells = Math.max(rawCells, reduced.rawCells);
    const augmented = new Float64Array((M + P) * P);
    const rhs = new Float64Array(M + P);
    for (let j = 0; j < P; j++) augmented.set(reduced.matrix.subarray(j * M, (j + 1) * M), j * (M + P));
    for (let t = 0; t < M; t++) rhs[t] = -reduced.rhs[t];
    for (;;) {
      const root = Math.sqrt(lambda);
      for (let j = 0; j < P; j++) augmented[M + j + j * (M + P)] = root * (scaling[j] > 0 ? scaling[j] : 1);
      const step = solveLeastSquares(augmented, M + P, P, rhs);
      solves++;
      worstRank = Math.min(worstRank, step.rank);
      const delta = step.x;
      const trial = theta.map((v, j) => v + delta[j]);
      const rTrial = residual(unit, trial, n, xs, ys);
      const lossTrial = sumOfSquares(rTrial);
      // Predicted loss of the linear model: ||r + J delta||^2.
      const linear = Float64Array.from(r);
      for (let j = 0; j < P; j++) {
        const dj = delta[j];
        if (dj === 0) continue;
        for (let t = 0; t < N; t++) linear[t] += J[t + j * N] * dj;
      }
      const predicted = loss - sumOfSquares(linear);
      const actual = loss - lossTrial;
      if (Number.isFinite(lossTrial) && lossTrial < loss) {
        const rho = predicted > 0 ? actual / predicted : 0;
        lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        let stepNorm = 0;
        let thetaNorm = 0;
        for (let j = 0; j < P; j++) {
          stepNorm += (scaling[j] * delta[j]) ** 2;
          thetaNorm += (scaling[j] * theta[j]) ** 2;
        }
        theta = trial;
        r = rTrial;
        const previousLoss = loss;
        loss = lossTrial;
        lossHistory.push(loss);
        accepted++;
        if (Math.sqrt(stepNorm) <= o.stepTolerance * (Math.sqrt(thetaNorm) + o.stepTolerance)) {
          stopReason = 'relative step';
          break outer;
        }
        if (
          actual <= o.reductionTolerance * previousLoss &&
          Math.abs(predicted) <= o.reductionTolerance * previousLoss
        ) {
          stopReason = 'relative reduction';
          break outer;
        }
        break;
      }
      lambda *= nu;
      nu *= 2;
      if (lambda > MAX_DAMPING) {
        stopReason = 'no decrease';
        break outer;
      }
    }
  }
  const diagnostics: LevenbergMarquardtDiagnostics = {
    kind: 'levenberg-marquardt',
    parameters: P,
    points: N,
    largestRows,
    compressed: compress,
    acceptedSteps: accepted,
    dampedSolves: solves,
    startLoss,
    finalLoss: loss,
    lossHistory,
    finalDamping: lambda,
    worstRank,
    rawCells,
    projectionTolerance: PROJECTION_TOLERANCE,
  };
  return {
    params: unflattenParams(unit, n, theta),
    iterations,
    stopReason,
    diagnostics,
    notes: renderDiagnostics(diagnostics),
    backend: FLOAT64_BACKEND,
  };
}
