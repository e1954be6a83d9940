/**
 * A 1-D data set sorted by abscissa, float64: xs ascending, ys permuted with them.
 * Banded least squares needs its rows in x order; a sweep sorts its data once and reuses the result
 * for every width and unit (sorting is O(N log N), the fits after it are O(N)).
 *
 * Examples:  const sample = sortSample(xs, ys);  sample.xs[0] === Math.min(...xs)
 */

export interface SortedSample {
  /** abscissae, ascending */
  readonly xs: Float64Array;
  /** ordinates in the same order */
  readonly ys: Float64Array;
}

export function sortSample(xs: Float64Array, ys: Float64Array): SortedSample {
  if (xs.length !== ys.length) throw new RangeError(`data has ${xs.length} inputs but ${ys.length} targets`);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      throw new RangeError(`data point ${i} is not finite: x = ${xs[i]}, y = ${ys[i]}`);
    }
  }
  const order = Uint32Array.from({ length: xs.length }, (_, i) => i).sort((i, j) => xs[i] - xs[j] || i - j);
  const sortedXs = new Float64Array(xs.length);
  const sortedYs = new Float64Array(xs.length);
  for (let k = 0; k < order.length; k++) {
    sortedXs[k] = xs[order[k]];
    sortedYs[k] = ys[order[k]];
  }
  return { xs: sortedXs, ys: sortedYs };
}
