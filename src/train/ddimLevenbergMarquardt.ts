/**
 * Method `lm` on inputs x in R^d (d >= 1): float64 Levenberg-Marquardt on the training loss
 * sum_t (y(x_t) - f(x_t))^2 with every parameter free, gates included.
 *
 * The 1-D trainer (levenbergMarquardt.ts) compresses the N rows of the Jacobian cell by cell between
 * the knots, which exist only on a line; in d dimensions the cells of n hyperplanes are O(n^d)
 * polytopes, so this trainer works on the full N x P Jacobian (network/networkJacobian, analytic):
 * each iteration bidiagonalises the scaled Jacobian once (linalg/bidiagonalDampedLeastSquares:
 * Householder, never the normal equations) and each damping value then costs O(P^2). One iteration is
 * about 4 max(N, P) P^2 flops, which is what bounds the usable P (measure/runCost.ts ddimLmCost).
 *
 * The rest follows the 1-D trainer: the damped step minimises ||J delta + r||^2 + lambda ||y||^2 in
 * normalised-input coordinates (each input k mapped to u_k = (x_k - c_k)/s_k, [c_k - s_k, c_k + s_k]
 * the training points' range, so a map's weights and bias become (L_k s_k, l + L.c) and the path is
 * the same on any affine image of the data); the first lambda is calibrated to the parameter vector's
 * length, then Nielsen's update; a step is accepted only when it strictly lowers the loss, so the
 * result is never worse than the start; after each accepted step the parameters the network is linear
 * in (d and the last map entering with power 1, GLU: u; else D) are re-solved exactly by pivoted QR.
 * Stops as levenbergMarquardt.ts: gradient tolerance, relative reduction, zero residual, no decrease,
 * max iterations.
 *
 * Shapes: X is N x d row-major, y has N values; the Jacobian is N x P column-major.
 *
 * Examples:  ddimLevenbergMarquardt(parseUnit('glu'), lsqStart, X, y, 1600, 2, { maxIterations: 50 })
 */
import type { UnitForm } from '../core/unitForm.js';
import { bidiagonalise } from '../linalg/bidiagonalDampedLeastSquares.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { networkJacobian } from '../network/networkJacobian.js';
import {
  flattenParams,
  parameterLayout,
  unflattenParams,
  type NetworkParams,
  type ParameterLayout,
} from '../network/networkParams.js';
import { gradientCosine, initialDamping, LM_DEFAULTS, MAX_DAMPING } from './levenbergMarquardt.js';

export interface DdimLevenbergMarquardtOptions {
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
  readonly reductionTolerance?: number;
}

export interface DdimLevenbergMarquardtResult {
  readonly params: NetworkParams;
  /** linearisations (Jacobians) formed */
  readonly iterations: number;
  readonly acceptedSteps: number;
  readonly stopReason: string;
  /** training loss sum of squares at the start and the end, target units squared */
  readonly startLoss: number;
  readonly finalLoss: number;
}

/** Flat indices of the parameters the network is linear in once the rest is held (d last). */
export function ddimLinearParameters(unit: UnitForm, layout: ParameterLayout): number[] {
  const exponents = unit.maps.map(
    (map) => (map === unit.gate.map ? unit.gate.power : 0) + (unit.factors.find((f) => f.map === map)?.power ?? 0),
  );
  const out: number[] = [];
  let l = exponents.length - 1;
  while (l >= 1 && exponents[l] !== 1) l--;
  for (let i = 0; i < layout.n; i++) {
    if (l >= 1) {
      for (let k = 0; k < layout.dim; k++) out.push(layout.weight(l, i, k));
      out.push(layout.bias(l, i));
    } else {
      out.push(layout.outputWeight(i));
    }
  }
  out.push(layout.outputBias);
  return out;
}

/** Centre and half-length of the training points' range along each input. */
function inputBox(X: Float64Array, N: number, d: number): { center: Float64Array; half: Float64Array } {
  const center = new Float64Array(d);
  const half = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < N; t++) {
      lo = Math.min(lo, X[t * d + k]);
      hi = Math.max(hi, X[t * d + k]);
    }
    center[k] = (lo + hi) / 2;
    half[k] = hi > lo ? (hi - lo) / 2 : 1;
  }
  return { center, half };
}

