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
import {
  acceptedStepDamping,
  gradientCosine,
  initialDamping,
  LM_DEFAULTS,
  MAX_DAMPING,
  reductionStalled,
} from './levenbergMarquardt.js';
import { gradientAndColumnNorms } from './denseDampedStep.js';

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

interface Fit {
  readonly unit: UnitForm;
  readonly layout: ParameterLayout;
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly N: number;
  /** centre and half-length of the training points' range per input (the damping coordinates) */
  readonly center: Float64Array;
  readonly half: Float64Array;
  /** flat indices re-solved exactly after each accepted step */
  readonly linear: readonly number[];
}

interface State {
  readonly r: Float64Array;
  readonly loss: number;
}

function residual(f: Fit, theta: Float64Array): State {
  const r = evaluateNetwork(f.unit, unflattenParams(f.unit, f.layout.n, theta, f.layout.dim), f.X);
  for (let t = 0; t < f.N; t++) r[t] -= f.y[t];
  return { r, loss: sumOfSquares(r) };
}

function jacobian(f: Fit, theta: Float64Array): Float64Array {
  return networkJacobian(f.unit, unflattenParams(f.unit, f.layout.n, theta, f.layout.dim), f.X);
}

/** Calls visit(weightIndex, input c, biasIndex) for every map weight of every neuron. */
function forEachWeight(f: Fit, visit: (w: number, c: number, b: number) => void): void {
  const { layout } = f;
  for (let l = 0; l < layout.maps.length; l++)
    for (let i = 0; i < layout.n; i++)
      for (let c = 0; c < layout.dim; c++) visit(layout.weight(l, i, c), c, layout.bias(l, i));
}

/** In place: raw Jacobian columns -> columns of J C (normalised-input coordinates). */
function scaleColumns(f: Fit, J: Float64Array): void {
  const { N, center, half } = f;
  forEachWeight(f, (w, c, b) => {
    for (let t = 0; t < N; t++) J[w * N + t] = (J[w * N + t] - center[c] * J[b * N + t]) / half[c];
  });
}

/** delta = C yv: delta_L = y_L / s, delta_l = y_l - sum_c c_c y_Lc / s_c. */
function unscale(f: Fit, yv: Float64Array): Float64Array {
  const delta = Float64Array.from(yv);
  forEachWeight(f, (w, c, b) => {
    delta[w] = yv[w] / f.half[c];
    delta[b] -= f.center[c] * delta[w];
  });
  return delta;
}

/** ||C^-1 theta||: the parameter vector's length in the damping coordinates (y_L = L s, y_l = l + L.c). */
function scaledLength(f: Fit, theta: Float64Array): number {
  const yv = Float64Array.from(theta);
  forEachWeight(f, (w, c, b) => {
    yv[w] = theta[w] * f.half[c];
    yv[b] += f.center[c] * theta[w];
  });
  return Math.sqrt(sumOfSquares(yv));
}

/** The exact least-squares re-solve over the linear parameters; returns the better of the two. */
function resolveLinear(f: Fit, theta: Float64Array, state: State): { theta: Float64Array; state: State } {
  const { N, linear } = f;
  const J = jacobian(f, theta);
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
  const after = residual(f, next);
  return after.loss < state.loss ? { theta: next, state: after } : { theta, state };
}

/** The damped step for any lambda from one bidiagonalisation of the scaled Jacobian A = J C (in place). */
function dampedSteps(f: Fit, A: Float64Array, r: Float64Array) {
  const { N } = f;
  const P = f.layout.size;
  const factors = bidiagonalise(A, N, P);
  const c = factors.projectRhs(r.map((v) => -v));
  return (lambda: number): { delta: Float64Array; scaledNorm2: number; predicted: number } => {
    const { y: yv, norm } = factors.solve(c, lambda);
    // predicted = ||r||^2 - ||r + A yv||^2
    const lin = Float64Array.from(r);
    for (let j = 0; j < P; j++) {
      const v = yv[j];
      if (v === 0) continue;
      for (let t = 0; t < N; t++) lin[t] += A[j * N + t] * v;
    }
    let predicted = 0;
    for (let t = 0; t < N; t++) predicted += (r[t] - lin[t]) * (r[t] + lin[t]);
    return { delta: unscale(f, yv), scaledNorm2: norm * norm, predicted };
  };
}

/** Options given as undefined take the defaults (a plain spread would keep the undefined). */
function withDefaults(options: DdimLevenbergMarquardtOptions): Required<DdimLevenbergMarquardtOptions> {
  return {
    maxIterations: options.maxIterations ?? LM_DEFAULTS.maxIterations,
    gradientTolerance: options.gradientTolerance ?? LM_DEFAULTS.gradientTolerance,
    reductionTolerance: options.reductionTolerance ?? LM_DEFAULTS.reductionTolerance,
  };
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
  const o = withDefaults(options);
  const n = start.n;
  const layout = parameterLayout(unit, n, d);
  const P = layout.size;
  const f: Fit = { unit, layout, X, y, N, ...inputBox(X, N, d), linear: ddimLinearParameters(unit, layout) };

  let theta = flattenParams(unit, start);
  let current = residual(f, theta);
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
    const J = jacobian(f, theta);
    if (gradientCosine(gradientAndColumnNorms(J, current.r, N, P), current.loss) <= o.gradientTolerance) {
      stopReason = 'gradient tolerance';
      break;
    }
    scaleColumns(f, J);
    const stepAt = dampedSteps(f, J, current.r);
    if (Number.isNaN(lambda)) lambda = initialDamping(stepAt, scaledLength(f, theta)).lambda;
    for (;;) {
      const step = stepAt(lambda);
      const trial = theta.map((v, j) => v + step.delta[j]);
      const next = residual(f, trial);
      const actual = current.loss - next.loss;
      if (Number.isFinite(next.loss) && next.loss < current.loss) {
        lambda = acceptedStepDamping(lambda, actual, step.predicted);
        nu = 2;
        const previousLoss = current.loss;
        ({ theta, state: current } = resolveLinear(f, trial, next));
        accepted++;
        if (reductionStalled(actual, step.predicted, previousLoss, o.reductionTolerance)) {
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
