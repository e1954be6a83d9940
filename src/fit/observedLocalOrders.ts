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
