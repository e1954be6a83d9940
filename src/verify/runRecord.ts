/**
 * One measured point of a sweep as the verification reads it: the trainer's result record
 * (src/measure, one per unit, target, method, width and seed), and constructions in the same shape
 * (seed 0, no training). testRmse is on the uniform test grid, units of the target.
 */
import type { FloatPrecision } from '../core/floatPrecision.js';
import type { ResultRecord } from '../measure/resultRecord.js';

export type RunRecord = Omit<
  ResultRecord,
  'method' | 'init' | 'trainRmse' | 'data' | 'domain' | 'maxIterations' | 'diagnostics'
> & {
  readonly method: string;
  readonly init: string;
  /** null for a construction (nothing is trained) */
  readonly trainRmse: number | null;
  /** the trainer's typed diagnostics, when the record comes from src/measure */
  readonly diagnostics?: ResultRecord['diagnostics'];
};

/** A construction at one width (src/construct): RMSE, its observed local order from the previous width and its ratio to the proof's leading term. */
export interface ConstructionRow {
  readonly n: number;
  /** parameter count P */
  readonly params: number;
  /** test RMSE, target units */
  readonly rmse: number;
  /** from the previous row (src/fit observedLocalOrders); null on the first row */
  readonly localOrder: number | null;
  /** RMSE / (C h^(m+1) RMS(f^(m+1))); null where f^(m+1) vanishes */
  readonly ratioToPredicted: number | null;
  /**
   * estimated rounding error of `rmse` from the network's own float64 evaluation: the RMS of (float64
   * network - its exact spline) over the test grid (src/construct/constructionRoundingError), same
   * units; absent or null: not estimated. The fit excludes widths where it exceeds 1% of the RMSE (src/fit/seriesCuts.ts).
   */
  readonly roundingError?: number | null;
}

/** Float precision of a record's arithmetic, from its backend ("... float32 ..." for TF.js). */
export function recordPrecision(record: Pick<RunRecord, 'backend'>): FloatPrecision {
  return /float32/i.test(record.backend) ? 'float32' : 'float64';
}
