/**
 * Method `lsq`: gates frozen, the rest solved exactly by float64 least squares over the linear
 * family of the analysed unit (symbolic/analysedUnit: FrozenGateFamily).
 * Fast path: the same column space in a banded B-spline basis (fitFrozenGateSpline),
 * O(N) per width, the same least-squares optimum as the dense solve (tested to 1e-9 relative), with
 * the network parameters read off the spline and checked against it.
 * Dense path, when the banded one declines (two neurons on one knot, fewer than m + 1 distinct points, a
 * numerically singular tie-break): design frozenGateDesign, the project's pivoted-QR solveLeastSquares
 * with column scaling and min-norm on rank deficiency; N x (n (s+1) + 1) float64 twice, O(N cols^2) time,
 * so the caller is told first (beforeDense) and may refuse.
 * Residuals in target units; the recovered network is re-evaluated and must reproduce the fitted
 * values to 1e-9 relative to max|y| (float64 rounding is ~1e-14 here), else CheckFailedError.
 */
import type { Domain } from '../core/domain.js';
import type { AnalysedUnit, FrozenGateFamily } from '../symbolic/analysedUnit.js';
import { CheckFailedError } from '../core/errors.js';
import { solveLeastSquares, type LeastSquaresResult } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { frozenGateDesign, type FrozenGateDesign, type FrozenGates } from './frozenGateDesign.js';
import { frozenGateParams } from './frozenGateParams.js';
import type { LinearSolveDiagnostics, TrainingOutcome } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';
import { fitFrozenGateSpline, type FrozenGateSplineFit } from '../linalg/frozenGateSpline.js';
import { frozenGateColumnCount } from '../linalg/frozenGateColumns.js';
import { sortSample, type SortedSample } from '../linalg/sortedSample.js';

const RECOVERY_TOLERANCE = 1e-9;

export const FLOAT64_BACKEND = 'float64-js';

// A sweep fits every width and unit to the same training arrays: sort them once.
const sortedSamples = new WeakMap<Float64Array, { ys: Float64Array; sample: SortedSample }>();
function sortedOnce(xs: Float64Array, ys: Float64Array): SortedSample {
  const cached = sortedSamples.get(xs);
  if (cached && cached.ys === ys) return cached.sample;
  const sample = sortSample(xs, ys);
  sortedSamples.set(xs, { ys, sample });
  return sample;
}

/** 'auto': banded where it applies, else dense; 'dense': always the dense QR (the bench's reference). */
export type LsqSolver = 'auto' | 'dense';

/**
 * The frozen-gate least-squares optimum at given gates: coefficients in the frozenGateDesign layout
 * (per neuron c_(i,0..s), then the constant) and the training residual's sum of squares (target units
 * squared), from the banded spline solve where it applies, else dense pivoted QR. The building block
 * of `lsq` (one solve) and of `varpro` (one solve per trial of the knots).
 */
export interface FrozenGateSolution {
  readonly coefficients: Float64Array;
  /** sum of squared training residuals: from the fitted values (banded) or the rotated residual (dense) */
  readonly residualSquares: number;
  readonly banded: FrozenGateSplineFit | null;
  /** the dense solve and its design, when the banded solver declined (or was not asked for) */
  readonly dense: { readonly solution: LeastSquaresResult; readonly design: FrozenGateDesign } | null;
  /** why the banded solver declined; null when it ran */
  readonly declined: string | null;
}

/** The dense solve about to run: its design's shape and why the banded fit declined. */
export interface DenseSolvePlan {
  readonly rows: number;
  readonly columns: number;
  readonly reason: string;
}

export function solveFrozenGateFamily(
  family: FrozenGateFamily,
  gates: FrozenGates,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
  solver: LsqSolver = 'auto',
  /** told before a dense solve that replaces a declined banded one (the caller announces or refuses it) */
  beforeDense?: (plan: DenseSolvePlan) => void,
): FrozenGateSolution {
  const knots = Float64Array.from(gates.g, (g, i) => -g / gates.G[i]);
  const banded =
    solver === 'dense'
      ? { applicable: false as const, reason: 'dense solver requested' }
      : fitFrozenGateSpline({
          sample: sortedOnce(xs, ys),
          knots,
          gateWeights: gates.G,
          knotPower: family.knotPower,
          freeDegree: family.freeDegree,
          domain,
        });
  if (banded.applicable) {
    return {
      coefficients: banded.coefficients,
      residualSquares: banded.trainRmse ** 2 * xs.length,
      banded,
      dense: null,
      declined: null,
    };
  }
  if (solver !== 'dense')
    beforeDense?.({ rows: xs.length, columns: gates.G.length * (family.freeDegree + 1) + 1, reason: banded.reason });
  const design = frozenGateDesign(xs, gates, family, domain);
  const solution = solveLeastSquares(design.matrix, design.rows, design.cols, ys);
  return {
    coefficients: solution.x,
    residualSquares: solution.residualNorm ** 2,
    banded: null,
    dense: { solution, design },
    declined: solver === 'dense' ? null : banded.reason,
  };
}

