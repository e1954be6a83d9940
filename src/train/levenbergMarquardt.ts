/**
 * Method `lm`: float64 Levenberg-Marquardt on the training loss sum_t (y(x_t) - f(x_t))^2 with the
 * analytic Jacobian. Every parameter is free, gates included.
 *
 * Each damped step minimises ||J delta + r||^2 + lambda ||y||^2 with delta = C y (parameterScaling.ts:
 * identity in normalised-input coordinates by default, Moré's scaling on request), solved by orthogonal
 * transformations or an equilibrated, refined band LU, never the normal equations of J:
 *   relu gates   structuredDampedStep.ts: the network is a polynomial on each cell between knots, so
 *                the step is a band system of size 4(m + 1)(cells), O(n) per damping value, built from
 *                per-cell polynomials without the N x P Jacobian; residuals are evaluated cell by cell;
 *   smooth gates denseDampedStep.ts: the N x P Jacobian, rows compressed per cell within a stated
 *                tolerance, bidiagonalised once per iteration, O(P^2) per damping value.
 * The dense path also runs for relu gates on request (linearAlgebra: 'dense'): it is the check that the
 * structured step is the same step (tested).
 * Lambda follows Nielsen's update (lambda *= max(1/3, 1 - (2 rho - 1)^3) on success; lambda *= nu,
 * nu *= 2 on failure). A step is accepted only when it strictly lowers the loss, so the result is never
 * worse than the start.
 *
 * Stops (tolerances dimensionless, defaults below):
 *   "gradient tolerance"   max_j |J_j^T r| / (||J_j|| ||r||) <= gradientTolerance (cosine of the residual with every column);
 *   "relative reduction"   after an accepted step, the actual and the predicted loss reductions are both
 *                          <= reductionTolerance * loss;
 *   "zero residual"        r = 0 exactly;
 *   "no decrease"          lambda > MAX_DAMPING without a decreasing step (the float64 floor of this start);
 *   "max iterations"       maxIterations linearisations.
 */
import type { UnitForm } from '../core/unitForm.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { neuronShape, type NeuronShape } from '../network/neuronPolynomials.js';
import {
  flattenParams,
  parameterLayout,
  unflattenParams,
  type NetworkParams,
  type ParameterLayout,
} from '../network/networkParams.js';
import { FLOAT64_BACKEND } from './frozenGateLeastSquares.js';
import type { LevenbergMarquardtDiagnostics, TrainingOutcome } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';
import { PROJECTION_TOLERANCE } from './cellwiseRowCompression.js';
import { knotCells, type KnotCells } from './knotCells.js';
import { cellVandermondeQr, type CellQrCache } from './cellVandermondeQr.js';
import { networkOnCells } from './cellwiseNetwork.js';
import { structuredLinearisation } from './structuredDampedStep.js';
import { denseLinearisation, SMOOTH_COMPRESSION_TOLERANCE } from './denseDampedStep.js';
import type { DampedStep, Linearisation } from './dampedStep.js';
import {
  linearOwnParameters,
  moreScaling,
  normalisedIdentityScaling,
  ownParameterIndex,
  selectionScaling,
  type DampingScaling,
  type ParameterScaling,
} from './parameterScaling.js';

export type LinearAlgebraPath = 'structured' | 'dense';

export interface LevenbergMarquardtOptions {
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
  readonly reductionTolerance?: number;
  /** lambda of the first trial; default: calibrated so the first step has the length of the parameter vector */
  readonly initialDamping?: number;
  /** damping coordinates; default 'identity' (normalised input) */
  readonly damping?: DampingScaling;
  /** default: 'structured' for relu gates, 'dense' for smooth gates (which have no other) */
  readonly linearAlgebra?: LinearAlgebraPath;
  /** after each accepted step, re-solve the parameters the network is linear in (default true) */
  readonly linearResolve?: boolean;
}

/**
 * reductionTolerance 1e-8 is scipy least_squares' ftol default (our bench peer's stop on the cost). It was
 * 1e-12: measured on the GLU at n = 64 (paper target, N = 10,000, lsq start), 1e-12 let LM crawl on to
 * 1341 iterations and stop on "no decrease" at train RMSE 6.3727e-6, where 1e-8 stops on relative
 * reduction after 709 iterations at 6.3728e-6: the same minimum to 4 digits at half the work (README
 * "How it measures", lm).
 */
export const LM_DEFAULTS = {
  maxIterations: 50,
  gradientTolerance: 1e-10,
  reductionTolerance: 1e-8,
  damping: 'identity',
  linearResolve: true,
} as const;

/** damping of the linear re-solve, relative to the number of points (the columns' squared norms are O(N)) */
const LINEAR_RESOLVE_DAMPING = 1e-12;

/** lambda beyond which no decreasing step is taken to exist (the stop "no decrease"). */
export const MAX_DAMPING = 1e20;
const MIN_CALIBRATION_DAMPING = 1e-30;

