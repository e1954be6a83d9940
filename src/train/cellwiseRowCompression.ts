/**
 * Exact orthogonal row compression of a piecewise-polynomial least-squares problem, float64.
 *
 * For a relu-gated network, every column of the Jacobian restricted to one cell between
 * consecutive knots is a polynomial in x of degree <= degree (the unit's active-side degree).
 * So on a cell with rows R_c, J_c = V_c C_c with V_c the local Vandermonde matrix, and with
 * V_c = Q_c T_c (orthonormal Q_c, degree+1 columns):
 *   || J delta + r ||^2 = sum_c || Q_c^T J_c delta + Q_c^T r_c ||^2 + || (I - Q_c Q_c^T) r_c ||^2.
 * The second term does not depend on delta, so the least-squares problem over N rows is exactly
 * the one over the stacked (degree+1)-row blocks Q_c^T [J_c, r_c]: an orthogonal transformation,
 * as in a blocked QR, never the normal equations. A 10,000 x 701 problem shrinks to ~400 x 701.
 *
 * Safety: for each cell the projection defect ||J_c - Q_c Q_c^T J_c||_F is measured; a cell whose
 * defect exceeds tolerance * ||J_c||_F (default PROJECTION_TOLERANCE: a point sitting exactly on a
 * knot, where relu'(0) = 0 breaks the polynomial form; too few points) keeps its raw rows instead.
 *
 * Smooth gates (gelu, silu, ...): the columns are not polynomials on a cell but analytic there, so a
 * higher `degree` with a stated `tolerance` compresses them inexactly: every compressed cell's block
 * is then within `tolerance` (relative, Frobenius) of the true one, and the rest keep their raw rows.
 *
 * Shapes: J is N x P column-major over xs sorted ascending; knots ascending; r length N.
 */
import { removeProjections } from '../linalg/gramSchmidt.js';
import { countAtMost } from '../linalg/knotSpan.js';

/** relative Frobenius defect above which a cell keeps its raw rows (rounding is ~1e-15) */
export const PROJECTION_TOLERANCE = 1e-10;

export interface CompressedRows {
  /** rows x P, column-major */
  readonly matrix: Float64Array;
  readonly rows: number;
  /** compressed right-hand side, length rows */
  readonly rhs: Float64Array;
  /** cells that kept their raw rows because the projection was not exact */
  readonly rawCells: number;
  /** largest relative Frobenius defect ||J_c - Q_c Q_c^T J_c|| / ||J_c|| among the compressed cells */
  readonly worstDefect: number;
}

function cellBoundaries(xs: Float64Array, knots: readonly number[]): number[] {
  const starts = [0];
  for (const knot of knots) {
    const first = countAtMost(xs, knot); // the first point right of the knot
    if (first > starts[starts.length - 1] && first < xs.length) starts.push(first);
  }
  starts.push(xs.length);
  return starts;
}

/** Orthonormal basis (CGS2: Gram-Schmidt twice) of the local Vandermonde columns of xs[s..e); columns as arrays. */
function localOrthonormalBasis(xs: Float64Array, s: number, e: number, degree: number): Float64Array[] {
  const centre = (xs[s] + xs[e - 1]) / 2;
  const half = Math.max((xs[e - 1] - xs[s]) / 2, Number.MIN_VALUE);
  const basis: Float64Array[] = [];
  for (let k = 0; k <= degree; k++) {
    const v = new Float64Array(e - s);
    for (let t = s; t < e; t++) v[t - s] = ((xs[t] - centre) / half) ** k;
    let original = 0;
    for (const value of v) original += value * value;
    removeProjections(v, basis);
    let norm = 0;
    for (const value of v) norm += value * value;
    // A numerically dependent column (repeated x values) adds nothing to the range.
    if (norm <= 1e-24 * original || norm === 0) continue;
    norm = Math.sqrt(norm);
    for (let t = 0; t < v.length; t++) v[t] /= norm;
    basis.push(v);
  }
  return basis;
}

export function compressRowsByCell(
  J: Float64Array,
  N: number,
  P: number,
  r: Float64Array,
  xs: Float64Array,
  knots: readonly number[],
  degree: number,
  tolerance = PROJECTION_TOLERANCE,
): CompressedRows {
  const starts = cellBoundaries(xs, knots);
  const blocks: { rows: Float64Array[]; rhs: number[] }[] = [];
  let rows = 0;
  let rawCells = 0;
  let worstDefect = 0;
  for (let c = 0; c + 1 < starts.length; c++) {
    const s = starts[c];
    const e = starts[c + 1];
    const size = e - s;
    const basis = size > degree + 1 ? localOrthonormalBasis(xs, s, e, degree) : [];
    let exact = basis.length > 0;
    const projected: Float64Array[] = basis.map(() => new Float64Array(P));
    if (exact) {
      let defect = 0;
      let total = 0;
      // The basis row by row (flat, size x nb) so that each column of J is read twice, not 2 nb times: the
      // same sums in the same order as one basis vector at a time.
      const nb = basis.length;
      const rowsOfBasis = new Float64Array(size * nb);
      for (let k = 0; k < nb; k++) for (let t = 0; t < size; t++) rowsOfBasis[t * nb + k] = basis[k][t];
      const dots = new Float64Array(nb);
      for (let j = 0; j < P; j++) {
        const off = j * N + s;
        dots.fill(0);
        for (let t = 0; t < size; t++) {
          const v = J[off + t];
          const row = t * nb;
          for (let k = 0; k < nb; k++) dots[k] += rowsOfBasis[row + k] * v;
        }
        for (let k = 0; k < nb; k++) projected[k][j] = dots[k];
        for (let t = 0; t < size; t++) {
          const row = t * nb;
          let fitted = 0;
          for (let k = 0; k < nb; k++) fitted += rowsOfBasis[row + k] * dots[k];
          const v = J[off + t];
          total += v * v;
          defect += (v - fitted) ** 2;
        }
      }
      exact = defect <= tolerance ** 2 * total;
      if (exact && total > 0) worstDefect = Math.max(worstDefect, Math.sqrt(defect / total));
    }
    if (exact) {
      const rhs = basis.map((q) => {
        let dot = 0;
        for (let t = 0; t < size; t++) dot += q[t] * r[s + t];
        return dot;
      });
      blocks.push({ rows: projected, rhs });
      rows += basis.length;
    } else {
      if (size > degree + 1) rawCells++;
      const raw: Float64Array[] = [];
      const rhs: number[] = [];
      for (let t = s; t < e; t++) {
        const row = new Float64Array(P);
        for (let j = 0; j < P; j++) row[j] = J[t + j * N];
        raw.push(row);
        rhs.push(r[t]);
      }
      blocks.push({ rows: raw, rhs });
      rows += size;
    }
  }
  const matrix = new Float64Array(rows * P);
  const rhs = new Float64Array(rows);
  let i = 0;
  for (const block of blocks) {
    block.rows.forEach((row, k) => {
      for (let j = 0; j < P; j++) matrix[i + j * rows] = row[j];
      rhs[i] = block.rhs[k];
      i++;
    });
  }
  return { matrix, rows, rhs, rawCells, worstDefect };
}
