/**
 * Where x falls among sorted breakpoints: the number of entries of sorted[lo..hi) that are <= x,
 * i.e. the index of the first entry > x (an upper bound, by bisection, O(log k)). Ties go left:
 * a point exactly on a knot belongs to the cell on the knot's right.
 *
 * Examples:  countAtMost([0, 1, 2], 1) === 2;  countAtMost([0, 1, 2], -5) === 0
 */
export function countAtMost(sorted: ArrayLike<number>, x: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
