/**
 * Explicit constructions over a list of widths, measured on the dense test grid (testGridPoints(n)
 * uniform points on [a, b]: 20001 up to n = 625, then 32 n + 1, core/testGrid.ts): RMSE in target units and the ratio of the RMSE to the proved leading
 * term C h^(m+1) RMS_domain(f^(m+1)), with C and m+1 from symbolic/proveUnit and h the cell width
 * actually used at that width. RMS_domain of the derivative is the same grid mean as the RMSE.
 * Slopes and local orders are the fit stage's (src/fit), computed by whoever reads the rows.
 *
 * Each row also carries the construction's own rounding error (constructionRoundingError), which the
 * fit stage uses to exclude widths where rounding is a visible fraction of the RMSE.
 *
 * The caller checks that the unit has a construction and that every width is at least its smallest
 * width (analysed.minimumWidth); the boundary reports those with their reasons.
 *
 * Examples:  constructSweep(analysedUnit(parseUnit('gqu')), compileTarget('1/(1+cos(pi*x)^2)', [-1, 1]), [16, 32, 64]).rows
 */
import type { Domain } from '../core/domain.js';
import { finiteDerivativeValues, type Target } from '../core/target.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { parameterCount, type NetworkParams } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { proveUnit } from '../symbolic/proveUnit.js';
import { constructNetwork, type ConstructionOptions } from './constructNetwork.js';
import { constructionRoundingError } from './constructionRoundingError.js';
import { rootMeanSquareDifference, testGridPoints, uniformGrid } from '../core/testGrid.js';

export interface ConstructSweepRow {
  /** width (neurons) */
  readonly n: number;
  /** parameter count P = (2k + 1) n + 1 */
  readonly params: number;
  /** cells N and cell width h = (b - a)/N actually used */
  readonly cells: number;
  readonly h: number;
  /** points of the test grid at this width (testGridPoints(n)) */
  readonly testPoints: number;
  /** RMSE over the test grid, target units */
  readonly rmse: number;
  /** rmse / (C h^(m+1) RMS(f^(m+1))); null when f^(m+1) vanishes on the grid */
  readonly ratioToPredicted: number | null;
  /** the constructed parameters */
  readonly network: NetworkParams;
  /** knots of the head neurons, s_0 = a first */
  readonly headKnots: readonly number[];
  /** bound of sum |terms| of the network output, target units (cancellation = termMagnitude / max |f|) */
  readonly termMagnitude: number;
  /** RMS over the test grid of (float64 network - its spline), target units: the construction's own rounding (constructionRoundingError) */
  readonly roundingError: number;
}

export interface ConstructSweep {
  readonly unit: string;
  readonly expression: string;
  readonly target: string;
  readonly domain: Domain;
  /** test-grid points of the widest row (each row states its own) */
  readonly testPoints: number;
  readonly construction: {
    readonly degree: number;
    readonly continuity: number;
    readonly description: string;
    readonly headNeurons: number;
    readonly predictedSlope: number;
    readonly rmseConstant: { readonly exact: string; readonly value: number };
    readonly derivativeOrder: number;
    /** RMS over the 20001-point grid of f^(m+1), target units per x unit^(m+1) */
    readonly derivativeRms: number;
  };
  /** one row per distinct width, increasing n */
  readonly rows: readonly ConstructSweepRow[];
}

export function constructSweep(
  analysed: AnalysedUnit,
  target: Target,
  widths: readonly number[],
  options: ConstructionOptions = {},
): ConstructSweep {
  const { construction, headNeurons } = analysed;
  const unit = analysed.form;
  if (!construction || headNeurons === null) throw new Error(`constructSweep: ${analysed.noConstruction}`);
  const proof = proveUnit(analysed);
  const C = proof.rmseConstant.value;
  const order = proof.derivativeOrder;
  // The grid and the target on it, per grid size (one up to n = 625); only the 20001-point grid and the
  // current one are kept, so that a long width list holds at most two grids.
  const grids = new Map<number, { xs: Float64Array; fx: Float64Array; derivativeRms: number }>();
  const gridOf = (points: number) => {
    let grid = grids.get(points);
    if (!grid) {
      const xs = uniformGrid(target.domain, points);
      const derivativeRms = rootMeanSquareDifference(
        finiteDerivativeValues(target, order, xs),
        new Float64Array(xs.length),
      );
      grid = { xs, fx: xs.map(target.value), derivativeRms };
      for (const kept of grids.keys()) if (kept !== testGridPoints(0)) grids.delete(kept);
      grids.set(points, grid);
    }
    return grid;
  };
  const derivativeRms = gridOf(testGridPoints(0)).derivativeRms;
  const sorted = [...new Set(widths)].sort((p, q) => p - q);
  const rows: ConstructSweepRow[] = sorted.map((n) => {
    const built = constructNetwork(analysed, target, n, options);
    const testPoints = testGridPoints(n);
    const grid = gridOf(testPoints);
    const y = evaluateNetwork(unit, built.params, grid.xs);
    const rmse = rootMeanSquareDifference(y, grid.fx);
    const leading = C * built.h ** order * grid.derivativeRms;
    return {
      n,
      params: parameterCount(unit, n),
      cells: built.cells,
      h: built.h,
      testPoints,
      rmse,
      ratioToPredicted: leading > 0 ? rmse / leading : null,
      network: built.params,
      headKnots: built.headKnots,
      termMagnitude: built.termMagnitude,
      roundingError: constructionRoundingError(built.spline, y, grid.xs),
    };
  });
  return {
    unit: unit.name,
    expression: unit.expression,
    target: target.expression,
    domain: target.domain,
    testPoints: testGridPoints(sorted[sorted.length - 1] ?? 0),
    construction: {
      degree: construction.degree,
      continuity: construction.continuity,
      description: construction.summary,
      headNeurons,
      predictedSlope: -order,
      rmseConstant: { exact: proof.rmseConstant.exact, value: C },
      derivativeOrder: order,
      derivativeRms,
    },
    rows,
  };
}
