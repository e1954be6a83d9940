/**
 * Step 2 of the banded frozen-gate fit: the B-spline design on the knot vector, rotated row by row
 * into a banded R by Givens (bandedGivensQr), data in x order, never the normal equations; and the
 * fitted spline's values. Shapes: one row per data point, `width` = m + 1 nonzeros at span - m.
 */
import { addBandedBlock, addBandedRow, createBandedQr, type BandedQr } from '../bandedGivensQr.js';
import { bsplineDerivatives, bsplineScratch, bsplineValues, type BsplineScratch } from '../bsplineBasis.js';
import { ddAdd, ddLow, ddMul } from '../doubleDouble.js';
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

/** Rows per Householder block in bandedDesignQr: enough that the block's few Givens rows are a small share, small enough to stay in cache. */
const BLOCK_ROWS = 64;

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
  // The data rows of one cell share their start (span - m); they go in as blocks of up to BLOCK_ROWS
  // (addBandedBlock: column-major, the right-hand sides as column `width`), each flushed before the
  // next cell's rows or a knot's tie-break rows.
  const block = new Float64Array(BLOCK_ROWS * (width + 1));
  let blockRows = 0;
  let blockStart = 0;
  const flush = (): void => {
    if (blockRows > 0) addBandedBlock(qr, blockStart, block, BLOCK_ROWS, blockRows, width, row);
    blockRows = 0;
  };
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
    const start = spanOfCell(knots, cell) - m;
    if (blockRows === BLOCK_ROWS || (blockRows > 0 && start !== blockStart)) flush();
    if (tieBreak && nextKnot < cell) {
      flush();
      addTieBreakRowsBefore(cell);
    }
    bsplineValues(knotVector, m, start + m, x, row, scratch);
    for (let r = 0; r < width; r++) block[r * BLOCK_ROWS + blockRows] = row[r];
    block[width * BLOCK_ROWS + blockRows] = sample.ys[p];
    blockStart = start;
    blockRows++;
  }
  flush();
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

/**
 * Degrees up to which the fitted spline is evaluated from its per-cell Taylor form (splinePieces)
 * rather than by Cox-de Boor. Why a cap: Horner in t = x - centre, |t| <= h/2, rounds each value by
 * about eps * sum_k |c_k| |t|^k, which for a piece bounded by 1 on its cell is at most the sum of the
 * Chebyshev polynomial T_m's coefficient magnitudes: 1, 3, 7, 17 for m = 1..4 (Cox-de Boor's bound is
 * ~m eps). Above m = 4 that factor grows like (1 + sqrt 2)^m / 2 (about 1e4 at m = 12) and could lift a
 * measured RMSE floor, so those degrees keep the recurrence. Horner costs m + 1 multiply-adds per point
 * against Cox-de Boor's m (m + 1) / 2 divisions: the lsq paper grid evaluates 3e6 points.
 */
export const TAYLOR_FORM_MAX_DEGREE = 4;

/** The spline as one polynomial per cell [lo, tau_0], [tau_0, tau_1], ..., [tau_(K-1), hi], by its Taylor coefficients at the cell's centre. */
export interface SplinePieces {
  readonly m: number;
  /** centre of each cell, length K + 1 */
  readonly centres: Float64Array;
  /** Taylor coefficients c_k = s^(k)(centre) / k!, (K + 1) x (m + 1), row-major by cell; zeros on a cell of length 0 (never evaluated) */
  readonly taylor: Float64Array;
}

/**
 * The Taylor form of the spline with B-spline coefficients c: the derivatives at each cell's centre
 * from bsplineDerivatives (double-double), each combination with c summed in double-double and
 * rounded once, so a coefficient carries only its own rounding, not the ~(1/h)^k cancellation.
 * (Interpolating each piece at Chebyshev points from its float64 values instead was measured 20-80x
 * less accurate, up to 6.8e-14 of max |c| at m = 4, enough to fail the lsq optimality checks.)
 */
export function splinePieces(knots: SplineKnots, c: Float64Array): SplinePieces {
  const { m, width, lo, hi, tau, knotVector } = knots;
  const cells = tau.length + 1;
  const centres = new Float64Array(cells);
  const taylor = new Float64Array(cells * width);
  const basisHi = new Float64Array(width * width);
  const basisLo = new Float64Array(width * width);
  for (let cell = 0; cell < cells; cell++) {
    const left = cell === 0 ? lo : tau[cell - 1];
    const right = cell === tau.length ? hi : tau[cell];
    centres[cell] = 0.5 * (left + right);
    if (!(right > left)) continue;
    const span = spanOfCell(knots, cell);
    bsplineDerivatives(knotVector, m, span, centres[cell], m, basisHi, basisLo);
    let factorial = 1;
    for (let k = 0; k <= m; k++) {
      if (k > 1) factorial *= k;
      let sh = 0;
      let sl = 0;
      for (let r = 0; r < width; r++) {
        const ph = ddMul(c[span - m + r], 0, basisHi[k * width + r], basisLo[k * width + r]);
        sh = ddAdd(sh, sl, ph, ddLow);
        sl = ddLow;
      }
      taylor[cell * width + k] = (sh + sl) / factorial;
    }
  }
  return { m, centres, taylor };
}

/** The value of the fitted spline at x in cell `cell` (cells as splineKnots numbers them). */
export type SplineEvaluator = (x: number, cell: number) => number;

/** The spline with B-spline coefficients c: from its Taylor form when it has one (degree <= TAYLOR_FORM_MAX_DEGREE), else Cox-de Boor. */
export function splineEvaluator(knots: SplineKnots, c: Float64Array): SplineEvaluator {
  if (knots.m <= TAYLOR_FORM_MAX_DEGREE) {
    const { m, centres, taylor } = splinePieces(knots, c);
    return (x, cell) => {
      const t = x - centres[cell];
      const row = cell * (m + 1);
      let value = taylor[row + m];
      for (let k = m - 1; k >= 0; k--) value = value * t + taylor[row + k];
      return value;
    };
  }
  const scratch = bsplineScratch(knots.m);
  const buffer = new Float64Array(knots.width);
  return (x, cell) => splineValue(knots, c, x, cell, buffer, scratch);
}

/** RMSE of the spline over the training sample (ascending x), same units as y. */
export function splineTrainRmse(knots: SplineKnots, value: SplineEvaluator, sample: SortedSample): number {
  const cellOf = cellWalker(knots.tau);
  let sumSquares = 0;
  for (let p = 0; p < sample.xs.length; p++) {
    const x = sample.xs[p];
    const e = sample.ys[p] - value(x, cellOf(x));
    sumSquares += e * e;
  }
  return Math.sqrt(sumSquares / sample.xs.length);
}

/**
 * The spline at xs (any order) inside [lo, hi]; `outside` collects the indices of points beyond it.
 * Ascending inputs (test grids) walk the cells; anything else searches (countAtMost).
 */
export function splineValues(
  knots: SplineKnots,
  value: SplineEvaluator,
  xs: Float64Array,
  outside: number[],
): Float64Array {
  const { lo, hi, tau } = knots;
  const out = new Float64Array(xs.length);
  let cell = 0;
  for (let p = 0; p < xs.length; p++) {
    const x = xs[p];
    if (!(x >= lo && x <= hi)) {
      outside.push(p);
      continue;
    }
    if (p > 0 && x >= xs[p - 1]) while (cell < tau.length && x >= tau[cell]) cell++;
    else cell = countAtMost(tau, x);
    out[p] = value(x, cell);
  }
  return out;
}
