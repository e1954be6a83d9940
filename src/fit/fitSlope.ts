/**
 * Slope of ln RMSE against ln n and against ln P over the detected asymptotic window, with a 95%
 * confidence interval and the prefactor A (RMSE ~ A n^slope, units of the target).
 *
 * CI: slope +- t_(0.975, k-2) times the regression standard error of the per-width geometric means.
 * With BOOTSTRAP_MIN_SEEDS or more seeds, also a percentile bootstrap over seeds (BOOTSTRAP_REPLICATES
 * resamples of whole seeds, so the correlation of one seed's errors across widths is kept; the window
 * is held fixed), and the reported interval is the hull of the two: a percentile bootstrap over 3-5
 * seeds under-covers (it sees at most K distinct values per width), and misfit of the line is only in
 * the regression error. Both intervals are kept in the estimate.
 * The bootstrap generator is seeded (BOOTSTRAP_SEED): the same inputs give the same interval.
 */
import { seededRandom } from '../core/seededRandom.js';
import type { FloatPrecision } from '../core/floatPrecision.js';
import { asymptoticWindow, type ExcludedWidth } from './asymptoticWindow.js';
import { aggregateSeeds, type ConvergencePoint, type ConvergenceSample } from './convergenceSeries.js';
import { logLogSlope } from './logLogSlope.js';
import { observedLocalOrders, type LocalOrder } from './observedLocalOrders.js';
import { studentTQuantile } from './studentTQuantile.js';

/** "Several" seeds: with two, a bootstrap has only three distinct resamples. */
export const BOOTSTRAP_MIN_SEEDS = 3;
export const BOOTSTRAP_REPLICATES = 2000;
export const BOOTSTRAP_SEED = 20260214;
export const CONFIDENCE = 0.95;

export type CiMethod = 'bootstrap-over-seeds' | 'regression-standard-error';

export interface SlopeEstimate {
  readonly slope: number;
  /** 95% interval; null when it cannot be formed (2 widths and one seed) */
  readonly ci: [number, number] | null;
  /** t interval from the regression standard error (null with 2 widths) */
  readonly regressionCi: [number, number] | null;
  /** percentile bootstrap over seeds (null with fewer than BOOTSTRAP_MIN_SEEDS seeds) */
  readonly bootstrapCi: [number, number] | null;
  readonly ciMethod: CiMethod;
  /** regression standard error of the slope (NaN with 2 widths) */
  readonly standardError: number;
  /** A in RMSE ~ A x^slope, units of the target */
  readonly prefactor: number;
  readonly rSquared: number;
  /** widths in the fit */
  readonly count: number;
}

export interface SlopeFit {
  /** per-width point estimates (geometric mean over seeds), increasing n */
  readonly points: ConvergencePoint[];
  /** successive-width observed orders of the point estimates */
  readonly localOrders: LocalOrder[];
  /** running local order per point (NaN where excluded before it was computed) */
  readonly runningOrders: number[];
  /** widths fitted */
  readonly windowWidths: number[];
  readonly excluded: ExcludedWidth[];
  readonly floorThreshold: number;
  readonly seeds: number;
  /** null when the window has fewer than 2 widths */
  readonly vsN: SlopeEstimate | null;
  readonly vsP: SlopeEstimate | null;
}

export interface FitSlopeOptions {
  readonly precision: FloatPrecision;
  /** |f|: the RMS of the target over the domain */
  readonly targetScale: number;
}

function slopeOver(
  xs: number[],
  ys: number[],
  points: ConvergencePoint[],
  abscissa: (p: ConvergencePoint) => number,
  seedCount: number,
): SlopeEstimate {
  const line = logLogSlope(xs, ys);
  let regressionCi: [number, number] | null = null;
  if (line.count > 2) {
    const half = studentTQuantile(1 - (1 - CONFIDENCE) / 2, line.count - 2) * line.slopeStandardError;
    regressionCi = [line.slope - half, line.slope + half];
  }
  let bootstrapCi: [number, number] | null = null;
  if (seedCount >= BOOTSTRAP_MIN_SEEDS) {
    const seedIds = [...new Set(points.flatMap((p) => p.seeds))].sort((a, b) => a - b);
    const rng = seededRandom(BOOTSTRAP_SEED);
    const slopes: number[] = [];
    for (let b = 0; b < BOOTSTRAP_REPLICATES; b++) {
      const draw = seedIds.map(() => seedIds[Math.floor(rng.uniform() * seedIds.length)]);
      const bx: number[] = [];
      const by: number[] = [];
      for (const p of points) {
        let s = 0;
        let c = 0;
        for (const id of draw) {
          const k = p.seeds.indexOf(id);
          if (k >= 0) {
            s += Math.log(p.rmseBySeed[k]);
            c++;
          }
        }
        if (c > 0) {
          bx.push(abscissa(p));
          by.push(Math.exp(s / c));
        }
      }
      if (bx.length >= 2) slopes.push(logLogSlope(bx, by).slope);
    }
    slopes.sort((a, b) => a - b);
    const at = (q: number): number =>
      slopes[Math.min(slopes.length - 1, Math.max(0, Math.round(q * (slopes.length - 1))))];
    bootstrapCi = [at((1 - CONFIDENCE) / 2), at(1 - (1 - CONFIDENCE) / 2)];
  }
  const ciMethod: CiMethod = bootstrapCi ? 'bootstrap-over-seeds' : 'regression-standard-error';
  const ci: [number, number] | null =
    bootstrapCi && regressionCi
      ? [Math.min(bootstrapCi[0], regressionCi[0]), Math.max(bootstrapCi[1], regressionCi[1])]
      : (bootstrapCi ?? regressionCi);
  return {
    slope: line.slope,
    ci,
    regressionCi,
    bootstrapCi,
    ciMethod,
    standardError: line.slopeStandardError,
    prefactor: line.prefactor,
    rSquared: line.rSquared,
    count: line.count,
  };
}

export function fitSlope(samples: readonly ConvergenceSample[], options: FitSlopeOptions): SlopeFit {
  const points = aggregateSeeds(samples);
  const ns = points.map((p) => p.n);
  const rmses = points.map((p) => p.rmse);
  const window = asymptoticWindow(
    ns,
    rmses,
    { precision: options.precision, targetScale: options.targetScale },
    points.map((p) => p.roundingError),
  );
  const inWindow = points.filter((p) => window.widths.includes(p.n));
  const seedCount = new Set(samples.map((s) => s.seed)).size;
  const fitted = inWindow.length >= 2;
  return {
    points,
    localOrders: observedLocalOrders(ns, rmses),
    runningOrders: window.runningOrders,
    windowWidths: window.widths,
    excluded: window.excluded,
    floorThreshold: window.floorThreshold,
    seeds: seedCount,
    vsN: fitted
      ? slopeOver(
          inWindow.map((p) => p.n),
          inWindow.map((p) => p.rmse),
          inWindow,
          (p) => p.n,
          seedCount,
        )
      : null,
    vsP: fitted
      ? slopeOver(
          inWindow.map((p) => p.params),
          inWindow.map((p) => p.rmse),
          inWindow,
          (p) => p.params,
          seedCount,
        )
      : null,
  };
}
