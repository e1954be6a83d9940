/**
 * Method `varpro`: variable projection for the separable problem min over (t, alpha) of
 * ||Phi(t) alpha - y||^2 (Golub & Pereyra 1973), with Kaufman's Jacobian (kaufmanKnotJacobian).
 *   - linear part: the coefficients alpha of the unit's frozen-gate family (the lsq family, ties
 *     included: the GQU's U = G, u = g), solved EXACTLY at every trial knot vector by lsq's solvers
 *     (the banded B-spline QR on the data sorted once; dense pivoted QR of the cell-compressed design
 *     where it declines);
 *   - nonlinear part: the knots t_i = -g_i / G_i, directions sigma_i = sign(G_i) fixed (|G_i| is
 *     absorbed by alpha, so the gates' scale symmetry is gone), moved by Levenberg-Marquardt on the
 *     projected loss ||P_perp(t) y||^2.
 * So the first iterate IS frozen-gate lsq at the starting gates, and every accepted step strictly
 * lowers the exact projected loss: the result is never worse than lsq at its start.
 *
 * Damped step: min ||J_K delta + r||^2 + lambda ||S delta||^2 by the project's pivoted QR of the
 * stacked system (never the normal equations), S = Moré's scaling (the largest norm each column of
 * J_K has had). A column that vanishes after the projection (an edge neuron whose moves the linear
 * part absorbs entirely) gets the largest scale instead of its own ~1e-16, else rounding noise would
 * become a huge knot move. Lambda follows Nielsen's rule as in `lm`. Predicted reduction from the
 * linear model, actual reduction from the exact inner solve at the trial knots.
 *
 * Stops (tolerances dimensionless):
 *   "gradient tolerance"  max_i |J_K,i^T r| / (||J_K,i|| ||r||) <= gradientTolerance;
 *   "relative step"       max_i |delta_i| <= stepTolerance (b - a) after an accepted step taken with
 *                         lambda < 1e-2 (with a large lambda a tiny step says nothing about convergence);
 *   "relative reduction"  actual and predicted reductions both <= reductionTolerance * loss;
 *   "no decrease"         lambda > 1e20 without a decreasing step;
 *   "max iterations"      maxIterations Jacobians evaluated.
 * No wall-clock limit: the result depends only on the inputs.
 *
 * Cost per iteration: one N x (p + n) column build and its cell compression (O(N (p + n) (m + 1))),
 * one pivoted QR of the compressed Phi (about 4n x 2n) applied to n + 1 columns, and per damping trial
 * one (rows + n) x n QR plus one O(N) banded inner solve: O(n^3) per iteration, dense.
 */
import type { Domain } from '../core/domain.js';
import { CheckFailedError } from '../core/errors.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { sortSample, type SortedSample } from '../linalg/sortedSample.js';
import { fitFrozenGateSpline, type FrozenGateSplineFit } from '../linalg/frozenGateSpline.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import type { FrozenGates } from './frozenGateDesign.js';
import { fitFrozenGateLeastSquares, FLOAT64_BACKEND } from './frozenGateLeastSquares.js';
import { frozenGateParams } from './frozenGateParams.js';
import { compressedFrozenGateDesign, solveCompressedFrozenGate } from './compressedFrozenGateDesign.js';
import { kaufmanKnotJacobian, type KaufmanJacobian } from './kaufmanKnotJacobian.js';
import { dampedGaussNewtonStep, dampingAfterAcceptedStep } from './dampedGaussNewtonStep.js';
import type { TrainingOutcome, VariableProjectionDiagnostics } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';
import { LM_DEFAULTS } from './levenbergMarquardt.js';

export interface VariableProjectionOptions {
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
  readonly stepTolerance?: number;
  readonly reductionTolerance?: number;
  readonly initialDamping?: number;
}

export const VARPRO_DEFAULTS = {
  maxIterations: 100,
  gradientTolerance: 1e-10,
  stepTolerance: 1e-10,
  // the LM's (scipy's ftol): measured on the paper target (five units, n = 16, 32, 64, spline start), it
  // stops the converged runs 1-29 iterations sooner than 1e-12 did at the same test RMSE to 5 digits
  reductionTolerance: LM_DEFAULTS.reductionTolerance,
  initialDamping: 1e-3,
} as const;

