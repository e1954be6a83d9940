import t from 'tap';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { EPS64 } from '../../src/core/floatPrecision.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
  return A;
}

/** max |A V - V diag(lambda)| and max |V^T V - I|, both relative to max |lambda| resp. 1. */
function defects(A: Float64Array, n: number, values: Float64Array, V: Float64Array): [number, number] {
  const scale = Math.max(...values.map(Math.abs), Number.MIN_VALUE);
  let residual = 0;
  let orthogonality = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * V[j * n + k];
      residual = Math.max(residual, Math.abs(s - values[k] * V[i * n + k]) / scale);
    }
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += V[i * n + k] * V[i * n + l];
      orthogonality = Math.max(orthogonality, Math.abs(s - (k === l ? 1 : 0)));
    }
  }
  return [residual, orthogonality];
}

t.test('random symmetric matrices: A V = V diag(lambda) and V^T V = I to O(n eps)', async (t) => {
  for (const n of [1, 2, 3, 7, 40, 120]) {
    const A = randomSymmetric(n, n);
    const { values, vectors } = symmetricEigen(A, n);
    const [residual, orthogonality] = defects(A, n, values, vectors);
    const tolerance = 10 * n * EPS64;
    t.ok(residual <= tolerance, `n = ${n}: residual ${residual.toExponential(2)} <= ${tolerance.toExponential(2)}`);
    t.ok(orthogonality <= tolerance, `n = ${n}: orthogonality ${orthogonality.toExponential(2)}`);
    t.ok(
      values.every((v, k) => k === 0 || values[k - 1] <= v),
      `n = ${n}: ascending`,
    );
    // The trace is the sum of the eigenvalues.
    let trace = 0;
    for (let i = 0; i < n; i++) trace += A[i * n + i];
    const sum = values.reduce((s, v) => s + v, 0);
    t.ok(Math.abs(trace - sum) <= tolerance * n * Math.max(1, ...values.map(Math.abs)), `n = ${n}: trace`);
  }
});

t.test('known spectra: a 2 x 2, a diagonal, and the second-difference matrix', async (t) => {
  const two = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
  t.ok(Math.abs(two.values[0] - 1) < 4 * EPS64 && Math.abs(two.values[1] - 3) < 8 * EPS64, `${two.values}`);
  const diagonal = symmetricEigen(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3);
  t.same(Array.from(diagonal.values), [-1, 2, 3]);
  // tridiag(-1, 2, -1) of size n: lambda_k = 2 - 2 cos(k pi / (n + 1)).
  const n = 50;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    L[i * n + i] = 2;
    if (i + 1 < n) {
      L[i * n + i + 1] = -1;
      L[(i + 1) * n + i] = -1;
    }
  }
  const { values } = symmetricEigen(L, n);
  let worst = 0;
  for (let k = 1; k <= n; k++)
    worst = Math.max(worst, Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1)))));
  t.ok(worst <= 20 * n * EPS64, `second difference: max eigenvalue error ${worst.toExponential(2)}`);
});

t.test('rank-deficient and graded matrices: zero and tiny eigenvalues are resolved to O(eps ||A||)', async (t) => {
  // A = B B^T with B 30 x 10: rank 10, twenty eigenvalues that are zero in exact arithmetic.
  const n = 30;
  const r = 10;
  const rng = seededRandom(3);
  const B = Float64Array.from({ length: n * r }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += B[i * r + k] * B[j * r + k];
      A[i * n + j] = s;
    }
  const { values, vectors } = symmetricEigen(A, n);
  const largest = values[n - 1];
  const zeros = values.filter((v) => Math.abs(v) <= 100 * n * EPS64 * largest).length;
  t.equal(zeros, n - r, `${zeros} eigenvalues at rounding level, ${n - r} expected`);
  const [residual, orthogonality] = defects(A, n, values, vectors);
  t.ok(residual <= 10 * n * EPS64 && orthogonality <= 10 * n * EPS64, `${residual}, ${orthogonality}`);
  t.throws(() => symmetricEigen(Float64Array.of(1, NaN, NaN, 1), 2), RangeError);
});
