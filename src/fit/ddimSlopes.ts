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
