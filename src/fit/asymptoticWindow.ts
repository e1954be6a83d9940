/**
 * The asymptotic window of a convergence series: the widths over which a slope is fitted.
 * Inputs: widths n (sorted, increasing), RMSE L > 0 (units of the target), the float floor
 * eps * |f| of the method (eps = 2^-52 float64, 2^-23 float32; |f| = RMS of the target).
 *
 * Rules, applied in order, each excluded width recorded with its reason:
 *  1. precision floor: from the first width with L <= FLOOR_MARGIN * eps * |f| on, every width is
 *     excluded (rounding is then a visible fraction of the error, and later widths cannot be
 *     trusted to be above it either); and any width whose measured rounding error (where the
 *     measurement carries one: constructions) exceeds ROUNDING_FRACTION * L ("rounding"): at 10% it
 *     moves a local order over a doubling by up to log2(1.1) = 0.14;
 *  2. stopped falling: widths after the smallest RMSE of the series (no larger width improves on it);
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
 * say, so a tolerance cannot be met by moving it.
 */
import { FLOAT_EPSILON, type FloatPrecision } from '../core/floatPrecision.js';
import { logLogSlope } from './logLogSlope.js';
import { runningLocalOrders } from './runningLocalOrder.js';
import { studentTQuantile } from './studentTQuantile.js';

/** Widths at or below 100 eps |f|: two decades above rounding, where it starts to show in the slope. */
export const FLOOR_MARGIN = 100;
/** Running local orders must agree with the window's slope to +-0.2 for the orders to count as settled. */
export const SETTLED_BAND = 0.2;
/** A width whose own rounding error exceeds this fraction of its RMSE is excluded. */
export const ROUNDING_FRACTION = 0.1;
/** The fewest widths a verdict may rest on (README "How it judges"). */
export const MIN_WINDOW_WIDTHS = 4;
/** A fitted window covers at least a doubling of n. */
export const MIN_WINDOW_SPAN = 2;

export type ExclusionReason =
  'no-measurement' | 'precision-floor' | 'rounding' | 'stopped-falling' | 'pre-asymptotic' | 'unsettled';

export interface ExcludedWidth {
  readonly n: number;
  readonly reason: ExclusionReason;
  /** one line, numbers included */
  readonly detail: string;
}

export interface AsymptoticWindow {
  /** widths used, increasing (may be fewer than MIN_WINDOW_WIDTHS: then no verdict) */
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
  floor: { precision: FloatPrecision; targetScale: number },
  /** per width, the measurement's own rounding error (target units), where known */
  roundingErrors: readonly (number | undefined)[] = [],
): AsymptoticWindow {
  const excluded: ExcludedWidth[] = [];
  const floorThreshold = FLOOR_MARGIN * FLOAT_EPSILON[floor.precision] * floor.targetScale;
  const keep: number[] = [];
  let floored = false;
  for (let i = 0; i < ns.length; i++) {
    const L = rmses[i];
    if (!(L > 0) || !Number.isFinite(L)) {
      excluded.push({ n: ns[i], reason: 'no-measurement', detail: `RMSE ${L} is not a positive number` });
    } else if (floored || L <= floorThreshold) {
      floored = true;
      excluded.push({
        n: ns[i],
        reason: 'precision-floor',
        detail: `at or past the ${floor.precision} floor: RMSE ${fmt(L)} <= ${FLOOR_MARGIN} eps |f| = ${fmt(floorThreshold)} (reached by n <= ${ns[i]})`,
      });
    } else if ((roundingErrors[i] ?? 0) > ROUNDING_FRACTION * L) {
      excluded.push({
        n: ns[i],
        reason: 'rounding',
        detail: `own rounding error ${fmt(roundingErrors[i] ?? 0)} > ${ROUNDING_FRACTION} x RMSE ${fmt(L)}`,
      });
    } else {
      keep.push(i);
    }
  }
  let argMin = -1;
  for (const i of keep) if (argMin < 0 || rmses[i] < rmses[argMin]) argMin = i;
  const falling = keep.filter((i) => i <= argMin);
  for (const i of keep) {
    if (i > argMin) {
      excluded.push({
        n: ns[i],
        reason: 'stopped-falling',
        detail: `RMSE ${fmt(rmses[i])} is above the series minimum ${fmt(rmses[argMin])} at n = ${ns[argMin]}`,
      });
    }
  }
  const runningOrders = ns.map(() => Number.NaN);
  const fn = falling.map((i) => ns[i]);
  const fl = falling.map((i) => rmses[i]);
  const running = runningLocalOrders(fn, fl);
  falling.forEach((i, k) => (runningOrders[i] = running[k]));

  const settledRun = (lo: number, hi: number, falling: boolean): number | null => {
    const line = logLogSlope(fn.slice(lo, hi + 1), fl.slice(lo, hi + 1));
    for (let k = lo; k <= hi; k++) if (!(Math.abs(running[k] - line.slope) <= SETTLED_BAND)) return null;
    if (falling && !(line.slope + studentTQuantile(0.975, line.count - 2) * line.slopeStandardError < 0)) return null;
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
