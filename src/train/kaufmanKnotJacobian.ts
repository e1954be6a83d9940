/**
 * Kaufman's Jacobian of the variable-projection residual with respect to the knots, in exactly
 * compressed rows, float64 (Kaufman 1975, "A variable projection method for solving separable
 * nonlinear least squares problems", BIT 15; Golub & Pereyra 1973, SIAM J. Numer. Anal. 10).
 *
 * Model: y(x) = Phi(x; t) alpha, with the frozen-gate family's columns (frozenGateDesign)
 *   Phi_(i,j)(x) = relu(sigma_i (x - t_i))^a w^j,  j = 0..s,  w = (x - centre) / half,  and the constant,
 * knots t_i (nonlinear), directions sigma_i = +-1 fixed, coefficients alpha (linear). The projected
 * residual is F(t) = Phi alpha(t) - y = -P_perp y with P_perp = I - Phi Phi^+. Kaufman's Jacobian
 * drops the second of Golub-Pereyra's two terms and keeps
 *   J_K = P_perp d(Phi alpha)/dt at fixed alpha,   d(Phi alpha)/dt_i = -a sigma_i relu(sigma_i (x - t_i))^(a-1) p_i(w),
 * p_i(w) = sum_j alpha_(i,j) w^j (for a = 1, relu^0 is the indicator of z > 0: relu'(0) = 0). J_K^T F is
 * the exact gradient of ||F||^2 / 2 whichever least-squares alpha is used (a minimum over alpha has
 * that derivative at any minimiser), so the stopping test on the gradient is exact.
 *
 * Rows: every column is a polynomial of degree <= m = a + s on each cell between knots, so the N rows
 * of [Phi, dPhi alpha/dt, y] are compressed exactly to (m + 1) per cell, built straight from each
 * column's coefficients on the cell (compressedFrozenGateDesign; the N-row matrix is never formed),
 * and the projection is done in those rows (projectOffColumnSpace: pivoted Householder QR of the
 * compressed Phi). The range's dimension is `linearRank` when given (the exact column-space dimension
 * that the banded lsq solver computes from the knots), else the numerical rank: the compression's
 * rounding can lift a dependent column (the two edge neurons' polynomials) just above the default
 * threshold, and projecting it out then drops a real residual direction (measured: GLU n = 8, rank 16
 * instead of 15, gradient of the wrong sign). The compressed projected residual r has the
 * same norm as F up to what lies outside every cell's polynomial space, which no step can change.
 *
 * Shapes: J_K is rows x n column-major (the design's rows); r has length rows.
 */
import type { Domain } from '../core/domain.js';
import type { FrozenGateFamily } from '../symbolic/analysedUnit.js';
import { complementCoordinates } from '../linalg/complementCoordinates.js';
import { multiplyPolynomials } from './cellPolynomialFrames.js';
import {
  columnVariableOnCell,
  gateOnCell,
  putCellColumn,
  type CompressedFrozenGateDesign,
} from './compressedFrozenGateDesign.js';

export interface KaufmanJacobian {
  /**
   * rows x n, column-major: column i is d F / d t_i projected off range(Phi), in coordinates of an
   * orthonormal basis of range(Phi)'s complement (complementCoordinates): norms, inner products and
   * the damped least-squares step are those of the projected columns themselves
   */
  readonly matrix: Float64Array;
  /** compressed rows minus the rank of Phi */
  readonly rows: number;
  /** the projected residual Phi alpha - y (= -P_perp y) in the same coordinates */
  readonly residual: Float64Array;
  /** numerical rank of the compressed Phi */
  readonly linearRank: number;
}

export function kaufmanKnotJacobian(
  family: Pick<FrozenGateFamily, 'knotPower' | 'freeDegree'>,
  design: CompressedFrozenGateDesign,
  knots: Float64Array,
  directions: Float64Array,
  alpha: Float64Array,
  domain: Domain,
  linearRank?: number,
): KaufmanJacobian {
  const n = knots.length;
  const a = family.knotPower;
  const s = family.freeDegree;
  const width = a + s + 1;
  const M = design.rows;
  // B = [dPhi alpha / dt | Q^T y], compressed rows, column-major.
  const B = new Float64Array(M * (n + 1));
  for (const cell of design.frames.cells) {
    const w = columnVariableOnCell(domain, cell);
    for (let i = 0; i < n; i++) {
      const gate = gateOnCell(directions[i], knots[i], cell, a - 1);
      if (!gate) continue;
      const c0 = alpha[i * (s + 1)];
      const c1 = s === 1 ? alpha[i * (s + 1) + 1] : 0;
      const factor = -directions[i] * a;
      const derivative = multiplyPolynomials(gate, Float64Array.of(factor * (c0 + c1 * w[0]), factor * c1 * w[1]));
      putCellColumn(B, M, i, cell, width, derivative);
    }
  }
  B.set(design.rhs, n * M);
  const { coordinates, rows, rank } = complementCoordinates(design.matrix, M, design.cols, B, n + 1, {
    rank: linearRank,
  });
  const residual = coordinates.slice(n * rows, (n + 1) * rows).map((v) => -v);
  return { matrix: coordinates.slice(0, n * rows), rows, residual, linearRank: rank };
}
