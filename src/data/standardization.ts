/**
 * Standardization as the paper's code does it: subtract the mean and divide by the population
 * standard deviation (ddof = 0), fitted on a chosen set of rows (all rows for the paper's protocol,
 * the training part only for an honest holdout), applied to any rows.
 *
 * Summation order is numpy's, so the numbers equal X.mean(axis=0) / X.std(axis=0) and y.mean() /
 * y.std() bit for bit: column sums run sequentially over rows (numpy's reduction over axis 0 of a
 * C-ordered array); a 1-D sum is numpy's pairwise summation (blocks of 8 unrolled, split at 128).
 *
 * Shapes: X rows x dim row-major; columns are standardized independently.
 *
 * Examples:  const s = fitColumnScaling(X, rows, dim, indices); const Z = applyColumnScaling(X, rows, dim, s)
 */
export interface ColumnScaling {
  /** per column, same units as the data */
  readonly mean: Float64Array;
  /** population standard deviation per column (ddof = 0), same units */
  readonly std: Float64Array;
}

/** numpy's pairwise sum of a[lo .. lo + n). */
export function pairwiseSum(a: ArrayLike<number>, lo = 0, n = a.length): number {
  if (n < 8) {
    let r = -0;
    for (let i = 0; i < n; i++) r += a[lo + i];
    return r;
  }
  if (n <= 128) {
    const r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) sum += a[lo + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, lo, half) + pairwiseSum(a, lo + half, n - half);
}

/** Column means and population standard deviations over `fitRows` (default every row). */
export function fitColumnScaling(
  X: Float64Array,
  rows: number,
  dim: number,
  fitRows?: readonly number[],
): ColumnScaling {
  const indices = fitRows ?? Array.from({ length: rows }, (_, i) => i);
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  if (dim === 1) {
    const values = Float64Array.from(indices, (i) => X[i]);
    mean[0] = pairwiseSum(values) / values.length;
    std[0] = Math.sqrt(pairwiseSum(values.map((v) => (v - mean[0]) * (v - mean[0]))) / values.length);
    return { mean, std };
  }
  for (const i of indices) for (let j = 0; j < dim; j++) mean[j] += X[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= indices.length;
  for (const i of indices) {
    for (let j = 0; j < dim; j++) {
      const t = X[i * dim + j] - mean[j];
      std[j] += t * t;
    }
  }
  for (let j = 0; j < dim; j++) std[j] = Math.sqrt(std[j] / indices.length);
  return { mean, std };
}

/** (X - mean) / std, column by column; a constant column (std 0) is only centred. */
export function applyColumnScaling(X: Float64Array, dim: number, scaling: ColumnScaling): Float64Array {
  return X.map((v, k) => {
    const j = k % dim;
    return scaling.std[j] > 0 ? (v - scaling.mean[j]) / scaling.std[j] : v - scaling.mean[j];
  });
}
