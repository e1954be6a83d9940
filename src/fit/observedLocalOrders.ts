/**
 * Observed local orders between successive widths, log(L_i / L_(i+1)) / log(n_(i+1) / n_i) with the
 * sign kept as a slope: negative when the error falls, directly comparable with a predicted slope
 * -(m+1). Inputs sorted by increasing n, L > 0 (RMSE, any units).
 */
export interface LocalOrder {
  readonly nFrom: number;
  readonly nTo: number;
  /** d ln L / d ln n between the two widths (a slope, negative when converging) */
  readonly order: number;
}

export function observedLocalOrders(ns: readonly number[], rmses: readonly number[]): LocalOrder[] {
  const out: LocalOrder[] = [];
  for (let i = 0; i + 1 < ns.length; i++) {
    out.push({ nFrom: ns[i], nTo: ns[i + 1], order: Math.log(rmses[i + 1] / rmses[i]) / Math.log(ns[i + 1] / ns[i]) });
  }
  return out;
}

/**
 * Local orders into each width from a width of the same parity: where the widths step by one
 * (n - 1 and n both measured), the order over n - 2 -> n; elsewhere over the previous width. Even and
 * odd widths fit different problems (for even n both edge neurons of the alternating spline start are
 * linear on the domain, for odd n the last one is dead; README "How it measures"), so successive
 * orders over a unit step alternate between the two and say nothing about either; over n - 2 -> n
 * they follow one family. A width n whose n - 1 is measured but n - 2 is not gets no order.
 * Inputs sorted by increasing n, distinct, L > 0.
 *
 * Examples:  sameParityLocalOrders([4, 5, 6, 7, 8, 16], L) -> orders 4->6, 5->7, 6->8, 8->16
 */
export function sameParityLocalOrders(ns: readonly number[], rmses: readonly number[]): LocalOrder[] {
  const index = new Map(ns.map((n, i) => [n, i]));
  const out: LocalOrder[] = [];
  for (let i = 1; i < ns.length; i++) {
    const from = ns[i] - ns[i - 1] === 1 ? index.get(ns[i] - 2) : i - 1;
    if (from === undefined) continue;
    out.push({
      nFrom: ns[from],
      nTo: ns[i],
      order: Math.log(rmses[i] / rmses[from]) / Math.log(ns[i] / ns[from]),
    });
  }
  return out;
}
