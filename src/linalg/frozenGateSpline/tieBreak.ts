/**
 * Step 2b of the banded frozen-gate fit, only when the data leave the spline undetermined: a
 * well-defined choice among the least-squares optima, the one whose interior network coefficients
 * have the least sum of squares.
 *
 * When it is needed. The least-squares design of the B-spline basis on the data has full column rank
 * exactly when the Schoenberg-Whitney condition holds: increasing data points x_(j_0) < x_(j_1) < ...
 * with basis function b nonzero at x_(j_b) (de Boor, A Practical Guide to Splines, ch. XIII; the
 * collocation submatrix is totally positive). A cell with too few points, a knot between the domain's
 * end and the outermost data point, or fewer points than coefficients break it. The greedy matching
 * below (earliest usable point for each basis function in turn; supports have non-decreasing ends,
 * so the greedy is a maximum matching) counts the basis functions left without a point: the
 * dimension d of the directions the data do not see. With 10,000 uniform points and spline-initialised
 * gates this first happens near n = 1,900 (a knot at -0.99999.. while the first point is at
 * -0.99985) and from n = 2,500 in empty cells.
 *
 * The choice. Rows delta * alpha_ij(c) for every interior neuron i and j = 0..s (addInteriorCoefficients
 * applied to each basis function's jumps: m + 1 + mu consecutive coefficients) are rotated into the
 * banded QR with the data rows. This is the weighting method for the lexicographic problem "minimise
 * sum alpha_ij^2 over the least-squares optima" (Van Loan, SIAM J. Numer. Anal. 22 (1985) 851; Barlow,
 * ibid. 25 (1988) 1340): as delta -> 0 the solution tends to it, the data fit moving by O(delta^2)
 * relative to what the data determine. delta = TIE_BREAK_WEIGHT times the largest |R_kk| of the data
 * alone over the largest row norm: the fitted values at the data move by ~1e-16 relative (measured
 * against the dense QR below 1e-12), and the directions fixed by the tie-break get diagonals ~1e-8 of
 * the data's, inside MAX_CONDITION. The rows exist for every interior knot, so the choice is global:
 * a gap gets the continuation with the smallest jumps (an empty cell of a linear spline: no kink; a
 * left-facing neuron whose active side holds no data: coefficient 0, as the dense minimum-norm solve
 * gives). The dense path's own choice is the minimum norm of the column-scaled coefficients,
 * edge neurons and constant included; both give the same fitted values at the data, and can differ
 * between data points where the data leave the function free.
 */
import { euclideanNorm, removeProjections } from '../gramSchmidt.js';
import type { SortedSample } from '../sortedSample.js';
import { splineResidualGradient, type TieBreakRows } from './bandedDesign.js';
import type { KnotJumps } from './knotJumps.js';
import type { SplineKnots } from './splineKnots.js';

/** delta relative to the data's largest R diagonal, per unit row norm (see above). */
export const TIE_BREAK_WEIGHT = 1e-8;

/**
 * The B-spline basis functions left without a data point by the Schoenberg-Whitney matching, ascending.
 * In exact arithmetic these are exactly the columns where the data's banded R (Givens, no pivoting) has
 * a zero diagonal: column b is dependent on the columns before it iff the matching of 0..b fails at b.
 */
export function undeterminedCoefficients(knots: SplineKnots, sample: SortedSample): number[] {
  const { nb, m, knotVector, lo, hi } = knots;
  const xs = sample.xs;
  let p = 0;
  let last = Number.NEGATIVE_INFINITY;
  const undetermined: number[] = [];
  for (let b = 0; b < nb; b++) {
    const left = knotVector[b];
    const right = knotVector[b + m + 1];
    // The support is open at interior knots and closed at the ends of the fit interval.
    while (p < xs.length && (xs[p] <= last || xs[p] < left || (xs[p] === left && left !== lo))) p++;
    if (p < xs.length && (xs[p] < right || (xs[p] === right && right === hi))) last = xs[p++];
    else undetermined.push(b);
  }
  return undetermined;
}

