/**
 * Slopes of RMSE against width (and against parameter count P) for d-dimensional studies, with the
 * data-limited regime detected and excluded, and the paired GLU-minus-MLP slope difference.
 *
 * Series: per seed, RMSE at each width n. The measured RMSE is the protocol's test RMSE (under
 * `paper` on a named problem, the training RMSE, as the paper reported).
 *
 * Window, in this order:
 *   1. n >= `from` (the spec's start of the asymptotic range per problem: below it the error is
 *      pre-asymptotic and pulls the slope shallower, measured in the README's d-dimensional study);
 *   2. a width whose training RMSE is below INTERPOLATION_RMSE times the first width's is excluded:
 *      the fit interpolates its data, so its RMSE says nothing about approximation;
 *   3. the data-limited regime: from the first width where the geometric mean over seeds of
 *      test RMSE / train RMSE exceeds DATA_LIMITED_RATIO, the test error no longer follows the training
 *      error, and those widths are excluded with that reason. Under `paper` (test = train) it cannot
 *      be seen, which is the point of showing both protocols.
 * At least MIN_WINDOW widths must remain, else there is no slope (and the reason says why).
 *
 * Slope and CI: the least-squares slope of ln RMSE against ln n (and ln P) per seed over the window;
 * the mean over seeds with a 95% Student-t interval (s / sqrt(k), k - 1 degrees of freedom). With one
 * seed, the regression standard error with (widths - 2) degrees of freedom.
 *
 * Examples:  ddimSlope(records, { from: 16 })
 */
import { logLogSlope } from './logLogSlope.js';
import { tHalfWidthFactor } from './confidenceLevel.js';

/** test/train above this (geometric mean over seeds) marks the data-limited regime. */
export const DATA_LIMITED_RATIO = 1.5;
/** train RMSE below this fraction of the first width's: interpolation. */
export const INTERPOLATION_RMSE = 1e-8;
export const MIN_WINDOW = 3;

export interface SeriesPoint {
  readonly n: number;
  readonly params: number;
  readonly seed: number;
  readonly trainRmse: number;
  readonly testRmse: number;
}

export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface DdimSlope {
  /** slope of RMSE against n, or null when no window remains */
  readonly vsN: Interval | null;
  readonly vsP: Interval | null;
  /** widths in the window */
  readonly window: readonly number[];
  /** per-seed slopes against n, by seed */
  readonly perSeed: ReadonlyMap<number, number>;
  /** first data-limited width, or null */
  readonly dataLimitedFrom: number | null;
  /** why widths were left out, one line each */
  readonly exclusions: readonly string[];
  readonly seeds: number;
}

function meanInterval(values: readonly number[]): Interval {
  const k = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / k;
  if (k < 2) return { estimate: mean, low: Number.NaN, high: Number.NaN };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (k - 1));
  const half = tHalfWidthFactor(k - 1) * (sd / Math.sqrt(k));
  return { estimate: mean, low: mean - half, high: mean + half };
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