function sumOfSquares(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

export function ddimLevenbergMarquardt(
  unit: UnitForm,
  start: NetworkParams,
  X: Float64Array,
  y: Float64Array,
  N: number,
  d: number,
  options: DdimLevenbergMarquardtOptions = {},
): DdimLevenbergMarquardtResult {
  if (start.dim !== d || X.length !== N * d || y.length !== N)
    throw new RangeError(
      `ddimLevenbergMarquardt: shapes disagree (dim ${start.dim} vs ${d}, X ${X.length}, y ${y.length})`,
    );
  // Options given as undefined take the defaults (a plain spread would keep the undefined).
  const o = {
    maxIterations: options.maxIterations ?? LM_DEFAULTS.maxIterations,
    gradientTolerance: options.gradientTolerance ?? LM_DEFAULTS.gradientTolerance,
    reductionTolerance: options.reductionTolerance ?? LM_DEFAULTS.reductionTolerance,
  };
  const n = start.n;
  const layout = parameterLayout(unit, n, d);
  const P = layout.size;
  const k = unit.maps.length;
  const { center, half } = inputBox(X, N, d);
  const linear = ddimLinearParameters(unit, layout);
  const residual = (theta: Float64Array): { r: Float64Array; loss: number } => {
    const r = evaluateNetwork(unit, unflattenParams(unit, n, theta, d), X);
    for (let t = 0; t < N; t++) r[t] -= y[t];
    return { r, loss: sumOfSquares(r) };
  };
  const jacobian = (theta: Float64Array): Float64Array => networkJacobian(unit, unflattenParams(unit, n, theta, d), X);
  /** In place: raw Jacobian columns -> columns of J C (normalised-input coordinates). */
  const scaleColumns = (J: Float64Array): void => {
    for (let l = 0; l < k; l++) {
      for (let i = 0; i < n; i++) {
        const b = layout.bias(l, i) * N;
        for (let c = 0; c < d; c++) {
          const w = layout.weight(l, i, c) * N;
          for (let t = 0; t < N; t++) J[w + t] = (J[w + t] - center[c] * J[b + t]) / half[c];
        }
      }
    }
  };
  /** delta = C yv (in place on a copy). */
  const unscale = (yv: Float64Array): Float64Array => {
    const delta = Float64Array.from(yv);
    for (let l = 0; l < k; l++) {
      for (let i = 0; i < n; i++) {
        let shift = 0;
        for (let c = 0; c < d; c++) {
          const w = layout.weight(l, i, c);
          delta[w] = yv[w] / half[c];
          shift += center[c] * delta[w];
        }
        delta[layout.bias(l, i)] = yv[layout.bias(l, i)] - shift;
      }
    }
    return delta;
  };
  /** ||C^-1 theta||: the parameter vector's length in the damping coordinates. */
  const scaledLength = (theta: Float64Array): number => {
    const yv = Float64Array.from(theta);
    for (let l = 0; l < k; l++) {
      for (let i = 0; i < n; i++) {
        let shift = 0;
        for (let c = 0; c < d; c++) {
          const w = layout.weight(l, i, c);
          yv[w] = theta[w] * half[c];
          shift += center[c] * theta[w];
        }
        yv[layout.bias(l, i)] = theta[layout.bias(l, i)] + shift;
      }
    }
    return Math.sqrt(sumOfSquares(yv));
  };
  /** The exact least-squares re-solve over the linear parameters; returns the better of the two. */
  const resolveLinear = (
    theta: Float64Array,
    state: { r: Float64Array; loss: number },
  ): { theta: Float64Array; state: { r: Float64Array; loss: number } } => {
    const J = jacobian(theta);
    const q = linear.length;
    const A = new Float64Array(N * q);
    linear.forEach((j, c) => A.set(J.subarray(j * N, (j + 1) * N), c * N));
    const solution = solveLeastSquares(
      A,
      N,
      q,
      state.r.map((v) => -v),
    );
    const next = Float64Array.from(theta);
    linear.forEach((j, c) => (next[j] += solution.x[c]));
    const after = residual(next);
    return after.loss < state.loss ? { theta: next, state: after } : { theta, state };
  };

  let theta = flattenParams(unit, start);
  let current = residual(theta);
  const startLoss = current.loss;
  let lambda = NaN;
  let nu = 2;
  let iterations = 0;
  let accepted = 0;
  let stopReason = 'max iterations';
  outer: while (iterations < o.maxIterations) {
    if (current.loss === 0) {
      stopReason = 'zero residual';
      break;
    }
    iterations++;
    const J = jacobian(theta);
    const gradient = new Float64Array(P);
    const columnNorms = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      let dot = 0;
      let norm = 0;
      for (let t = 0; t < N; t++) {
        const v = J[t + j * N];
        dot += v * current.r[t];
        norm += v * v;
      }
      gradient[j] = dot;
      columnNorms[j] = Math.sqrt(norm);
    }
    if (gradientCosine({ gradient, columnNorms }, current.loss) <= o.gradientTolerance) {
      stopReason = 'gradient tolerance';
      break;
    }
    scaleColumns(J);
    const factors = bidiagonalise(J, N, P);
    const c = factors.projectRhs(current.r.map((v) => -v));
    const r = current.r;
    const stepAt = (lam: number): { delta: Float64Array; scaledNorm2: number; predicted: number } => {
      const { y: yv, norm } = factors.solve(c, lam);
      // predicted = ||r||^2 - ||r + (J C) yv||^2
      const lin = Float64Array.from(r);
      for (let j = 0; j < P; j++) {
        const v = yv[j];
        if (v === 0) continue;
        const off = j * N;
        for (let t = 0; t < N; t++) lin[t] += J[off + t] * v;
      }
      let predicted = 0;
      for (let t = 0; t < N; t++) predicted += (r[t] - lin[t]) * (r[t] + lin[t]);
      return { delta: unscale(yv), scaledNorm2: norm * norm, predicted };
    };
    if (Number.isNaN(lambda)) lambda = initialDamping(stepAt, scaledLength(theta)).lambda;
    for (;;) {
      const step = stepAt(lambda);
      const trial = theta.map((v, j) => v + step.delta[j]);
      const next = residual(trial);
      const actual = current.loss - next.loss;
      if (Number.isFinite(next.loss) && next.loss < current.loss) {
        const rho = step.predicted > 0 ? actual / step.predicted : 0;
        lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        const previousLoss = current.loss;
        ({ theta, state: current } = resolveLinear(trial, next));
        accepted++;
        if (
          actual <= o.reductionTolerance * previousLoss &&
          Math.abs(step.predicted) <= o.reductionTolerance * previousLoss
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
  return {
    params: unflattenParams(unit, n, theta, d),
    iterations,
    acceptedSteps: accepted,
    stopReason,
    startLoss,
    finalLoss: current.loss,
  };
}