/**
 * delta * h_kappa^r / r! * (jump of f^(r) across knot kappa) as rows over the basis functions the
 * knot touches, r = a..m; h_kappa is the mean width of the two cells beside the knot. `dataScale` is
 * the largest |R_kk| of the data rows alone.
 */
export function tieBreakRows(knots: SplineKnots, jumps: KnotJumps, knotPower: number, dataScale: number): TieBreakRows {
  const { tau, mu, lo, hi } = knots;
  const touched = jumps.touched;
  const rows = new Float64Array(tau.length * mu * touched); // [kappa][r - a][index]
  let largest = 0;
  for (let kappa = 0; kappa < tau.length; kappa++) {
    const t = tau[kappa];
    const h = Math.min((kappa + 1 < tau.length ? tau[kappa + 1] : hi) - t, t - (kappa > 0 ? tau[kappa - 1] : lo));
    let weight = 1;
    for (let r = 1; r < knotPower; r++) weight *= h / r;
    for (let order = 0; order < mu; order++) {
      const r = knotPower + order;
      weight *= h / r;
      const at = (kappa * mu + order) * touched;
      let norm = 0;
      for (let index = 0; index < touched; index++) {
        rows[at + index] = weight * jumps.basisJump(kappa, index, r);
        norm += rows[at + index] ** 2;
      }
      largest = Math.max(largest, Math.sqrt(norm));
    }
  }
  const delta = largest > 0 ? (TIE_BREAK_WEIGHT * dataScale) / largest : 0;
  for (let k = 0; k < rows.length; k++) rows[k] *= delta;
  return {
    bandwidth: touched,
    start: (kappa) => jumps.firstAt(kappa),
    row: (kappa, order) => rows.subarray((kappa * mu + order) * touched, (kappa * mu + order + 1) * touched),
  };
}

/**
 * The certificate that the tie-break left the data fit optimal: for every basis function b,
 * |(P B^T r)_b| <= ||B e_b|| (OPTIMALITY_TOLERANCE ||r|| + ROUNDING_FLOOR ||y||), P the projection off
 * the constraint rows (at a constrained optimum B^T r is a combination of them). A fit whose values
 * carry an error e from the tie-break's weak directions shows |(B^T r)_b| ~ ||B e_b|| |e|, so errors
 * above ~1e-12 ||y|| are caught; the first term is the cosine test of the dense tests (1e-9).
 * Returns the worst ratio of |(P B^T r)_b| to its bound (<= 1 passes); the caller declines above 1.
 */
export const OPTIMALITY_TOLERANCE = 1e-9;
const ROUNDING_FLOOR = 1e-12;

export function optimalityRatio(
  knots: SplineKnots,
  c: Float64Array,
  sample: SortedSample,
  constraintRows: readonly Float64Array[],
): number {
  const { gradient, columnNorms, residualNorm } = splineResidualGradient(knots, c, sample);
  if (constraintRows.length > 0) {
    const basis: Float64Array[] = [];
    for (const row of constraintRows) {
      const v = Float64Array.from(row);
      removeProjections(v, basis);
      let norm = 0;
      for (const value of v) norm += value * value;
      norm = Math.sqrt(norm);
      if (norm > 1e-12 * euclideanNorm(row)) basis.push(v.map((value) => value / norm));
    }
    removeProjections(gradient, basis);
  }
  let ySquares = 0;
  for (const y of sample.ys) ySquares += y * y;
  const scale = OPTIMALITY_TOLERANCE * residualNorm + ROUNDING_FLOOR * Math.sqrt(ySquares);
  let worst = 0;
  for (let b = 0; b < gradient.length; b++) {
    if (columnNorms[b] === 0) continue;
    worst = Math.max(worst, Math.abs(gradient[b]) / (columnNorms[b] * scale));
  }
  return worst;
}
