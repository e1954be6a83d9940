import t from 'tap';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { seededRandom } from '../../src/core/seededRandom.js';

// Column-major m x n random matrix.
function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: m * n }, () => rng.normal());
}
function matVec(A: Float64Array, m: number, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(m);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) y[i] += A[i + j * m] * x[j];
  return y;
}
function normalResidual(A: Float64Array, m: number, n: number, x: Float64Array, b: Float64Array): number {
  const r = matVec(A, m, n, x).map((v, i) => b[i] - v);
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i + j * m] * r[i];
    worst = Math.max(worst, Math.abs(s));
  }
  return worst;
}

t.test('full rank: recovers an exact solution and the optimum is first-order optimal', async (t) => {
  const m = 60,
    n = 7;
  const A = randomMatrix(m, n, 1);
  const xTrue = Float64Array.from({ length: n }, (_, j) => j - 3.5);
  const b = matVec(A, m, n, xTrue);
  const res = solveLeastSquares(A, m, n, b);
  t.equal(res.rank, n);
  t.equal(res.rankDeficient, false);
  for (let j = 0; j < n; j++)
    t.ok(Math.abs(res.x[j] - xTrue[j]) < 1e-13, `x[${j}] = ${res.x[j]} vs ${xTrue[j]} (tol 1e-13)`);
  const noisy = b.map((v, i) => v + Math.sin(i));
  const fit = solveLeastSquares(A, m, n, noisy);
  // A^T r = 0 at the optimum; tolerance 1e-12 relative to ||A|| ||b|| ~ 60.
  t.ok(normalResidual(A, m, n, fit.x, noisy) < 1e-11, 'gradient A^T r vanishes');
});

t.test('rank deficient: detects the rank and returns the minimum-norm solution', async (t) => {
  const m = 40,
    n = 4;
  const base = randomMatrix(m, 3, 2);
  // Column 3 = column 0 + column 1: rank 3.
  const A = new Float64Array(m * n);
  A.set(base);
  for (let i = 0; i < m; i++) A[i + 3 * m] = base[i] + base[i + m];
  const b = matVec(A, m, n, Float64Array.from([1, 1, 1, 1]));
  const res = solveLeastSquares(A, m, n, b);
  t.equal(res.rank, 3);
  t.equal(res.rankDeficient, true);
  t.ok(res.residualNorm < 1e-12, `consistent system has zero residual (${res.residualNorm})`);
  t.ok(normalResidual(A, m, n, res.x, b) < 1e-11, 'first-order optimal');
  // Null space is (1, 1, 0, -1)/sqrt(3) in unscaled coordinates only when columns share a scale;
  // check that adding any null vector increases the scaled norm instead: x is orthogonal to it in scaled coordinates.
  const colNorm = (j: number) => Math.hypot(...A.subarray(j * m, j * m + m));
  const s = [0, 1, 2, 3].map(colNorm);
  const zNull = [1 * s[0], 1 * s[1], 0, -1 * s[3]];
  const dot = zNull.reduce((acc, v, j) => acc + v * res.x[j] * s[j], 0);
  t.ok(Math.abs(dot) < 1e-10, `scaled solution is orthogonal to the scaled null space (dot ${dot})`);
});

t.test('covariance: (A^T A)^-1 times A^T A is the identity, with scaled and pivoted columns', async (t) => {
  const m = 30,
    n = 5;
  const A = randomMatrix(m, n, 3);
  // Column scales from 1e-3 to 1e3, so scaling and pivoting both act.
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) A[i + j * m] *= 10 ** (3 - 1.5 * j);
  const res = solveLeastSquares(A, m, n, new Float64Array(m).fill(1), { covariance: true });
  const cov = res.covariance!;
  let worst = 0;
  for (let i = 0; i < n; i++)
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        let ata = 0;
        for (let r = 0; r < m; r++) ata += A[r + k * m] * A[r + l * m];
        s += cov[i * n + k] * ata;
      }
      worst = Math.max(worst, Math.abs(s - (i === l ? 1 : 0)));
    }
  // cond(A^T A) ~ 1e12 unscaled, but the product is formed in the original columns: 1e-9 is the
  // round-off of that product, not of the inverse (the scaled problem is well conditioned).
  t.ok(worst < 1e-9, `max |cov A^T A - I| = ${worst}`);
  t.equal(solveLeastSquares(A, m, n, new Float64Array(m)).covariance, null, 'not computed unless asked');
});

t.test('shape mismatch is an error', async (t) => {
  t.throws(() => solveLeastSquares(new Float64Array(5), 2, 2, new Float64Array(2)), /shape mismatch/);
});
