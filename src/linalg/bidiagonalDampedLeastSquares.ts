/**
 * Damped least squares for many damping values from one factorisation, float64:
 *   min_y ||A y - b||^2 + lambda ||y||^2   for any lambda > 0,
 * by one Householder bidiagonalisation A = U B V^T (Golub and Kahan, 1965; O(m n^2); a tall A is first reduced
 * to its n x n R by Householder QR) and then, per lambda,
 * Eldén's O(n) reduction of [B; sqrt(lambda) I] to upper bidiagonal form by Givens rotations (Eldén, "Algorithms
 * for the regularization of ill-conditioned least squares problems", BIT 17, 1977), a bidiagonal back
 * substitution and y = V z (O(n^2)). Orthogonal transformations throughout: never the normal equations.
 * This is what lets Levenberg-Marquardt try several damping values per iteration for the price of one
 * factorisation.
 *
 * Shapes: A is m x n column-major (A[i + j*m]); when m < n it is padded with zero rows (they change no
 * solution). b has length m.
 *
 * Examples:  const f = bidiagonalise(A, m, n);  const c = f.projectRhs(b);  const y = f.solve(c, 1e-3).y;
 */
import { applyReflector, householder } from './leastSquaresQr.js';

export interface BidiagonalFactorisation {
  readonly columns: number;
  /** U^T b (its first n entries: the part of b that A can reach) */
  projectRhs(b: Float64Array): Float64Array;
  /** y minimising ||A y - b||^2 + lambda ||y||^2, from c = projectRhs(b); and ||y|| */
  solve(c: Float64Array, lambda: number): { y: Float64Array; norm: number };
}

export function bidiagonalise(Ain: Float64Array, mIn: number, n: number): BidiagonalFactorisation {
  if (mIn <= n) {
    const A = new Float64Array(n * n);
    for (let j = 0; j < n; j++) A.set(Ain.subarray(j * mIn, (j + 1) * mIn), j * n);
    return golubKahan(A, n, n, mIn);
  }
  // Tall A: Householder QR first, A = Q R, then bidiagonalise the n x n R (Chan's R-bidiagonalisation,
  // "An improved algorithm for computing the singular value decomposition", ACM TOMS 8, 1982). Both stages are
  // orthogonal, so U = Q U_R and the damped solutions are those of A itself. The QR touches the m rows only
  // through contiguous column dot products and updates (2 m n^2 flops); the Golub-Kahan right reflectors
  // would sweep the m rows with stride m per column, which on a 10,000 x 161 Jacobian was ~6x slower.
  const m = mIn;
  const Q = Float64Array.from(Ain);
  const betas = new Float64Array(n);
  const R = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const [beta, alpha] = householder(Q, m, k, k);
    betas[k] = beta;
    for (let j = k + 1; j < n; j++) applyReflector(Q, k, k, beta, Q, j, m);
    R[k * n + k] = alpha;
    for (let j = k + 1; j < n; j++) R[j * n + k] = Q[j * m + k];
  }
  const inner = golubKahan(R, n, n, n);
  return {
    columns: n,
    projectRhs: (bIn: Float64Array): Float64Array => {
      const b = Float64Array.from(bIn.subarray(0, m));
      for (let k = 0; k < n; k++) applyReflector(Q, k, k, betas[k], b, 0, m);
      return inner.projectRhs(b.subarray(0, n));
    },
    solve: inner.solve,
  };
}

