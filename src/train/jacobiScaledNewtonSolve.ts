/**
 * The Newton system H x = -g as the paper's reference optimizer solves it (repository
 * afqueiruga/divine_scaling, `solve_with_preconditioning_robust` at its head commit c9378a4, read
 * for its behaviour and implemented here from that description; no code copied):
 *   1. symmetrise H <- (H + H^T) / 2;
 *   2. drop every index i whose row of H and |g_i| are all <= zeroTolerance = 1e-12 max(1, max|H|)
 *      (dead neurons: their parameters get x_i = 0);
 *   3. Jacobi scaling P = diag(1 / sqrt(max(|H_ii|, 1e-12))), so the system becomes (P H P) y = -P g;
 *   4. if the 2-norm condition number of P H P is at most 1e12, solve it exactly; otherwise take the
 *      least-squares solution that treats singular values below eps * sigma_max as zero (the
 *      reference's fallback, LAPACK gelsd through scipy.linalg.lstsq with its default cutoff);
 *   5. x = P y.
 * With the reference's damping 0 its adaptive-damping retries all solve the same system, so they
 * are left out. Both branches are computed from one eigendecomposition of the symmetric P H P
 * (symmetricEigen): its singular values are |lambda_k|, and for cond <= 1e12 the eigen-solve is as
 * accurate as any backward-stable solver (relative error ~ cond * eps <= 2e-4 in the worst case).
 *
 * This is the normal-equations path the reference takes (H = (2/N) J^T J of a linear stage), kept on
 * purpose: its condition is the square of J's, and the eps * sigma_max cut-off on P H P discards the
 * directions in which J's scaled singular values fall below sqrt(eps) ~ 1.5e-8 of its largest. That
 * loss is what the paper optimizer is meant to reproduce (README, "The paper's optimizer"); every
 * verdict-grade solver in this repository works on J itself by QR.
 *
 * Shapes: H is k x k row-major, g has length k; x has length k. Units: x in parameter units.
 */
import { EPS64 } from '../core/floatPrecision.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';

/** The reference's thresholds. */
export const REFERENCE_SOLVE = {
  /** relative zero test for a row of H and its g entry */
  zeroTolerance: 1e-12,
  /** floor under |H_ii| in the Jacobi scaling */
  diagonalFloor: 1e-12,
  /** largest 2-norm condition number of P H P solved exactly */
  conditionThreshold: 1e12,
  /** singular values below cutoff * sigma_max are treated as zero in the fallback */
  pseudoInverseCutoff: EPS64,
} as const;

export interface NewtonSolve {
  /** the Newton step, length k */
  readonly x: Float64Array;
  /** indices kept after the zero-row test */
  readonly kept: number;
  /** 2-norm condition number of the Jacobi-scaled P H P (Infinity when singular) */
  readonly condition: number;
  /** true when the condition exceeded the threshold and the pseudo-inverse was used */
  readonly pseudoInverse: boolean;
  /** eigenvalues used (all kept ones when solved exactly) */
  readonly rank: number;
}

export function jacobiScaledNewtonSolve(H: Float64Array, g: Float64Array, k: number): NewtonSolve {
  if (H.length !== k * k || g.length !== k)
    throw new Error(`jacobiScaledNewtonSolve: expected ${k} x ${k} and ${k}, got ${H.length} and ${g.length}`);
  const sym = (i: number, j: number): number => (H[i * k + j] + H[j * k + i]) / 2;
  let largest = 0;
  for (let i = 0; i < k * k; i++) largest = Math.max(largest, Math.abs(H[i]));
  const zeroTolerance = REFERENCE_SOLVE.zeroTolerance * Math.max(1, largest);
  const kept: number[] = [];
  for (let i = 0; i < k; i++) {
    let rowMax = Math.abs(g[i]);
    for (let j = 0; j < k; j++) rowMax = Math.max(rowMax, Math.abs(sym(i, j)));
    if (rowMax > zeroTolerance) kept.push(i);
  }
  const x = new Float64Array(k);
  const m = kept.length;
  if (m === 0) return { x, kept: 0, condition: 1, pseudoInverse: false, rank: 0 };
  const scale = kept.map((i) => 1 / Math.sqrt(Math.max(Math.abs(sym(i, i)), REFERENCE_SOLVE.diagonalFloor)));
  const scaled = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    rhs[a] = -scale[a] * g[kept[a]];
    for (let b = 0; b < m; b++) scaled[a * m + b] = scale[a] * sym(kept[a], kept[b]) * scale[b];
  }
  const { values, vectors } = symmetricEigen(scaled, m);
  let sigmaMax = 0;
  let sigmaMin = Number.POSITIVE_INFINITY;
  for (const v of values) {
    sigmaMax = Math.max(sigmaMax, Math.abs(v));
    sigmaMin = Math.min(sigmaMin, Math.abs(v));
  }
  const condition = sigmaMin > 0 ? sigmaMax / sigmaMin : Number.POSITIVE_INFINITY;
  const pseudoInverse = !(condition <= REFERENCE_SOLVE.conditionThreshold);
  const cutoff = pseudoInverse ? REFERENCE_SOLVE.pseudoInverseCutoff * sigmaMax : 0;
  // y = sum over used eigenpairs of v_c (v_c . rhs) / lambda_c
  const y = new Float64Array(m);
  let rank = 0;
  for (let c = 0; c < m; c++) {
    const lambda = values[c];
    if (!(Math.abs(lambda) > cutoff)) continue;
    rank++;
    let dot = 0;
    for (let a = 0; a < m; a++) dot += vectors[a * m + c] * rhs[a];
    const coefficient = dot / lambda;
    for (let a = 0; a < m; a++) y[a] += vectors[a * m + c] * coefficient;
  }
  for (let a = 0; a < m; a++) x[kept[a]] = scale[a] * y[a];
  return { x, kept: m, condition, pseudoInverse, rank };
}
