/**
 * Projection off a column space, float64, in coordinates: with A = Q R (Householder QR with column
 * pivoting) and Q = [Q1 Q2], Q1 spanning range(A), returns Q2^T B. Since Q2 is orthonormal,
 * P_perp B = Q2 (Q2^T B): norms, inner products and least-squares problems in the columns of P_perp B
 * are the same in these (m - rank) coordinates, at half the cost of applying Q back and with
 * m - rank rows instead of m. Q1 comes from the QR (the reflectors and the rank rule of
 * leastSquaresQr: columns scaled to unit norm, rank = pivots with |R_kk| > rcond |R_00|, default
 * rcond = eps max(m, p)), or the first `rank` pivots when the caller knows the rank exactly. A known
 * rank matters: on a matrix that is exactly rank-deficient in theory, rounding (e.g. of a row
 * compression) can leave a dependent column 1e-14 above the default threshold, and projecting it out
 * removes a real direction from the residual. Q^T is applied to B and its first `rank` rows dropped:
 * orthogonal transformations only, never the normal equations, so the result is accurate to O(eps)
 * relative to ||B|| even when A is rank-deficient or the projection nearly cancels B.
 *
 * Used by variable projection (src/train/variableProjection.ts): Kaufman's Jacobian is the derivative
 * of the model with respect to the nonlinear parameters projected off the range of the linear design,
 * and the projected residual is the same projection of the data.
 *
 * Shapes: A is m x p and B is m x q, both column-major; nothing is mutated. Returns (m - rank) x q
 * column-major.
 *
 * Examples:  const { coordinates, rows } = complementCoordinates(A, m, p, B, q)  // ||column j|| = ||P_perp B_j||
 */
import { EPS64 } from '../core/floatPrecision.js';
import { applyReflector, householder } from './leastSquaresQr.js';

export interface ComplementCoordinates {
  /** Q2^T B, rows x q column-major */
  readonly coordinates: Float64Array;
  /** m - rank */
  readonly rows: number;
  /** rank of A used (numerical, or as given) */
  readonly rank: number;
}

export interface ColumnSpaceOptions {
  /** relative pivot threshold of the numerical rank; default eps * max(m, p) */
  readonly rcond?: number;
  /**
   * the rank when the caller knows it exactly (e.g. the frozen-gate column space's dimension, computed
   * from the knots): the first `rank` pivots span the range, whatever rounding left in the others
   */
  readonly rank?: number;
}

export function complementCoordinates(
  A: Float64Array,
  m: number,
  p: number,
  B: Float64Array,
  q: number,
  options: ColumnSpaceOptions = {},
): ComplementCoordinates {
  const rcond = options.rcond ?? EPS64 * Math.max(m, p);
  if (A.length !== m * p || B.length !== m * q)
    throw new Error(`complementCoordinates: shape mismatch (A ${A.length} vs ${m}x${p}, B ${B.length} vs ${m}x${q})`);
  const M = new Float64Array(m * p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i + j * m] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 1;
    for (let i = 0; i < m; i++) M[i + j * m] = A[i + j * m] * inv;
  }
  const projected = Float64Array.from(B);
  const betas: number[] = [];
  const tmp = new Float64Array(m);
  const steps = Math.min(m, p, options.rank ?? p);
  let first = 0;
  for (let k = 0; k < steps; k++) {
    // Pivot: the remaining column of largest norm below row k (recomputed: O(m p) per step, as the QR itself).
    let best = -1;
    let bestNorm = -1;
    for (let j = k; j < p; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += M[i + j * m] ** 2;
      if (s > bestNorm) {
        bestNorm = s;
        best = j;
      }
    }
    const norm = Math.sqrt(bestNorm);
    if (k === 0) first = norm;
    if (!(norm > (options.rank === undefined ? rcond : 0) * first)) break;
    if (best !== k) {
      tmp.set(M.subarray(best * m, best * m + m));
      M.copyWithin(best * m, k * m, k * m + m);
      M.set(tmp, k * m);
    }
    const [beta] = householder(M, m, k, k);
    betas.push(beta);
    for (let j = k + 1; j < p; j++) applyReflector(M, k, k, beta, M, j, m);
    for (let j = 0; j < q; j++) applyReflector(M, k, k, beta, projected, j, m);
  }
  const rank = betas.length;
  const rows = m - rank;
  const coordinates = new Float64Array(rows * q);
  for (let j = 0; j < q; j++) coordinates.set(projected.subarray(j * m + rank, (j + 1) * m), j * rows);
  return { coordinates, rows, rank };
}
