/**
 * Step 6 of the banded frozen-gate fit, the cross-check (never an unchecked result): the network built
 * from the coefficients is evaluated at m + 2 points inside every cell of I, which determines a
 * degree-m piecewise polynomial, and must match the spline to NETWORK_MATCH_TOLERANCE relative to
 * the sum of |terms|; else CheckFailedError.
 */
import { CheckFailedError } from '../../core/errors.js';
import { bsplineScratch } from '../bsplineBasis.js';
import { countAtMost } from '../knotSpan.js';
import { evaluateFrozenGateColumns, type FrozenGateColumns } from '../frozenGateColumns.js';
import { splineValue } from './bandedDesign.js';
import type { SplineKnots } from './splineKnots.js';

/**
 * Network vs spline at the check points, relative to the sum of |terms|. Measured deviations are
 * 1e-16..1e-13 (reading jumps of the m-th derivative loses about log10(1/h) digits); a wrong
 * coefficient gives O(1). The bound sits far above rounding and far below any real mismatch.
 */
export const NETWORK_MATCH_TOLERANCE = 1e-9;

/** The largest relative deviation of the network from the spline; throws CheckFailedError beyond the tolerance. */
export function checkNetworkMatchesSpline(
  family: FrozenGateColumns,
  knots: SplineKnots,
  alpha: Float64Array,
  splineCoefficients: Float64Array,
): number {
  const { lo, hi, tau, m, width } = knots;
  const cellEdges = [lo, ...tau, hi];
  const K = tau.length;
  const checkXs = new Float64Array((K + 1) * (m + 2));
  for (let c = 0; c <= K; c++) {
    for (let q = 0; q < m + 2; q++)
      checkXs[c * (m + 2) + q] = cellEdges[c] + ((cellEdges[c + 1] - cellEdges[c]) * (q + 0.5)) / (m + 2);
  }
  const network = evaluateFrozenGateColumns(family, alpha, checkXs);
  const scratch = bsplineScratch(m);
  const tmp = new Float64Array(width);
  let networkDeviation = 0;
  for (let q = 0; q < checkXs.length; q++) {
    const f = splineValue(knots, splineCoefficients, checkXs[q], countAtMost(tau, checkXs[q]), tmp, scratch);
    const deviation = Math.abs(network.values[q] - f) / (network.magnitudes[q] + Math.abs(f) || 1);
    networkDeviation = Math.max(networkDeviation, deviation);
  }
  if (!(networkDeviation <= NETWORK_MATCH_TOLERANCE)) {
    throw new CheckFailedError(
      'frozen-gate spline: network parameters reproduce the spline',
      `relative deviation ${networkDeviation.toExponential(3)} > ${NETWORK_MATCH_TOLERANCE} (n = ${family.knots.length}, a = ${family.knotPower}, s = ${family.freeDegree})`,
    );
  }
  return networkDeviation;
}