const MAX_DAMPING = 1e20;
/** The final network must reproduce the inner solve's training loss to this relative accuracy. */
const RECOVERY_TOLERANCE = 1e-9;
/** Below this damping an accepted step is a Gauss-Newton step, and a tiny one means convergence. */
const GAUSS_NEWTON_DAMPING = 1e-2;
/** A projected column below this fraction of the largest is treated as vanishing (damped like the largest). */
const VANISHING_COLUMN = 1e-8;

interface InnerSolver {
  solve(knots: Float64Array): InnerSolution;
  readonly count: { solves: number; dense: number };
}

/** The exact inner solve at given knots: the banded spline solver, else dense QR of the compressed design. */
function innerSolver(
  family: NonNullable<AnalysedUnit['frozenGate']>,
  sample: SortedSample,
  directions: Float64Array,
  domain: Domain,
): InnerSolver {
  const count = { solves: 0, dense: 0 };
  return {
    count,
    solve(knots) {
      count.solves++;
      const banded = fitFrozenGateSpline({
        sample,
        knots,
        gateWeights: directions,
        knotPower: family.knotPower,
        freeDegree: family.freeDegree,
        domain,
      });
      if (banded.applicable)
        return {
          coefficients: banded.coefficients,
          residualSquares: banded.trainRmse ** 2 * sample.xs.length,
          rank: banded.notes.columnSpaceDimension,
          banded,
        };
      count.dense++;
      const design = compressedFrozenGateDesign(family, knots, directions, sample.xs, sample.ys, domain);
      const solved = solveCompressedFrozenGate(design);
      return {
        coefficients: solved.coefficients,
        residualSquares: solved.residualSquares,
        rank: solved.solution.rank,
        banded: null,
      };
    },
  };
}

/**
 * Column norms and the gradient J_K^T r; the largest cosine between r and a non-vanishing column; and
 * the damping scale: Moré's running maximum of each column's norm (updated in place), the largest
 * one for a column that has always been vanishing.
 */
function gradientAndScale(jac: KaufmanJacobian, scaling: Float64Array): { cosine: number; scale: Float64Array } {
  const M = jac.rows;
  const n = scaling.length;
  const r = jac.residual;
  let rr = 0;
  for (const v of r) rr += v * v;
  const norms = new Float64Array(n);
  const gradient = new Float64Array(n);
  let largestNorm = 0;
  for (let i = 0; i < n; i++) {
    let s2 = 0;
    let dot = 0;
    for (let k = 0; k < M; k++) {
      const v = jac.matrix[k + i * M];
      s2 += v * v;
      dot += v * r[k];
    }
    norms[i] = Math.sqrt(s2);
    gradient[i] = dot;
    scaling[i] = Math.max(scaling[i], norms[i]);
    largestNorm = Math.max(largestNorm, norms[i]);
  }
  let cosine = 0;
  for (let i = 0; i < n; i++)
    if (norms[i] > VANISHING_COLUMN * largestNorm && rr > 0)
      cosine = Math.max(cosine, Math.abs(gradient[i]) / (norms[i] * Math.sqrt(rr)));
  let largestScale = 0;
  for (const v of scaling) largestScale = Math.max(largestScale, v);
  const scale = Float64Array.from(scaling, (v) =>
    v > VANISHING_COLUMN * largestScale ? v : largestScale > 0 ? largestScale : 1,
  );
  return { cosine, scale };
}

interface Iterate {
  readonly knots: Float64Array;
  readonly solution: InnerSolution;
}

/** Kaufman's Jacobian at an iterate, on the compressed design of its knots. */
function jacobianAt(
  family: NonNullable<AnalysedUnit['frozenGate']>,
  at: Iterate,
  directions: Float64Array,
  sample: SortedSample,
  domain: Domain,
): KaufmanJacobian {
  const design = compressedFrozenGateDesign(family, at.knots, directions, sample.xs, sample.ys, domain);
  return kaufmanKnotJacobian(family, design, at.knots, directions, at.solution.coefficients, domain, at.solution.rank);
}