/** Golub-Kahan on A (m x n column-major, m >= n, overwritten); right-hand sides have length mIn <= m. */
function golubKahan(A: Float64Array, m: number, n: number, mIn: number): BidiagonalFactorisation {
  const diagonal = new Float64Array(n);
  const superdiagonal = new Float64Array(Math.max(n - 1, 0));
  const leftBeta = new Float64Array(n);
  const rightBeta = new Float64Array(n);
  const dots = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    // Left reflector: zero A[k+1.., k]; the reflector v (v[k] = 1) is kept in A[k.., k].
    const [betaL, alphaL] = reflect(A, (i) => k * m + i, k, m);
    leftBeta[k] = betaL;
    diagonal[k] = alphaL;
    for (let j = k + 1; j < n; j++) {
      let dot = A[j * m + k];
      for (let i = k + 1; i < m; i++) dot += A[k * m + i] * A[j * m + i];
      dot *= betaL;
      A[j * m + k] -= dot;
      for (let i = k + 1; i < m; i++) A[j * m + i] -= dot * A[k * m + i];
    }
    if (k + 1 >= n) continue;
    // Right reflector: zero A[k, k+2..]; kept in A[k, k+1..].
    const [betaR, alphaR] = reflect(A, (j) => j * m + k, k + 1, n);
    rightBeta[k] = betaR;
    superdiagonal[k] = alphaR;
    applyRightReflector(A, m, n, k, betaR, dots);
  }
  const projectRhs = (bIn: Float64Array): Float64Array => {
    const b = new Float64Array(m);
    b.set(bIn.subarray(0, mIn));
    for (let k = 0; k < n; k++) {
      let dot = b[k];
      for (let i = k + 1; i < m; i++) dot += A[k * m + i] * b[i];
      dot *= leftBeta[k];
      b[k] -= dot;
      for (let i = k + 1; i < m; i++) b[i] -= dot * A[k * m + i];
    }
    return b.slice(0, n);
  };
  const solve = (c: Float64Array, lambda: number): { y: Float64Array; norm: number } => {
    const mu = Math.sqrt(lambda);
    const rDiag = new Float64Array(n);
    const rSuper = new Float64Array(Math.max(n - 1, 0));
    const rhs = new Float64Array(n);
    let aux = mu; // the damping row's entry on the current column
    let auxRhs = 0;
    for (let i = 0; i < n; i++) {
      // Rotate B's row i (d_i, e_i | c_i) against the damping row (aux | auxRhs) to zero aux.
      const d = diagonal[i];
      const r = Math.hypot(d, aux);
      const cs = r > 0 ? d / r : 1;
      const sn = r > 0 ? aux / r : 0;
      rDiag[i] = r;
      const e = i + 1 < n ? superdiagonal[i] : 0;
      if (i + 1 < n) rSuper[i] = cs * e;
      rhs[i] = cs * c[i] + sn * auxRhs;
      const fill = -sn * e; // the damping row now has `fill` in column i + 1
      const fillRhs = -sn * c[i] + cs * auxRhs;
      if (i + 1 < n) {
        // Rotate it against the next damping row (mu | 0) to zero the fill; the other rotated row,
        // (0 | c2 * fillRhs), is a pure residual and is dropped, so c2 = mu / r2 is not needed.
        const r2 = Math.hypot(mu, fill);
        const s2 = r2 > 0 ? fill / r2 : 0;
        aux = r2;
        auxRhs = s2 * fillRhs;
      }
    }
    const z = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const above = i + 1 < n ? rSuper[i] * z[i + 1] : 0;
      z[i] = rDiag[i] > 0 ? (rhs[i] - above) / rDiag[i] : 0;
    }
    // y = V z, V = H_0 H_1 ... (right reflectors act on coordinates k+1..n-1).
    for (let k = n - 2; k >= 0; k--) {
      const beta = rightBeta[k];
      if (beta === 0) continue;
      let dot = z[k + 1];
      for (let j = k + 2; j < n; j++) dot += A[j * m + k] * z[j];
      dot *= beta;
      z[k + 1] -= dot;
      for (let j = k + 2; j < n; j++) z[j] -= dot * A[j * m + k];
    }
    let norm = 0;
    for (const v of z) norm += v * v;
    return { y: z, norm: Math.sqrt(norm) };
  };
  return { columns: n, projectRhs, solve };
}

/**
 * Rows k+1..m-1 of A times the right reflector kept in A[k, k+1..] (v[k+1] = 1). Each row's dot product with
 * the reflector is accumulated column by column (contiguous in memory; the same sums in the same order as
 * row by row). `dots` is scratch of length m.
 */
function applyRightReflector(
  A: Float64Array,
  m: number,
  n: number,
  k: number,
  betaR: number,
  dots: Float64Array,
): void {
  const first = (k + 1) * m;
  for (let i = k + 1; i < m; i++) dots[i] = A[first + i];
  for (let j = k + 2; j < n; j++) {
    const v = A[j * m + k];
    const off = j * m;
    for (let i = k + 1; i < m; i++) dots[i] += v * A[off + i];
  }
  for (let i = k + 1; i < m; i++) {
    dots[i] *= betaR;
    A[first + i] -= dots[i];
  }
  for (let j = k + 2; j < n; j++) {
    const v = A[j * m + k];
    const off = j * m;
    for (let i = k + 1; i < m; i++) A[off + i] -= dots[i] * v;
  }
}

/**
 * Householder reflector zeroing entries first+1..end-1 of the vector whose entry i is A[at(i)]; the
 * reflector (with v[first] = 1) overwrites them. Returns [beta, alpha]: H x = alpha e_first.
 */
function reflect(A: Float64Array, at: (i: number) => number, first: number, end: number): [number, number] {
  let sigma = 0;
  for (let i = first + 1; i < end; i++) sigma += A[at(i)] * A[at(i)];
  const x0 = A[at(first)];
  if (sigma === 0) {
    A[at(first)] = 1;
    return [0, x0];
  }
  const norm = Math.sqrt(x0 * x0 + sigma);
  const alpha = x0 <= 0 ? norm : -norm;
  const v0 = x0 - alpha;
  for (let i = first + 1; i < end; i++) A[at(i)] /= v0;
  A[at(first)] = 1;
  return [-v0 / alpha, alpha];
}
