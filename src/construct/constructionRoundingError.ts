/**
 * The construction's own float64 rounding error at one width, target units: the RMS over the
 * given grid of (float64 network output - its spline), the spline evaluated in local coordinates
 * (each cell's Taylor polynomial at its left knot, Horner in x - t_j, terms O(|f^(k)| h^k): no
 * cancellation, so it is accurate to a few eps |f|).
 *
 * Why measured rather than bounded: the difference is exactly what rounding adds to the network's
 * error against the proved spline (the conversion's rounded parameters and the forward pass's
 * cancellation over terms of size up to termMagnitude), and costs one pass over the grid. The bound
 * n eps termMagnitude is typically two to four orders of magnitude larger than the measured
 * difference (README "How the claims are derived"), so it would flag clean widths. What it leaves
 * out, the spline's own float64 error (a few eps |f| times the scheme's Lebesgue constant), is what
 * the precision floor FLOOR_MARGIN eps |f| of the window covers (src/fit/asymptoticWindow).
 *
 * Examples:  constructionRoundingError(built.spline, evaluateNetwork(unit, built.params, xs), xs)
 */
import { rootMeanSquareDifference } from '../core/testGrid.js';
import { evaluateCellPolynomials, type CellPolynomials } from '../spline/cellPolynomials.js';

export function constructionRoundingError(
  spline: CellPolynomials,
  networkValues: Float64Array,
  xs: Float64Array,
): number {
  const splineValues = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) splineValues[i] = evaluateCellPolynomials(spline, xs[i]);
  return rootMeanSquareDifference(networkValues, splineValues);
}
