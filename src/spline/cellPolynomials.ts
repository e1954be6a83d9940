/**
 * A piecewise polynomial on uniform knots t_j = a + j h (j = 0..N), one polynomial per cell
 * [t_j, t_(j+1)], stored by its Taylor coefficients at the cell's left knot:
 *   p_j(x) = sum_k c[j (m+1) + k] (x - t_j)^k,  k = 0..m.
 * Local coefficients keep every number O(|f^(k)|) instead of the O(h^-k) cancellation of a global
 * monomial basis. Same units as the target; x in the domain's units.
 */
import type { Domain } from '../core/domain.js';

export interface CellPolynomials {
  /** polynomial degree m of every cell */
  readonly degree: number;
  /** continuity r the construction guarantees at interior knots (C^r) */
  readonly continuity: number;
  readonly domain: Domain;
  /** number of cells N */
  readonly cells: number;
  /** cell width h = (b - a) / N */
  readonly h: number;
  /** knots t_0..t_N, length N + 1 (t_N = b exactly) */
  readonly knots: Float64Array;
  /** Taylor coefficients at each cell's left knot, N x (m + 1), row-major by cell */
  readonly coefficients: Float64Array;
}

/** Uniform knots t_j = a + j h, j = 0..N; the last is set to b exactly. */
export function uniformKnots(domain: Domain, cells: number): Float64Array {
  const [a, b] = domain;
  const h = (b - a) / cells;
  const knots = new Float64Array(cells + 1);
  for (let j = 0; j < cells; j++) knots[j] = a + j * h;
  knots[cells] = b;
  return knots;
}

/** The cell holding x: the last j with t_j <= x, clamped to 0..N-1 (b belongs to the last cell). */
export function cellIndex(p: CellPolynomials, x: number): number {
  const j = Math.floor((x - p.domain[0]) / p.h);
  return Math.min(p.cells - 1, Math.max(0, j));
}

/** k-th derivative of the piecewise polynomial at x (cell chosen by cellIndex), Horner in local coordinates. */
export function evaluateCellPolynomials(p: CellPolynomials, x: number, derivativeOrder = 0): number {
  const m = p.degree;
  const j = cellIndex(p, x);
  const s = x - p.knots[j];
  let value = 0;
  for (let k = m; k >= derivativeOrder; k--) {
    let falling = 1; // k (k-1) ... (k - derivativeOrder + 1)
    for (let i = 0; i < derivativeOrder; i++) falling *= k - i;
    value = value * s + falling * p.coefficients[j * (m + 1) + k];
  }
  return value;
}

/** Taylor coefficients of cell j's polynomial re-expanded at another point t_j + shift (binomial shift), length m + 1. */
export function shiftedCoefficients(p: CellPolynomials, j: number, shift: number): Float64Array {
  const m = p.degree;
  const out = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) {
    let sum = 0;
    let binomial = 1; // C(i, k) for i = k, k+1, ...
    for (let i = k; i <= m; i++) {
      sum += binomial * p.coefficients[j * (m + 1) + i] * shift ** (i - k);
      binomial = (binomial * (i + 1)) / (i + 1 - k);
    }
    out[k] = sum;
  }
  return out;
}