export function fitFrozenGateLeastSquares(
  analysed: AnalysedUnit,
  gates: FrozenGates,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
  solver: LsqSolver = 'auto',
  beforeDense?: (plan: DenseSolvePlan) => void,
): TrainingOutcome {
  const unit = analysed.form;
  const family = analysed.frozenGate;
  if (!family) throw new Error(`fitFrozenGateLeastSquares: unit ${unit.name} has no frozen-gate family`);
  const knots = Float64Array.from(gates.g, (g, i) => -g / gates.G[i]);
  const solved = solveFrozenGateFamily(family, gates, xs, ys, domain, solver, beforeDense);
  const banded = solved.banded;
  const common = {
    kind: 'linear-solve' as const,
    points: xs.length,
    ties: family.ties,
    constants: family.constants,
    knotPower: family.knotPower,
    freeMap: family.freeMap,
  };
  if (banded) {
    const v = banded.notes;
    const diagnostics: LinearSolveDiagnostics = {
      ...common,
      solver: 'banded',
      declined: null,
      columns: frozenGateColumnCount({
        knots,
        gateWeights: gates.G,
        knotPower: family.knotPower,
        freeDegree: family.freeDegree,
        domain,
      }),
      rank: v.columnSpaceDimension - v.undetermined,
      conditionEstimate: v.conditionEstimate,
      span: null,
      spline: {
        degree: v.splineDegree,
        interiorKnots: v.interiorKnots,
        constraints: v.constraints,
        edgeNeurons: v.edgeNeurons,
        deadNeurons: v.deadNeurons,
        networkDeviation: v.networkDeviation,
        undetermined: v.undetermined,
      },
    };
    return {
      params: frozenGateParams(unit, family, gates, banded.coefficients, domain),
      iterations: 1,
      stopReason: 'exact solve',
      diagnostics,
      notes: renderDiagnostics(diagnostics),
      backend: FLOAT64_BACKEND,
      fitted: { trainRmse: banded.trainRmse, predict: (points) => banded.predict(points) },
    };
  }
  const { design, solution } = solved.dense as NonNullable<FrozenGateSolution['dense']>;
  const params = frozenGateParams(unit, family, gates, solution.x, domain);

  const fitted = new Float64Array(design.rows);
  for (let j = 0; j < design.cols; j++) {
    const c = solution.x[j];
    if (c === 0) continue;
    for (let t = 0; t < design.rows; t++) fitted[t] += design.matrix[t + j * design.rows] * c;
  }
  const network = evaluateNetwork(unit, params, xs);
  let scale = 0;
  let worst = 0;
  for (let t = 0; t < xs.length; t++) {
    scale = Math.max(scale, Math.abs(ys[t]), Math.abs(fitted[t]));
    worst = Math.max(worst, Math.abs(network[t] - fitted[t]));
  }
  if (!(worst <= RECOVERY_TOLERANCE * Math.max(scale, 1e-300))) {
    throw new CheckFailedError(
      'lsq parameter recovery',
      `network with recovered parameters differs from the least-squares fit by ${worst.toExponential(3)} (tolerance ${RECOVERY_TOLERANCE} x ${scale.toExponential(3)})`,
    );
  }

  const gate = family.knotPower === 1 ? 'relu(z_i)' : `relu(z_i)^${family.knotPower}`;
  const diagnostics: LinearSolveDiagnostics = {
    ...common,
    solver: 'dense',
    declined: solved.declined,
    columns: design.cols,
    rank: solution.rank,
    conditionEstimate: solution.conditionEstimate,
    span: family.freeDegree === 1 ? `${gate} * {1, x}` : gate,
    spline: null,
  };
  return {
    params,
    iterations: 1,
    stopReason: 'exact solve',
    diagnostics,
    notes: renderDiagnostics(diagnostics),
    backend: FLOAT64_BACKEND,
  };
}
