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

/** The tie-break rows of one interior knot (built by tieBreak.ts; declared here, where they are used, so that the import runs one way): mu rows of `bandwidth` = m + 1 + mu entries starting at column `start`. */
export interface TieBreakRows {
  readonly bandwidth: number;
  /** first column of knot kappa's rows */
  start(kappa: number): number;
  /** row r - a of knot kappa (the scaled jump of f^(r)), already weighted, length bandwidth */
  row(kappa: number, order: number): Float64Array;
}

/** Walks the cells of ascending x, one knot at a time (O(1) amortised per point). */
function cellWalker(tau: Float64Array): (x: number) => number {
  let cell = 0;
  return (x) => {
    while (cell < tau.length && x >= tau[cell]) cell++;
    return cell;
  };
}

/**
 * R and Q^T y of the B-spline design on the sorted data. With `tieBreak` (tieBreak.ts) its rows for
 * knot kappa (right-hand side 0) are rotated in after the data of the cells left of kappa, keeping
 * the rows' starts non-decreasing; the band widens to the tie-break rows' m + 1 + mu.
 */
export function bandedDesignQr(knots: SplineKnots, sample: SortedSample, tieBreak?: TieBreakRows): BandedQr {
  const { m, width, nb, knotVector, tau, mu } = knots;
  const bandwidth = tieBreak ? tieBreak.bandwidth : width;
  const qr = createBandedQr(nb, bandwidth);
  const scratch = bsplineScratch(m);
  const row = new Float64Array(bandwidth);
  const cellOf = cellWalker(tau);
  let nextKnot = 0;
  const addTieBreakRowsBefore = (cell: number): void => {
    if (!tieBreak) return;
    for (; nextKnot < cell; nextKnot++) {
      for (let j = 0; j < mu; j++) {
        row.set(tieBreak.row(nextKnot, j));
        addBandedRow(qr, tieBreak.start(nextKnot), row, 0);
      }
    }
  };
  for (let p = 0; p < sample.xs.length; p++) {
    const x = sample.xs[p];
    const cell = cellOf(x);
    addTieBreakRowsBefore(cell);
    const span = spanOfCell(knots, cell);
    bsplineValues(knotVector, m, span, x, row, scratch);
    if (tieBreak) row.fill(0, width); // addBandedRow leaves its scratch dirty; the data rows are m + 1 wide
    addBandedRow(qr, span - m, row, sample.ys[p]);
  }
  addTieBreakRowsBefore(tau.length);
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

/**
 * B^T r and the column norms ||B e_b|| of the B-spline design on the sample, r = y - spline (length nb each):
 * the gradient of the data's sum of squares, which vanishes (up to the constraints' multipliers) at an optimum.
 */
export function splineResidualGradient(
  knots: SplineKnots,
  c: Float64Array,
  sample: SortedSample,
): { gradient: Float64Array; columnNorms: Float64Array; residualNorm: number } {
  const { m, width, nb } = knots;
  const scratch = bsplineScratch(m);
  const row = new Float64Array(width);
  const cellOf = cellWalker(knots.tau);
  const gradient = new Float64Array(nb);
  const columnNorms = new Float64Array(nb);
  let residualSquares = 0;
  for (let p = 0; p < sample.xs.length; p++) {
    const x = sample.xs[p];
    const cell = cellOf(x);
    const e = sample.ys[p] - splineValue(knots, c, x, cell, row, scratch);
    residualSquares += e * e;
    const first = spanOfCell(knots, cell) - m;
    for (let r = 0; r < width; r++) {
      gradient[first + r] += row[r] * e;
      columnNorms[first + r] += row[r] * row[r];
    }
  }
  for (let b = 0; b < nb; b++) columnNorms[b] = Math.sqrt(columnNorms[b]);
  return { gradient, columnNorms, residualNorm: Math.sqrt(residualSquares) };
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
