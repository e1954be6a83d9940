/**
 * Explicit constructions over a list of widths, measured on the dense test grid (TEST_GRID_POINTS
 * uniform points on [a, b]): RMSE in target units and the ratio of the RMSE to the proved leading
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
import { rootMeanSquareDifference, uniformGrid, TEST_GRID_POINTS } from '../core/testGrid.js';

export interface ConstructSweepRow {
  /** width (neurons) */
  readonly n: number;
  /** parameter count P = (2k + 1) n + 1 */
  readonly params: number;
  /** cells N and cell width h = (b - a)/N actually used */
  readonly cells: number;
  readonly h: number;
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
  readonly testPoints: number;
  readonly construction: {
    readonly degree: number;
    readonly continuity: number;
    readonly description: string;
    readonly headNeurons: number;
    readonly predictedSlope: number;
    readonly rmseConstant: { readonly exact: string; readonly value: number };
    readonly derivativeOrder: number;
    /** RMS over the grid of f^(m+1), target units per x unit^(m+1) */
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
  const xs = uniformGrid(target.domain, TEST_GRID_POINTS);
  const fx = xs.map(target.value);
  const derivativeRms = rootMeanSquareDifference(
    finiteDerivativeValues(target, order, xs),
    new Float64Array(xs.length),
  );
  const sorted = [...new Set(widths)].sort((p, q) => p - q);
  const rows: ConstructSweepRow[] = sorted.map((n) => {
    const built = constructNetwork(analysed, target, n, options);
    const y = evaluateNetwork(unit, built.params, xs);
    const rmse = rootMeanSquareDifference(y, fx);
    const leading = C * built.h ** order * derivativeRms;
    return {
      n,
      params: parameterCount(unit, n),
      cells: built.cells,
      h: built.h,
      rmse,
      ratioToPredicted: leading > 0 ? rmse / leading : null,
      network: built.params,
      headKnots: built.headKnots,
      termMagnitude: built.termMagnitude,
      roundingError: constructionRoundingError(built.spline, y, xs),
    };
  });
  return {
    unit: unit.name,
    expression: unit.expression,
    target: target.expression,
    domain: target.domain,
    testPoints: TEST_GRID_POINTS,
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
