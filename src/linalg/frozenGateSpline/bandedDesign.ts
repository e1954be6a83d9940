/**
 * Step 2 of the banded frozen-gate fit: the B-spline design on the knot vector, rotated row by row
 * into a banded R by Givens (bandedGivensQr), data in x order, never the normal equations; and the
 * fitted spline's values. Shapes: one row per data point, `width` = m + 1 nonzeros at span - m.
 */
import { addBandedRow, createBandedQr, type BandedQr } from '../bandedGivensQr.js';
import { bsplineScratch, bsplineValues, type BsplineScratch } from '../bsplineBasis.js';
import { countAtMost } from '../knotSpan.js';
import type { SortedSample } from '../sortedSample.js';
import { spanOfCell, type SplineKnots } from './splineKnots.js';

/** Walks the cells of ascending x, one knot at a time (O(1) amortised per point). */
function cellWalker(tau: Float64Array): (x: number) => number {
  let cell = 0;
  return (x) => {
    while (cell < tau.length && x >= tau[cell]) cell++;
    return cell;
  };
}

export function bandedDesignQr(knots: SplineKnots, sample: SortedSample): BandedQr {
  const { m, width, nb, knotVector, tau } = knots;
  const qr = createBandedQr(nb, width);
  const scratch = bsplineScratch(m);
  const row = new Float64Array(width);
  const cellOf = cellWalker(tau);
  for (let p = 0; p < sample.xs.length; p++) {
    const x = sample.xs[p];
    const span = spanOfCell(knots, cellOf(x));
    bsplineValues(knotVector, m, span, x, row, scratch);
    addBandedRow(qr, span - m, row, sample.ys[p]);
  }
  return qr;
}

/** The spline with B-spline coefficients c at x in cell `cell`; `out` is scratch of length m + 1. */
export function splineValue(
  knots: SplineKnots,
  c: Float64Array,
  x: number,
  cell: number,
  out: Float64Array,
  scratch: BsplineScratch,
): number {
  const span = spanOfCell(knots, cell);
  bsplineValues(knots.knotVector, knots.m, span, x, out, scratch);
  let f = 0;
  for (let r = 0; r < knots.width; r++) f += out[r] * c[span - knots.m + r];
  return f;
}

/** RMSE of the spline over the training sample (ascending x), same units as y. */
export function splineTrainRmse(knots: SplineKnots, c: Float64Array, sample: SortedSample): number {
  const scratch = bsplineScratch(knots.m);
  const row = new Float64Array(knots.width);
  const cellOf = cellWalker(knots.tau);
  let sumSquares = 0;
  for (let p = 0; p < sample.xs.length; p++) {
    const x = sample.xs[p];
    const e = sample.ys[p] - splineValue(knots, c, x, cellOf(x), row, scratch);
    sumSquares += e * e;
  }
  return Math.sqrt(sumSquares / sample.xs.length);
}

/**
 * The spline at xs (any order) inside [lo, hi]; `outside` collects the indices of points beyond it.
 * Ascending inputs (test grids) walk the cells; anything else searches (countAtMost).
 */
export function splineValues(knots: SplineKnots, c: Float64Array, xs: Float64Array, outside: number[]): Float64Array {
  const { lo, hi, tau } = knots;
  const out = new Float64Array(xs.length);
  const scratch = bsplineScratch(knots.m);
  const buffer = new Float64Array(knots.width);
  let cell = 0;
  for (let p = 0; p < xs.length; p++) {
    const x = xs[p];
    if (!(x >= lo && x <= hi)) {
      outside.push(p);
      continue;
    }
    if (p > 0 && x >= xs[p - 1]) while (cell < tau.length && x >= tau[cell]) cell++;
    else cell = countAtMost(tau, x);
    out[p] = splineValue(knots, c, x, cell, buffer, scratch);
  }
  return out;
}
