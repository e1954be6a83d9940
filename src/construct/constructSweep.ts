/**
 * Explicit constructions over a list of widths, measured on the dense test grid (TEST_GRID_POINTS
 * uniform points on [a, b]): RMSE in target units, observed local orders between consecutive widths
 * (log(L_(i+1)/L_i) / log(n_(i+1)/n_i), a slope: negative, comparable with -(m+1)), and the ratio of
 * the RMSE to the proved leading term C h^(m+1) RMS_domain(f^(m+1)), with C and m+1 from
 * symbolic/proveUnit and h the cell width actually used at that width. RMS_domain of the derivative
 * is the same grid mean as the RMSE. slope.vsN / vsP: least-squares log-log slope over all rows
 * (null with fewer than two rows or a zero RMSE, e.g. a target the spline reproduces exactly).
 *
 * Examples:  constructSweep(parseUnit('gqu'), compileTarget('1/(1+cos(pi*x)^2)', [-1, 1]), [16, 32, 64]).slope.vsN
 */
import type { Domain } from '../core/domain.js';
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { logLogSlope } from '../fit/logLogSlope.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { parameterCount, type NetworkParams } from '../network/networkParams.js';
import { proveUnit } from '../symbolic/proveUnit.js';
import { observedLocalOrders } from '../fit/observedLocalOrders.js';
import { constructNetwork, minimumConstructionWidth, type ConstructionOptions } from './constructNetwork.js';
import { splineForUnit } from './splineForSpec.js';
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
  /** observed local order from the previous row (null on the first row) */
  readonly localOrder: number | null;
  /** rmse / (C h^(m+1) RMS(f^(m+1))); null when f^(m+1) vanishes on the grid */
  readonly ratioToPredicted: number | null;
  /** the constructed parameters */
  readonly network: NetworkParams;
  /** bound of sum |terms| of the network output, target units (cancellation = termMagnitude / max |f|) */
  readonly termMagnitude: number;
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
  readonly rows: readonly ConstructSweepRow[];
  readonly slope: { readonly vsN: number | null; readonly vsP: number | null };
}

export function constructSweep(
  unit: UnitForm, target: Target, widths: readonly number[], options: ConstructionOptions = {},
): ConstructSweep {
  if (widths.length === 0) throw new UsageError('no widths given');
  const minimum = minimumConstructionWidth(unit);
  const tooSmall = widths.find((n) => n < minimum);
  if (tooSmall !== undefined) {
    throw new UsageError(`width ${tooSmall} is too small for the ${unit.name} construction: it needs at least ${minimum} neurons`);
  }
  const proof = proveUnit(unit);
  const C = proof.rmseConstant.value;
  const order = proof.derivativeOrder;
  const xs = uniformGrid(target.domain, TEST_GRID_POINTS);
  const fx = xs.map(target.value);
  const derivative = target.derivative(order);
  const derivativeRms = rootMeanSquareDifference(xs.map(derivative), new Float64Array(xs.length));
  if (!Number.isFinite(derivativeRms)) {
    throw new UsageError(`derivative ${order} of target "${target.expression}" is not finite on [${target.domain[0]}, ${target.domain[1]}]`);
  }
  const sorted = [...new Set(widths)].sort((p, q) => p - q);
  const built = sorted.map((n) => constructNetwork(unit, target, n, options));
  const rmses = built.map((b) => rootMeanSquareDifference(evaluateNetwork(unit, b.params, xs), fx));
  const localOrders = observedLocalOrders(sorted, rmses).map((l) => (Number.isFinite(l.order) ? l.order : null));
  const rows: ConstructSweepRow[] = built.map((b, i) => {
    const leading = C * b.h ** order * derivativeRms;
    return {
      n: sorted[i], params: parameterCount(unit, sorted[i]), cells: b.cells, h: b.h, rmse: rmses[i],
      localOrder: i === 0 ? null : localOrders[i - 1], ratioToPredicted: leading > 0 ? rmses[i] / leading : null,
      network: b.params, termMagnitude: b.termMagnitude,
    };
  });
  const fittable = rows.length >= 2 && rows.every((r) => r.rmse > 0);
  const slopeOf = (x: (r: ConstructSweepRow) => number) => (fittable ? logLogSlope(rows.map(x), rows.map((r) => r.rmse)).slope : null);
  const { spec, construction } = splineForUnit(unit);
  return {
    unit: unit.name,
    expression: unit.expression,
    target: target.expression,
    domain: target.domain,
    testPoints: TEST_GRID_POINTS,
    construction: {
      degree: spec.degree, continuity: spec.continuity, description: construction.description,
      headNeurons: minimum, predictedSlope: -order,
      rmseConstant: { exact: proof.rmseConstant.exact, value: C }, derivativeOrder: order, derivativeRms,
    },
    rows,
    slope: { vsN: slopeOf((r) => r.n), vsP: slopeOf((r) => r.params) },
  };
}
