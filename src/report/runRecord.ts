/**
 * One measured point of a sweep as the report reads it: the trainer's result record (src/train,
 * one per unit, target, method, width and seed), and constructions in the same shape (seed 0, no
 * training). testRmse is on the uniform test grid, units of the target.
 */
export interface RunRecord {
  readonly unit: string;
  readonly target: string;
  readonly method: string;
  readonly init: string;
  readonly n: number;
  /** parameter count P */
  readonly params: number;
  readonly seed: number;
  readonly trainRmse: number | null;
  readonly testRmse: number;
  readonly iterations: number;
  readonly stopReason: string;
  readonly notes: readonly string[];
  readonly seconds: number;
  readonly backend: string;
  readonly version: string;
}

/** A construction row (src/construct): RMSE and its ratio to the proof's leading term. */
export interface ConstructionRow {
  readonly n: number;
  readonly params: number;
  readonly rmse: number;
  readonly localOrder: number | null;
  readonly ratioToPredicted: number | null;
}

/** Float precision of a record's arithmetic, from its backend ("... float32 ..." for TF.js). */
export function recordPrecision(record: Pick<RunRecord, 'backend'>): 'float64' | 'float32' {
  return /float32/i.test(record.backend) ? 'float32' : 'float64';
}
