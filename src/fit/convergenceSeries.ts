/**
 * One convergence series: RMSE against width for one (unit, target, method), over one or more seeds.
 * aggregateSeeds gives the per-width point estimate as the geometric mean over seeds, the mean of
 * ln L, because every fit here is a line in ln L.
 */
export interface ConvergenceSample {
  readonly n: number;
  /** parameter count P at this width */
  readonly params: number;
  readonly seed: number;
  /** test RMSE, units of the target */
  readonly rmse: number;
  /** the measurement's own rounding error, target units, where known (constructions: src/construct/constructionRoundingError) */
  readonly roundingError?: number;
}

export interface ConvergencePoint {
  readonly n: number;
  readonly params: number;
  /** geometric mean of the seeds' RMSE */
  readonly rmse: number;
  /** RMSE per seed, in the order of `seeds` */
  readonly rmseBySeed: number[];
  readonly seeds: number[];
  /** the largest roundingError of the seeds that carry one (undefined when none does) */
  readonly roundingError?: number;
}

export function aggregateSeeds(samples: readonly ConvergenceSample[]): ConvergencePoint[] {
  const byWidth = new Map<number, ConvergenceSample[]>();
  for (const s of samples) {
    const list = byWidth.get(s.n) ?? [];
    list.push(s);
    byWidth.set(s.n, list);
  }
  return [...byWidth.entries()]
    .sort(([p], [q]) => p - q)
    .map(([n, list]) => {
      const sorted = [...list].sort((p, q) => p.seed - q.seed);
      const logMean = sorted.reduce((s, v) => s + Math.log(v.rmse), 0) / sorted.length;
      const rounding = sorted.flatMap((s) => (s.roundingError === undefined ? [] : [s.roundingError]));
      return {
        n,
        params: sorted[0].params,
        rmse: Math.exp(logMean),
        rmseBySeed: sorted.map((s) => s.rmse),
        seeds: sorted.map((s) => s.seed),
        ...(rounding.length > 0 ? { roundingError: Math.max(...rounding) } : {}),
      };
    });
}
