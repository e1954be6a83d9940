/**
 * The asymptotic window of a convergence series: the widths over which a slope is fitted.
 * Inputs: widths n (sorted, increasing), RMSE L > 0 (units of the target), the float floor
 * eps * |f| of the method (eps = 2^-52 float64, 2^-23 float32; |f| = RMS of the target).
 *
 * Rules, applied in order, each excluded width recorded with its reason:
 *  1-2. the cuts every fit shares (seriesCuts): no measurement, the float floor, rounding where a
 *     rounding estimate is given, and widths after the smallest RMSE (stopped falling);
 *  3. settled local orders: among the remaining widths, the window is a contiguous run whose
 *     running local orders (runningLocalOrders) all lie within SETTLED_BAND of the run's own fitted
 *     slope. Asymptotic means large n, so the run ends at the largest width that ends any settled,
 *     falling run of at least MIN_WINDOW_WIDTHS widths spanning at least a factor MIN_WINDOW_SPAN in
 *     n (falling: the upper end of the slope's 95% t interval is below 0, so a noisy plateau above
 *     the float floor never qualifies; a shorter span is a local order, not a fit), and reaches as
 *     far left as it stays settled. (Choosing the
 *     widest settled run instead would prefer a long pre-asymptotic plateau: the GQU under least
 *     squares holds -3.5 from n = 4 to 28 before turning to -4, the paper's fitting-range artefact.)
 *     If there is no such run, the widest settled run is used: too short, it gives no verdict; a
 *     stagnant series (settled but not falling) is measured as what it is, and fails.
 *     Widths left of the window are pre-asymptotic, widths right of it unsettled.
 * The rules never look at the predicted slope or the verdict tolerance: the window is what the data
 * say, so a tolerance cannot be met by moving it. The window gives the plain window slope the report
 * shows; the verdict rests on the extrapolated order (extrapolatedOrder.ts), which sees drift that
 * a +-0.2 band lets through.
 */
import { logLogSlope } from './logLogSlope.js';
import { runningLocalOrders } from './runningLocalOrder.js';
import { tHalfWidthFactor } from './confidenceLevel.js';
import { seriesCuts, type ExcludedWidth, type FloatFloor } from './seriesCuts.js';

export { FLOOR_MARGIN, type ExclusionReason, type ExcludedWidth } from './seriesCuts.js';
/** Running local orders must agree with the window's slope to +-0.2 for the orders to count as settled. */
export const SETTLED_BAND = 0.2;
/** The fewest widths a window slope may rest on (README "How it judges"). */
export const MIN_WINDOW_WIDTHS = 4;
/** A fitted window covers at least a doubling of n. */
export const MIN_WINDOW_SPAN = 2;

export interface AsymptoticWindow {
  /** widths used, increasing (may be fewer than MIN_WINDOW_WIDTHS: then no window slope) */
  readonly widths: number[];
  readonly excluded: ExcludedWidth[];
  /** running local order at each input width (NaN where not computed) */
  readonly runningOrders: number[];
  /** L <= this is at the floor: FLOOR_MARGIN * eps * |f| */
  readonly floorThreshold: number;
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

export function asymptoticWindow(
  ns: readonly number[],
  rmses: readonly number[],
  floor: FloatFloor,
  roundingErrors?: readonly (number | null)[],
): AsymptoticWindow {
  const cuts = seriesCuts(ns, rmses, floor, roundingErrors);
  const excluded: ExcludedWidth[] = [...cuts.excluded];
  const floorThreshold = cuts.floorThreshold;
  const falling = cuts.kept;
  const runningOrders = ns.map(() => Number.NaN);
  const fn = falling.map((i) => ns[i]);
  const fl = falling.map((i) => rmses[i]);
  const running = runningLocalOrders(fn, fl);
  falling.forEach((i, k) => (runningOrders[i] = running[k]));

  const settledRun = (lo: number, hi: number, falling: boolean): number | null => {
    const line = logLogSlope(fn.slice(lo, hi + 1), fl.slice(lo, hi + 1));
    for (let k = lo; k <= hi; k++) if (!(Math.abs(running[k] - line.slope) <= SETTLED_BAND)) return null;
    if (falling && !(line.slope + tHalfWidthFactor(line.count - 2) * line.slopeStandardError < 0)) return null;
    return line.slope;
  };
  // O(k^3) for k widths at worst, trivial for k <= a few hundred.
  let best: { lo: number; hi: number; slope: number } | null = null;
  for (let hi = fn.length - 1; hi >= MIN_WINDOW_WIDTHS - 1 && !best; hi--) {
    for (let lo = 0; lo <= hi - MIN_WINDOW_WIDTHS + 1 && fn[hi] / fn[lo] >= MIN_WINDOW_SPAN; lo++) {
      const slope = settledRun(lo, hi, true);
      if (slope !== null) {
        best = { lo, hi, slope };
        break;
      }
    }
  }
  if (!best) {
    let widest = -1;
    for (let lo = 0; lo < fn.length; lo++) {
      for (let hi = lo + 1; hi < fn.length; hi++) {
        const span = Math.log(fn[hi] / fn[lo]);
        if (span < widest) continue;
        const slope = settledRun(lo, hi, false);
        if (slope !== null) {
          widest = span;
          best = { lo, hi, slope };
        }
      }
    }
  }
  const widths = best ? fn.slice(best.lo, best.hi + 1) : [];
  if (best) {
    const b = best;
    fn.forEach((n, k) => {
      if (k >= b.lo && k <= b.hi) return;
      excluded.push({
        n,
        reason: k < b.lo ? 'pre-asymptotic' : 'unsettled',
        detail: `running local order ${fmt(running[k])} is outside the window slope ${fmt(b.slope)} +- ${SETTLED_BAND}`,
      });
    });
  } else {
    for (const n of fn) excluded.push({ n, reason: 'unsettled', detail: 'no two widths with settled local orders' });
  }
  excluded.sort((p, q) => p.n - q.n);
  return { widths, excluded, runningOrders, floorThreshold };
}