export function ddimSlope(points: readonly SeriesPoint[], options: { from: number }): DdimSlope {
  const widths = [...new Set(points.map((p) => p.n))].sort((a, b) => a - b);
  const seeds = [...new Set(points.map((p) => p.seed))].sort((a, b) => a - b);
  const exclusions: string[] = [];
  const at = (n: number) => points.filter((p) => p.n === n);
  let window = widths.filter((n) => n >= options.from);
  if (window.length < widths.length) exclusions.push(`n < ${options.from}: pre-asymptotic (spec's window start)`);
  const firstTrain = geometricMean(at(widths[0]).map((p) => p.trainRmse));
  const interpolating = window.filter(
    (n) => geometricMean(at(n).map((p) => Math.max(p.trainRmse, Number.MIN_VALUE))) < INTERPOLATION_RMSE * firstTrain,
  );
  if (interpolating.length > 0) {
    exclusions.push(`n = ${interpolating.join(', ')}: training RMSE at rounding level (the fit interpolates its data)`);
    window = window.filter((n) => !interpolating.includes(n));
  }
  let dataLimitedFrom: number | null = null;
  for (const n of window) {
    const ratio = geometricMean(at(n).map((p) => p.testRmse / Math.max(p.trainRmse, Number.MIN_VALUE)));
    if (ratio > DATA_LIMITED_RATIO) {
      dataLimitedFrom = n;
      exclusions.push(
        n === window[0]
          ? `n >= ${n}: test/train RMSE ${ratio.toFixed(2)} > ${DATA_LIMITED_RATIO} already at the first width: the test set is unlike the training set ` +
              '(held-out rows outside the range of the training rows, where the fit extrapolates), so no width measures approximation'
          : `n >= ${n}: data-limited (test/train RMSE ${ratio.toFixed(2)} > ${DATA_LIMITED_RATIO}: test error no longer follows training error)`,
      );
      break;
    }
  }
  if (dataLimitedFrom !== null) window = window.filter((n) => n < (dataLimitedFrom as number));
  const perSeed = new Map<number, number>();
  if (window.length < MIN_WINDOW) {
    exclusions.push(`fewer than ${MIN_WINDOW} widths left: no slope`);
    return { vsN: null, vsP: null, window, perSeed, dataLimitedFrom, exclusions, seeds: seeds.length };
  }
  const slopesN: number[] = [];
  const slopesP: number[] = [];
  let single: { n: Interval; p: Interval } | null = null;
  for (const seed of seeds) {
    const series = window.map((n) => points.find((p) => p.n === n && p.seed === seed)).filter((p) => p !== undefined);
    if (series.length < MIN_WINDOW) continue;
    const lineN = logLogSlope(
      series.map((p) => p.n),
      series.map((p) => p.testRmse),
    );
    const lineP = logLogSlope(
      series.map((p) => p.params),
      series.map((p) => p.testRmse),
    );
    perSeed.set(seed, lineN.slope);
    slopesN.push(lineN.slope);
    slopesP.push(lineP.slope);
    const f = tHalfWidthFactor(Math.max(1, series.length - 2));
    const band = (l: typeof lineN): Interval => ({
      estimate: l.slope,
      low: l.slope - f * l.slopeStandardError,
      high: l.slope + f * l.slopeStandardError,
    });
    single = { n: band(lineN), p: band(lineP) };
  }
  const [vsN, vsP] =
    slopesN.length === 1 && single ? [single.n, single.p] : [meanInterval(slopesN), meanInterval(slopesP)];
  return { vsN, vsP, window, perSeed, dataLimitedFrom, exclusions, seeds: seeds.length };
}

export type SteeperVerdict = 'yes' | 'no' | 'inconclusive';

export interface SlopeDifference {
  /** mean over seeds of slope(GLU) - slope(MLP), each over its own window, with a 95% t-interval */
  readonly difference: Interval | null;
  readonly verdict: SteeperVerdict;
  readonly reason: string;
}

/** Is the first unit's slope steeper (more negative) than the second's? Paired by seed. */
export function steeperSlope(first: DdimSlope, second: DdimSlope): SlopeDifference {
  if (!first.vsN || !second.vsN)
    return { difference: null, verdict: 'inconclusive', reason: 'a unit has no slope window' };
  const diffs = [...first.perSeed]
    .filter(([s]) => second.perSeed.has(s))
    .map(([s, v]) => v - (second.perSeed.get(s) as number));
  if (diffs.length < 2)
    return {
      difference: diffs.length ? { estimate: diffs[0], low: Number.NaN, high: Number.NaN } : null,
      verdict: 'inconclusive',
      reason: 'fewer than 2 paired seeds: no interval',
    };
  const difference = meanInterval(diffs);
  const verdict: SteeperVerdict = difference.high < 0 ? 'yes' : difference.low > 0 ? 'no' : 'inconclusive';
  return {
    difference,
    verdict,
    reason:
      verdict === 'yes'
        ? 'the 95% interval of the difference lies below 0'
        : verdict === 'no'
          ? 'the 95% interval of the difference lies above 0'
          : 'the 95% interval of the difference contains 0',
  };
}

