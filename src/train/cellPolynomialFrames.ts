/**
 * Exact row compression of piecewise-polynomial columns built from their per-cell coefficients, float64.
 *
 * The same reduction as cellwiseRowCompression (an orthogonal projection per cell, never the normal
 * equations), without ever forming the N-row matrix. On cell c, with points x in [x_s, x_e) and the
 * local variable u = (x - centre_c) / half_c in [-1, 1], the Vandermonde matrix V_c = [u^0 .. u^m]
 * factors as V_c = Q_c T_c (Q_c orthonormal, by Gram-Schmidt twice); a column equal to the polynomial
 * sum_k beta_k u^k on the cell compresses to T_c beta, and the data to Q_c^T y_c. What Q_c misses of
 * y_c, ||(I - Q_c Q_c^T) y_c||^2, is summed per cell ("leftover": no column can reach it, and it is
 * summed cell by cell, never as y.y - (Q^T y).(Q^T y), which cancels catastrophically once the fit
 * is good). Cost O(N (m+1)^2) for the frames, then O((m+1)^2) per column and cell instead of
 * O(N_c (m+1)) for the N-row route; the frames are rebuilt whenever the knots move.
 *
 * Cells are split at the knots with the rule of cellwiseRowCompression (a point exactly on a knot
 * belongs to the cell on its right). A cell with at most m + 1 points keeps its points as rows
 * (T_c = V_c, Q_c = I). Knots outside the data add no cell.
 *
 * Shapes: xs ascending (N), knots ascending; T_c is rows_c x (m + 1), row-major.
 * Examples:  const frames = cellPolynomialFrames(xs, ys, sortedKnots, 2); frames.cells[c].T
 */
import { countAtMost } from '../linalg/knotSpan.js';
import { removeProjections } from '../linalg/gramSchmidt.js';

export interface CellFrame {
  /** first point and one past the last */
  readonly start: number;
  readonly end: number;
  /** u = (x - centre) / half */
  readonly centre: number;
  readonly half: number;
  /** compressed rows of this cell */
  readonly rows: number;
  /** first compressed row of this cell in the stacked system */
  readonly offset: number;
  /** rows x (degree + 1), row-major: the compressed rows of u^0 .. u^m */
  readonly T: Float64Array;
  /** Q_c^T y_c, length rows */
  readonly qty: Float64Array;
}

export interface CellFrames {
  readonly degree: number;
  readonly cells: readonly CellFrame[];
  /** total compressed rows */
  readonly rows: number;
  /** sum over cells of ||(I - Q_c Q_c^T) y_c||^2: the part of ||y||^2 no column reaches */
  readonly leftover: number;
}

export function cellPolynomialFrames(
  xs: Float64Array,
  ys: Float64Array,
  knots: ArrayLike<number>,
  degree: number,
): CellFrames {
  const starts = [0];
  for (let k = 0; k < knots.length; k++) {
    const first = countAtMost(xs, knots[k]);
    if (first > starts[starts.length - 1] && first < xs.length) starts.push(first);
  }
  starts.push(xs.length);
  const width = degree + 1;
  const cells: CellFrame[] = [];
  let offset = 0;
  let leftover = 0;
  for (let c = 0; c + 1 < starts.length; c++) {
    const s = starts[c];
    const e = starts[c + 1];
    const size = e - s;
    const centre = (xs[s] + xs[e - 1]) / 2;
    const half = Math.max((xs[e - 1] - xs[s]) / 2, Number.MIN_VALUE);
    const powers: Float64Array[] = [];
    for (let k = 0; k < width; k++)
      powers.push(Float64Array.from({ length: size }, (_, t) => ((xs[s + t] - centre) / half) ** k));
    if (size <= width) {
      // Raw rows: row t is (u_t^0 .. u_t^m), right-hand side y_t.
      const T = new Float64Array(size * width);
      for (let t = 0; t < size; t++) for (let k = 0; k < width; k++) T[t * width + k] = powers[k][t];
      cells.push({ start: s, end: e, centre, half, rows: size, offset, T, qty: ys.slice(s, e) });
      offset += size;
      continue;
    }
    const basis: Float64Array[] = [];
    for (let k = 0; k < width; k++) {
      const v = Float64Array.from(powers[k]);
      let original = 0;
      for (const value of v) original += value * value;
      removeProjections(v, basis);
      let norm = 0;
      for (const value of v) norm += value * value;
      if (norm <= 1e-24 * original || norm === 0) continue; // repeated x values: no new direction
      norm = Math.sqrt(norm);
      for (let t = 0; t < size; t++) v[t] /= norm;
      basis.push(v);
    }
    const rows = basis.length;
    const T = new Float64Array(rows * width);
    const qty = new Float64Array(rows);
    const rest = ys.slice(s, e);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < width; k++) {
        let dot = 0;
        for (let t = 0; t < size; t++) dot += basis[r][t] * powers[k][t];
        T[r * width + k] = dot;
      }
    }
    removeProjections(rest, basis, (r, coefficient) => (qty[r] += coefficient));
    for (const value of rest) leftover += value * value;
    cells.push({ start: s, end: e, centre, half, rows, offset, T, qty });
    offset += rows;
  }
  return { degree, cells, rows: offset, leftover };
}

/** Monomial coefficients (in u) of (p0 + p1 u)^k, length k + 1. */
export function linearPower(p0: number, p1: number, k: number): Float64Array {
  let out: Float64Array = Float64Array.of(1);
  for (let j = 0; j < k; j++) out = multiplyPolynomials(out, Float64Array.of(p0, p1));
  return out;
}

/** Product of two polynomials given by monomial coefficients (lowest first). */
export function multiplyPolynomials(p: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(p.length + q.length - 1);
  for (let i = 0; i < p.length; i++) for (let j = 0; j < q.length; j++) out[i + j] += p[i] * q[j];
  return out;
}
