/**
 * Thomas algorithm for a tridiagonal system, float64, length-n vectors:
 *   lower[i] x[i-1] + diagonal[i] x[i] + upper[i] x[i+1] = rhs[i]   (lower[0], upper[n-1] unused).
 * No pivoting: only for diagonally dominant systems (the cubic-spline moment system 1, 4, 1 is),
 * where elimination is backward stable and every pivot stays >= the dominance margin.
 */
export function solveTridiagonal(
  lower: ArrayLike<number>,
  diagonal: ArrayLike<number>,
  upper: ArrayLike<number>,
  rhs: ArrayLike<number>,
): Float64Array {
  const n = diagonal.length;
  const c = new Float64Array(n);
  const x = new Float64Array(n);
  if (n === 0) return x;
  let pivot = diagonal[0];
  c[0] = upper[0] / pivot;
  x[0] = rhs[0] / pivot;
  for (let i = 1; i < n; i++) {
    pivot = diagonal[i] - lower[i] * c[i - 1];
    c[i] = upper[i] / pivot;
    x[i] = (rhs[i] - lower[i] * x[i - 1]) / pivot;
  }
  for (let i = n - 2; i >= 0; i--) x[i] -= c[i] * x[i + 1];
  return x;
}
