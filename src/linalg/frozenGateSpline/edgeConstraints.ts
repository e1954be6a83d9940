/**
 * Step 4 of the banded frozen-gate fit: the constraints that cut the network's column space V out
 * of the spline space S. With P_ext the span of the constant and the edge neurons' polynomials
 * (in the scaled frame of I), V = { f in S : q(f) in P_ext }, q(f) = p_0(f) + sum over left-facing
 * knots of the jump of f there; so V is S cut by k = m + 1 - dim P_ext rows annihilator . q(f) = 0.
 * They are applied in the factored problem: min ||R c - Q^T y|| with C c = 0 is R c = w - P_Z w,
 * Z = R^-T C^T, w = Q^T y, a projection computed by the dense pivoted QR (solveLeastSquares) of the
 * nb x k matrix Z. A float64 fit leaves V by ~eps (1/h)^m in q(f); a min-norm coefficient correction
 * brings it back before the network is read off (constraintCorrection).
 */
import { solveBandedUpperTransposed, type BandedQr } from '../bandedGivensQr.js';
import { euclideanNorm, removeProjections } from '../gramSchmidt.js';
import { solveLeastSquares } from '../leastSquaresQr.js';
import { columnVariable, type FrozenGateColumns } from '../frozenGateColumns.js';
import { addTaylorPolynomial, affinePower, multiplyPolynomials, type PolynomialFrame } from '../shiftedPolynomial.js';
import type { KnotJumps } from './knotJumps.js';
import type { SplineKnots } from './splineKnots.js';

/** Relative rank threshold for the edge polynomials (exact dependencies leave ~1e-16). */
const EDGE_RANK_TOLERANCE = 1e-10;

export interface EdgeSpace {
  /** the scaled frame of the fit interval I: polynomials of degree <= m in (x - centre(I)) / radius(I) */
  readonly frame: PolynomialFrame;
  /** ((x - c) / h)^j in the frame, c and h the domain's midpoint and half-length (the columns' variable w) */
  wPower(j: number): Float64Array;
  /** the network columns (neuron, j) whose functions are the edge polynomials, in order */
  readonly edgeColumns: ReadonlyArray<{ readonly neuron: number; readonly j: number }>;
  /** the constant, then the edge columns' polynomials, in the frame */
  readonly polynomials: readonly Float64Array[];
  /** orthonormal rows spanning the complement of P_ext in the frame's coefficient space (k of them) */
  readonly annihilator: readonly Float64Array[];
}

/** Orthonormal basis (rows) of the complement of the span of `columns` in R^p, by pivoted Gram-Schmidt twice. */
function orthogonalComplement(columns: Float64Array[], p: number): Float64Array[] {
  const basis: Float64Array[] = [];
  const residual = (v: Float64Array): Float64Array => {
    const r = Float64Array.from(v);
    removeProjections(r, basis);
    return r;
  };
  const pool = columns.map((c) => c.map((x) => x / (euclideanNorm(c) || 1)));
  for (;;) {
    let best: Float64Array | null = null;
    let bestNorm = EDGE_RANK_TOLERANCE;
    for (const c of pool) {
      const r = residual(c);
      const rn = euclideanNorm(r);
      if (rn > bestNorm) {
        best = r;
        bestNorm = rn;
      }
    }
    if (!best) break;
    basis.push(best.map((x) => x / bestNorm));
  }
  const complement: Float64Array[] = [];
  while (basis.length < p) {
    let best: Float64Array = new Float64Array(p);
    let bestNorm = 0;
    for (let k = 0; k < p; k++) {
      const e = new Float64Array(p);
      e[k] = 1;
      const r = residual(e);
      const rn = euclideanNorm(r);
      if (rn > bestNorm) {
        best = r;
        bestNorm = rn;
      }
    }
    const q = best.map((x) => x / bestNorm);
    basis.push(q);
    complement.push(q);
  }
  return complement;
}

