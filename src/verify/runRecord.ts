/**
 * One measured point of a sweep as the report reads it: the trainer's result record (src/train,
 * one per unit, target, method, width and seed), and constructions in the same shape (seed 0, no
 * training). testRmse is on the uniform test grid, units of the target.
 */
import type { ResultRecord } from '../measure/resultRecord.js';
import type { ConstructSweepRow } from '../construct/constructSweep.js';

export type RunRecord = Omit<ResultRecord, 'method' | 'init' | 'trainRmse' | 'data' | 'domain' | 'maxIterations'> & {
  readonly method: string;
  readonly init: string;
  /** null for a construction (nothing is trained) */
  readonly trainRmse: number | null;
};

/** A construction row (src/construct): RMSE and its ratio to the proof's leading term. */
export type ConstructionRow = Pick<ConstructSweepRow, 'n' | 'params' | 'rmse' | 'localOrder' | 'ratioToPredicted'>;

/** Float precision of a record's arithmetic, from its backend ("... float32 ..." for TF.js). */
export function recordPrecision(record: Pick<RunRecord, 'backend'>): 'float64' | 'float32' {
  return /float32/i.test(record.backend) ? 'float32' : 'float64';
}