/** How the order moves across a window: still steepening (pre-asymptotic), flattening, steady within its CI, or undecided. */
export type OrderDriftVerdict = 'steepening' | 'flattening' | 'steady' | 'undecided';

export interface OrderDrift {
  /** the widths of the lower and the upper half of the window (the middle width in both when their count is odd) */
  readonly lowerWidths: readonly number[];
  readonly upperWidths: readonly number[];
  /** slope of RMSE against n over each half, mean over seeds */
  readonly lower: number;
  readonly upper: number;
  /** upper - lower, mean over seeds with a 95% t-interval (paired by seed); null without a window */
  readonly change: Interval | null;
  readonly verdict: OrderDriftVerdict;
  readonly reason: string;
}

/**
 * Whether the window's order is still changing: the slope over its upper half against the slope over
 * its lower half, per seed, paired. A change whose 95% interval lies below 0 means the order still
 * steepens with n (the lower widths are pre-asymptotic and the window's slope understates the order);
 * above 0, it flattens (a floor, or training that stops short); an interval inside +-band (slope
 * units) is "steady": one order fits the whole window to that resolution, which is what an asymptotic
 * range looks like, not a proof of one. Anything else is undecided: the seeds scatter too much to tell.
 */
export function orderDrift(points: readonly SeriesPoint[], slope: DdimSlope, band: number): OrderDrift {
  const w = slope.window;
  const empty = (reason: string): OrderDrift => ({
    lowerWidths: [],
    upperWidths: [],
    lower: Number.NaN,
    upper: Number.NaN,
    change: null,
    verdict: 'undecided',
    reason,
  });
  if (w.length < MIN_WINDOW) return empty('no slope window');
  const half = Math.ceil(w.length / 2);
  const lowerWidths = w.slice(0, half);
  const upperWidths = w.slice(w.length - half);
  const seeds = [...new Set(points.map((p) => p.seed))].sort((a, b) => a - b);
  const slopeOver = (widths: readonly number[], seed: number): number | null => {
    const series = widths.map((n) => points.find((p) => p.n === n && p.seed === seed));
    if (series.some((p) => p === undefined)) return null;
    const s = series as SeriesPoint[];
    return logLogSlope(
      s.map((p) => p.n),
      s.map((p) => p.testRmse),
    ).slope;
  };
  const lowers: number[] = [];
  const uppers: number[] = [];
  for (const seed of seeds) {
    const [lo, hi] = [slopeOver(lowerWidths, seed), slopeOver(upperWidths, seed)];
    if (lo === null || hi === null) continue;
    lowers.push(lo);
    uppers.push(hi);
  }
  if (lowers.length === 0) return empty('no seed has every width of the window');
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const change = meanInterval(uppers.map((u, i) => u - lowers[i]));
  const base = { lowerWidths, upperWidths, lower: mean(lowers), upper: mean(uppers), change };
  if (lowers.length < 2) return { ...base, verdict: 'undecided', reason: 'one seed: no interval for the change' };
  if (change.high < 0)
    return {
      ...base,
      verdict: 'steepening',
      reason: 'the order still steepens across the window (95% interval of the change below 0): pre-asymptotic',
    };
  if (change.low > 0)
    return {
      ...base,
      verdict: 'flattening',
      reason: 'the order flattens across the window (95% interval of the change above 0)',
    };
  if (change.low >= -band && change.high <= band)
    return {
      ...base,
      verdict: 'steady',
      reason: `one order fits the window: the 95% interval of the change lies within +-${band}`,
    };
  return {
    ...base,
    verdict: 'undecided',
    reason: `the 95% interval of the change contains 0 but reaches beyond +-${band}: the seeds scatter too much to tell`,
  };
}