type TrialsResult =
  | { readonly accepted: Iterate; readonly lambda: number; readonly stop: string | null }
  | { readonly accepted: null; readonly lambda: number; readonly stop: string };

/**
 * Damping trials from one Jacobian until a step lowers the exact projected loss (Nielsen's schedule),
 * or lambda exceeds MAX_DAMPING. Reports the convergence stops that an accepted step can trigger.
 */
function dampedTrials(
  jac: KaufmanJacobian,
  scale: Float64Array,
  at: Iterate,
  lambdaStart: number,
  inner: InnerSolver,
  o: Required<VariableProjectionOptions>,
  domainLength: number,
): TrialsResult {
  let lambda = lambdaStart;
  let nu = 2;
  const loss = at.solution.residualSquares;
  for (;;) {
    const step = dampedGaussNewtonStep(jac.matrix, jac.rows, scale.length, jac.residual, scale, lambda);
    const knots = Float64Array.from(at.knots, (t, i) => t + step.delta[i]);
    const trial = inner.solve(knots);
    const actual = loss - trial.residualSquares;
    if (Number.isFinite(trial.residualSquares) && actual > 0) {
      const predicted = step.predictedReduction;
      let largestMove = 0;
      for (const v of step.delta) largestMove = Math.max(largestMove, Math.abs(v));
      let stop: string | null = null;
      if (lambda < GAUSS_NEWTON_DAMPING && largestMove <= o.stepTolerance * domainLength) stop = 'relative step';
      else if (actual <= o.reductionTolerance * loss && Math.abs(predicted) <= o.reductionTolerance * loss)
        stop = 'relative reduction';
      const rho = predicted > 0 ? actual / predicted : 0;
      return { accepted: { knots, solution: trial }, lambda: dampingAfterAcceptedStep(lambda, rho), stop };
    }
    lambda *= nu;
    nu *= 2;
    if (lambda > MAX_DAMPING) return { accepted: null, lambda, stop: 'no decrease' };
  }
}

export function variableProjection(
  analysed: AnalysedUnit,
  startGates: FrozenGates,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
  options: VariableProjectionOptions = {},
): TrainingOutcome {
  const family = analysed.frozenGate;
  if (!family) throw new RangeError(`variableProjection: unit ${analysed.form.name} has no frozen-gate family`);
  if (startGates.G.some((G) => G === 0)) throw new RangeError('variableProjection: a gate weight is 0 (no knot)');
  const o: Required<VariableProjectionOptions> = { ...VARPRO_DEFAULTS, ...options };
  const n = startGates.G.length;
  const directions = Float64Array.from(startGates.G, (G) => (G > 0 ? 1 : -1));
  const startKnots = Float64Array.from(startGates.g, (g, i) => -g / startGates.G[i]);
  // Sorted once: cells and the banded solver need sorted points.
  const sample = sortSample(xs, ys);
  const inner = innerSolver(family, sample, directions, domain);
  let at: Iterate = { knots: startKnots, solution: inner.solve(startKnots) };
  const startLoss = at.solution.residualSquares;
  const lossHistory = [startLoss];
  const scaling = new Float64Array(n);
  let lambda = o.initialDamping;
  let iterations = 0;
  let stopReason = 'max iterations';
  let largestRows = 0;
  let worstLinearRank = Number.POSITIVE_INFINITY;
  while (iterations < o.maxIterations) {
    if (at.solution.residualSquares === 0) {
      stopReason = 'zero residual';
      break;
    }
    iterations++;
    const jac = jacobianAt(family, at, directions, sample, domain);
    largestRows = Math.max(largestRows, jac.rows);
    worstLinearRank = Math.min(worstLinearRank, jac.linearRank);
    const { cosine, scale } = gradientAndScale(jac, scaling);
    if (cosine <= o.gradientTolerance) {
      stopReason = 'gradient tolerance';
      break;
    }
    const trials = dampedTrials(jac, scale, at, lambda, inner, o, domain[1] - domain[0]);
    lambda = trials.lambda;
    if (trials.accepted) {
      at = trials.accepted;
      lossHistory.push(at.solution.residualSquares);
    }
    if (trials.stop) {
      stopReason = trials.stop;
      break;
    }
  }
  const gates: FrozenGates = { G: directions, g: Float64Array.from(at.knots, (t, i) => -directions[i] * t) };
  const final = finalNetwork(analysed, gates, at.solution, sample.xs, sample.ys, domain);
  const diagnostics = varproDiagnostics(family, startKnots, at, domain, xs.length, {
    startLoss,
    lossHistory,
    innerSolves: inner.count.solves,
    denseInnerSolves: inner.count.dense,
    finalDamping: lambda,
    largestRows,
    worstLinearRank: Number.isFinite(worstLinearRank) ? worstLinearRank : 0,
  });
  return {
    params: final.params,
    iterations,
    stopReason,
    diagnostics,
    notes: renderDiagnostics(diagnostics),
    backend: FLOAT64_BACKEND,
    ...(final.fitted ? { fitted: final.fitted } : {}),
  };
}

