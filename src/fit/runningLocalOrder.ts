/**
 * Running local order at each width: the least-squares log-log slope over the widths within a factor
 * NEIGHBOURHOOD_FACTOR of span centred on it (at least MIN_NEIGHBOURS widths, widened by index when
 * the widths are sparse). Inputs sorted by increasing n, L > 0. Output: one slope per width.
 *
 * Why not the successive-width local orders: with consecutive widths (n, n+1) a factor-2 odd/even
 * alternation of the RMSE (seen with the paper's GLU solver, arXiv 2602.14495; README "How it measures") turns them into +-50 noise; a
 * least-squares slope over a factor-2 span of widths averages it while still following a real bend.
 */
import { logLogSlope } from './logLogSlope.js';

export const NEIGHBOURHOOD_FACTOR = 2;
export const MIN_NEIGHBOURS = 3;

export function runningLocalOrders(ns: readonly number[], rmses: readonly number[]): number[] {
  const k = ns.length;
  if (k < 2) return ns.map(() => Number.NaN);
  const halfSpan = Math.log(NEIGHBOURHOOD_FACTOR) / 2;
  const want = Math.min(MIN_NEIGHBOURS, k);
  return ns.map((n, i) => {
    let lo = i;
    let hi = i;
    while (lo > 0 && Math.log(n / ns[lo - 1]) <= halfSpan) lo--;
    while (hi < k - 1 && Math.log(ns[hi + 1] / n) <= halfSpan) hi++;
    // Sparse widths: widen by index, nearer side first, until enough points.
    while (hi - lo + 1 < want) {
      const left = lo > 0 ? Math.log(n / ns[lo - 1]) : Number.POSITIVE_INFINITY;
      const right = hi < k - 1 ? Math.log(ns[hi + 1] / n) : Number.POSITIVE_INFINITY;
      if (left <= right) lo--;
      else hi++;
    }
    return logLogSlope(ns.slice(lo, hi + 1), rmses.slice(lo, hi + 1)).slope;
  });
}