function sumOfSquares(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

/** The residual r(theta) = y(xs) - ys, and for the structured path the cells it was evaluated on. */
interface Evaluation {
  readonly r: Float64Array;
  readonly loss: number;
  readonly cells: KnotCells | null;
}

function evaluator(
  unit: UnitForm,
  shape: NeuronShape | null,
  layout: ParameterLayout,
  xs: Float64Array,
  ys: Float64Array,
): (theta: Float64Array) => Evaluation {
  return (theta) => {
    let cells: KnotCells | null = null;
    let y: Float64Array;
    if (shape) {
      cells = knotCells(theta, layout, xs, shape.degree);
      y = networkOnCells(shape, theta, layout, cells, xs);
    } else {
      y = evaluateNetwork(unit, unflattenParams(unit, layout.n, theta), xs);
    }
    for (let t = 0; t < y.length; t++) y[t] -= ys[t];
    return { r: y, loss: sumOfSquares(y), cells };
  };
}

/**
 * The first lambda: scipy's trf starts with a trust radius equal to the length of the (scaled) parameter
 * vector; a fixed lambda has units (the loss's per squared parameter) and no good value for every unit and
 * width (GQU at n = 256 needs ~1e-7, GLU at n = 32 ~1e-3 in identity coordinates). So lambda is moved by
 * factors of 10 from 1e-3 until the step's length ||y|| lies in [radius/10, radius] (or the undamped step is
 * shorter), and Nielsen's rule takes over from there.
 */
export function initialDamping(
  stepAt: (lambda: number) => Pick<DampedStep, 'scaledNorm2'>,
  radius: number,
): { lambda: number; solves: number } {
  const target = radius > 0 ? radius : 1;
  let lambda = 1e-3;
  let solves = 1;
  let length = Math.sqrt(stepAt(lambda).scaledNorm2);
  if (length > target) {
    while (length > target && lambda < MAX_DAMPING) {
      lambda *= 10;
      length = Math.sqrt(stepAt(lambda).scaledNorm2);
      solves++;
    }
    return { lambda, solves };
  }
  while (length < target / 10 && lambda > MIN_CALIBRATION_DAMPING) {
    const shorter = lambda / 10;
    const next = Math.sqrt(stepAt(shorter).scaledNorm2);
    solves++;
    if (next > target) break;
    lambda = shorter;
    if (next <= length * 1.01) break; // the undamped step is reached: it is shorter than the radius
    length = next;
  }
  return { lambda, solves };
}

/** ||y|| of the parameter vector itself in the damping coordinates (delta = C y). */
function scaledLength(theta: Float64Array, layout: ParameterLayout, scaling: ParameterScaling): number {
  let sum = 0;
  const block = scaling.block;
  for (let i = 0; i < layout.n; i++) {
    const C = scaling.neuronTransform(i);
    // y_i = C_i^-1 theta_i; C_i is lower triangular per (weight, bias) pair and diagonal elsewhere.
    const own = Array.from({ length: block }, (_, p) => theta[ownParameterIndex(layout, i, p)]);
    const y = solveLowerTriangular(C, block, own);
    for (const v of y) sum += v * v;
  }
  const yd = theta[layout.outputBias] / scaling.outputBiasFactor;
  return Math.sqrt(sum + yd * yd);
}

function solveLowerTriangular(C: Float64Array, size: number, b: number[]): number[] {
  const y = new Array<number>(size).fill(0);
  for (let p = 0; p < size; p++) {
    let s = b[p];
    for (let p2 = 0; p2 < p; p2++) s -= C[p * size + p2] * y[p2];
    y[p] = C[p * size + p] !== 0 ? s / C[p * size + p] : 0;
  }
  return y;
}

/** max_j |J_j^T r| / (||J_j|| ||r||): the stop test "gradient tolerance". */
export function gradientCosine(lin: Pick<Linearisation, 'gradient' | 'columnNorms'>, loss: number): number {
  const rNorm = Math.sqrt(loss);
  let cosine = 0;
  for (let j = 0; j < lin.gradient.length; j++) {
    const norm = lin.columnNorms[j];
    if (norm > 0) cosine = Math.max(cosine, Math.abs(lin.gradient[j]) / (norm * rNorm));
  }
  return cosine;
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
  const path: LinearAlgebraPath = o.linearAlgebra ?? (unit.piecewisePolynomial ? 'structured' : 'dense');
  if (path === 'structured' && !unit.piecewisePolynomial)
    throw new RangeError(`levenbergMarquardt: the structured step needs a relu gate, not ${unit.gate.activation}`);
  const shape = path === 'structured' ? neuronShape(unit) : null;
  const n = start.n;
  const N = xs.length;
  const layout = parameterLayout(unit, n);
  const evaluate = evaluator(unit, shape, layout, xs, ys);
  let theta = flattenParams(unit, start);
  const P = theta.length;
  let current = evaluate(theta);
  const startLoss = current.loss;
  const lossHistory: number[] = [current.loss];
  const runningNorms = new Float64Array(P);
  const identity = normalisedIdentityScaling(layout, (xs[0] + xs[N - 1]) / 2, (xs[N - 1] - xs[0]) / 2);
  let lambda = o.initialDamping ?? NaN;
  let nu = 2;
  let iterations = 0;
  let solves = 0;
  let accepted = 0;
  let stopReason = 'max iterations';
  let largestRows = 0;
  let rawCells = 0;
  let worstDefect = 0;
  let lastCosine = NaN;
  let resolves = 0;
  const qrCache: CellQrCache = new Map();
  const linearise = (at: Float64Array, state: Evaluation): Linearisation => {
    if (shape && state.cells) {
      const qr = cellVandermondeQr(state.cells, xs, shape.degree + 1, qrCache);
      return structuredLinearisation(shape, at, layout, state.cells, qr, state.r);
    }
    const dense = denseLinearisation(unit, at, layout, xs, state.r);
    rawCells = Math.max(rawCells, dense.rawCells);
    worstDefect = Math.max(worstDefect, dense.worstDefect);
    return dense;
  };
  const exponents = unit.maps.map(
    (map) => (map === unit.gate.map ? unit.gate.power : 0) + (unit.factors.find((f) => f.map === map)?.power ?? 0),
  );
  const selection = selectionScaling(layout, linearOwnParameters(layout, exponents));
  outer: while (iterations < o.maxIterations) {
    if (current.loss === 0) {
      stopReason = 'zero residual';
      break;
    }
    iterations++;
    const lin = linearise(theta, current);
    largestRows = Math.max(largestRows, lin.rows);
    lastCosine = gradientCosine(lin, current.loss);
    if (lastCosine <= o.gradientTolerance) {
      stopReason = 'gradient tolerance';
      break;
    }
    let scaling: ParameterScaling = identity;
    if (o.damping === 'more') {
      for (let j = 0; j < P; j++) runningNorms[j] = Math.max(runningNorms[j], lin.columnNorms[j]);
      scaling = moreScaling(layout, runningNorms);
    }
    const dampedStep = lin.damped(scaling);
    if (Number.isNaN(lambda)) {
      const calibration = initialDamping(dampedStep, scaledLength(theta, layout, scaling));
      lambda = calibration.lambda;
      solves += calibration.solves;
    }
    for (;;) {
      const step = dampedStep(lambda);
      solves++;
      const trial = theta.map((v, j) => v + step.delta[j]);
      const next = evaluate(trial);
      const actual = current.loss - next.loss;
      if (Number.isFinite(next.loss) && next.loss < current.loss) {
        lambda = acceptedStepDamping(lambda, actual, step.predicted);
        nu = 2;
        const previousLoss = current.loss;
        theta = trial;
        current = next;
        lossHistory.push(current.loss);
        accepted++;
        if (o.linearResolve) {
          // The network is linear in these parameters once the rest is fixed: one undamped solve is exact.
          const resolve = linearise(theta, current).damped(selection)(LINEAR_RESOLVE_DAMPING * N);
          const resolved = theta.map((v, j) => v + resolve.delta[j]);
          const after = evaluate(resolved);
          solves++;
          if (after.loss < current.loss) {
            theta = resolved;
            current = after;
            resolves++;
          }
        }
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
  const diagnostics: LevenbergMarquardtDiagnostics = {
    kind: 'levenberg-marquardt',
    parameters: P,
    points: N,
    largestRows,
    compressed: unit.piecewisePolynomial,
    acceptedSteps: accepted,
    dampedSolves: solves,
    startLoss,
    finalLoss: current.loss,
    lossHistory,
    finalDamping: lambda,
    rawCells,
    projectionTolerance: unit.piecewisePolynomial ? PROJECTION_TOLERANCE : SMOOTH_COMPRESSION_TOLERANCE,
    worstProjectionDefect: worstDefect,
    linearResolves: resolves,
    finalGradientCosine: lastCosine,
    linearAlgebra: path,
    damping: o.damping,
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

/**
 * Nielsen's update of the damping after an accepted step (Madsen, Nielsen and Tingleff, "Methods for
 * non-linear least squares problems", 2004, sec. 3.2): gain ratio rho = actual / predicted reduction,
 * lambda times max(1/3, 1 - (2 rho - 1)^3). Shared by the 1-D and the d-dimensional trainer.
 */
export function acceptedStepDamping(lambda: number, actual: number, predicted: number): number {
  const rho = predicted > 0 ? actual / predicted : 0;
  return lambda * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
}

/** The relative-reduction stop: the actual and the predicted reduction both at most tolerance x the loss before the step. */
export function reductionStalled(actual: number, predicted: number, previousLoss: number, tolerance: number): boolean {
  return actual <= tolerance * previousLoss && Math.abs(predicted) <= tolerance * previousLoss;
}