export function edgeSpace(family: FrozenGateColumns, knots: SplineKnots): EdgeSpace {
  const { knots: t, gateWeights, knotPower: a, freeDegree: s, domain } = family;
  const { lo, hi, m, width, kind } = knots;
  const frame: PolynomialFrame = { center: (lo + hi) / 2, radius: (hi - lo) / 2, degree: m };
  const { centre, halfLength } = columnVariable(domain);
  const wPower = (j: number): Float64Array => affinePower(frame, 1 / halfLength, centre, j);
  const edgeColumns: { neuron: number; j: number }[] = [];
  const constant = new Float64Array(width);
  constant[0] = 1;
  const polynomials: Float64Array[] = [constant];
  for (let i = 0; i < t.length; i++) {
    if (kind[i] !== 'edge') continue;
    const gate = affinePower(frame, gateWeights[i], t[i], a); // (G (x - t))^a, the active side
    for (let j = 0; j <= s; j++) {
      edgeColumns.push({ neuron: i, j });
      polynomials.push(multiplyPolynomials(gate, wPower(j)));
    }
  }
  return { frame, wPower, edgeColumns, polynomials, annihilator: orthogonalComplement(polynomials, width) };
}

/** The rows C[l][b] = annihilator[l] . q(B_b): the constraints on the B-spline coefficients (k rows of nb). */
export function constraintRows(knots: SplineKnots, jumps: KnotJumps, edge: EdgeSpace): Float64Array[] {
  const { m, width, nb, tau, kind, interior, lo } = knots;
  const qOfBasis = new Float64Array(nb * width);
  for (let b = 0; b <= m; b++) {
    const derivs = Array.from({ length: width }, (_, r) => jumps.basisAtLo(b, r));
    addTaylorPolynomial(edge.frame, lo, derivs, 1, qOfBasis.subarray(b * width, (b + 1) * width));
  }
  for (let kappa = 0; kappa < tau.length; kappa++) {
    if (kind[interior[kappa]] !== 'left') continue;
    const first = jumps.firstAt(kappa);
    for (let index = 0; index < jumps.touched; index++) {
      const values = Array.from({ length: width }, (_, r) => jumps.basisJump(kappa, index, r));
      const b = first + index;
      addTaylorPolynomial(edge.frame, tau[kappa], values, 1, qOfBasis.subarray(b * width, (b + 1) * width));
    }
  }
  return edge.annihilator.map((row) => {
    const c = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      let dot = 0;
      for (let r = 0; r < width; r++) dot += row[r] * qOfBasis[b * width + r];
      c[b] = dot;
    }
    return c;
  });
}

/** w - P_Z w with Z = R^-T C^T: the right-hand side whose back substitution solves the constrained problem. */
export function constrainedRightHandSide(qr: BandedQr, rows: readonly Float64Array[], w: Float64Array): Float64Array {
  const nb = qr.columns;
  const k = rows.length;
  const Z = new Float64Array(nb * k); // column-major nb x k
  rows.forEach((c, l) => Z.set(solveBandedUpperTransposed(qr, c), l * nb));
  const lambda = solveLeastSquares(Z, nb, k, w).x;
  const rhs = Float64Array.from(w);
  for (let l = 0; l < k; l++) for (let b = 0; b < nb; b++) rhs[b] -= Z[b + l * nb] * lambda[l];
  return rhs;
}

/**
 * The minimum-2-norm x with rows . x = rhs, for a few (k) long rows: Gram-Schmidt twice on the rows,
 * rows = L Q with Q orthonormal, then x = Q^T L^-1 rhs. A row dependent on the others (residual below
 * 1e-12 of its norm) is dropped with its equation. (solveLeastSquares scales columns first, which for
 * a wide system would weight the correction towards the smallest entries.)
 */
export function minimumNormSolution(rows: readonly Float64Array[], rhs: readonly number[]): Float64Array {
  const length = rows[0].length;
  const q: Float64Array[] = [];
  const y: number[] = [];
  rows.forEach((row, l) => {
    const v = Float64Array.from(row);
    let target = rhs[l];
    const original = euclideanNorm(row);
    removeProjections(v, q, (i, dot) => (target -= dot * y[i]));
    const norm = euclideanNorm(v);
    if (!(norm > 1e-12 * original)) return;
    q.push(v.map((x) => x / norm));
    y.push(target / norm);
  });
  const x = new Float64Array(length);
  q.forEach((basis, i) => {
    for (let b = 0; b < length; b++) x[b] += y[i] * basis[b];
  });
  return x;
}