function varproDiagnostics(
  family: NonNullable<AnalysedUnit['frozenGate']>,
  startKnots: Float64Array,
  at: Iterate,
  domain: Domain,
  points: number,
  counts: Pick<
    VariableProjectionDiagnostics,
    | 'startLoss'
    | 'lossHistory'
    | 'innerSolves'
    | 'denseInnerSolves'
    | 'finalDamping'
    | 'largestRows'
    | 'worstLinearRank'
  >,
): VariableProjectionDiagnostics {
  const n = startKnots.length;
  const spacing = (domain[1] - domain[0]) / n;
  let largestKnotMove = 0;
  for (let i = 0; i < n; i++)
    largestKnotMove = Math.max(largestKnotMove, Math.abs(at.knots[i] - startKnots[i]) / spacing);
  return {
    kind: 'variable-projection',
    knots: n,
    linearParameters: at.solution.coefficients.length,
    points,
    ...counts,
    finalLoss: at.solution.residualSquares,
    acceptedSteps: counts.lossHistory.length - 1,
    largestKnotMove,
    ties: family.ties,
    constants: family.constants,
    knotPower: family.knotPower,
    freeMap: family.freeMap,
  };
}

interface InnerSolution {
  /** frozenGateDesign layout */
  readonly coefficients: Float64Array;
  /** training residual sum of squares, target units squared */
  readonly residualSquares: number;
  /** dimension of the column space (exact from the knots when banded, numerical otherwise) */
  readonly rank: number;
  readonly banded: FrozenGateSplineFit | null;
}

/**
 * The reported network at the final knots. Banded: lsq itself (its recovery check and fitted spline).
 * Otherwise the compressed solve's coefficients as network parameters, checked: the network's own
 * training loss must equal the inner solve's to RECOVERY_TOLERANCE relative, else CheckFailedError.
 */
function finalNetwork(
  analysed: AnalysedUnit,
  gates: FrozenGates,
  solution: InnerSolution,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
): Pick<TrainingOutcome, 'params' | 'fitted'> {
  if (solution.banded) return fitFrozenGateLeastSquares(analysed, gates, xs, ys, domain);
  const family = analysed.frozenGate!;
  const params = frozenGateParams(analysed.form, family, gates, solution.coefficients, domain);
  const values = evaluateNetwork(analysed.form, params, xs);
  let loss = 0;
  let scale = 0;
  for (let t = 0; t < xs.length; t++) {
    loss += (values[t] - ys[t]) ** 2;
    scale += ys[t] * ys[t];
  }
  if (!(Math.abs(loss - solution.residualSquares) <= RECOVERY_TOLERANCE * Math.max(loss, 1e-12 * scale))) {
    throw new CheckFailedError(
      'varpro parameter recovery',
      `the network's training loss ${loss.toExponential(6)} differs from the compressed solve's ${solution.residualSquares.toExponential(6)}`,
    );
  }
  return { params };
}
