/**
 * Classical Gram-Schmidt applied twice ("twice is enough": Giraud, Langou, Rozloznik, Comput. Math.
 * Appl. 50, 2005): removes from v its components along orthonormal vectors, float64. One pass of
 * classical Gram-Schmidt loses orthogonality like cond^2 eps; the second pass restores it to O(eps).
 *
 * Shapes: v and every basis vector have the same length; v is overwritten.
 * Returns the coefficients removed, per basis vector, summed over both passes (v_in = v_out + sum c_i q_i);
 * onProjection sees each single projection as it is removed, in order (to update a right-hand side alongside).
 *
 * Examples:  const c = removeProjections(v, [q1, q2]);   // v is now orthogonal to q1 and q2
 */
export function removeProjections(
  v: Float64Array,
  basis: readonly Float64Array[],
  onProjection?: (index: number, coefficient: number) => void,
): Float64Array {
  const coefficients = new Float64Array(basis.length);
  for (let pass = 0; pass < 2; pass++) {
    basis.forEach((q, i) => {
      let dot = 0;
      for (let k = 0; k < v.length; k++) dot += q[k] * v[k];
      for (let k = 0; k < v.length; k++) v[k] -= dot * q[k];
      coefficients[i] += dot;
      onProjection?.(i, dot);
    });
  }
  return coefficients;
}

/** Euclidean norm. */
export function euclideanNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}
