/**
 * One measurement: a unit trained (or solved) at width n on one target with one seed.
 * Schema: specs/schemas/result-record.schema.json. RMSEs are in the target's units: train over
 * the N training points, test over the 20001-point uniform grid. `seconds` is wall time of the run
 * (start + training + scoring), the only field that differs between repeated runs.
 */
import type { Start, TrainedMethod } from '../core/methods.js';
import type { TrainingDiagnostics } from '../train/trainingOutcome.js';

export interface ResultRecord {
  /** unit name as given (built-in) or its canonical expression */
  readonly unit: string;
  /** target expression as given */
  readonly target: string;
  readonly method: TrainedMethod;
  readonly init: Start;
  /** neurons */
  readonly n: number;
  /** parameter count P = (2k + 1) n + 1 */
  readonly params: number;
  readonly seed: number;
  readonly trainRmse: number;
  readonly testRmse: number;
  readonly iterations: number;
  readonly stopReason: string;
  readonly notes: readonly string[];
  /** the typed fields behind the notes */
  readonly diagnostics: TrainingDiagnostics;
  readonly seconds: number;
  readonly backend: string;
  readonly version: string;
  /** training points N */
  readonly data: number;
  readonly domain: readonly [number, number];
  /** iteration budget the run was given: LM iterations, Adam epochs; 1 for lsq */
  readonly maxIterations: number;
  /** smooth-gate units solved by lsq or started from it: |G_i| = gateScale / (knot spacing); absent otherwise */
  readonly gateScale?: number;
  /** core/specDigest of the spec (or measure sweep) the record was run for; absent in files written before it existed */
  readonly specDigest?: string;
}

/** What identifies a record for --resume: everything that determines its numbers. */
export function recordKey(
  r: Pick<
    ResultRecord,
    'unit' | 'target' | 'domain' | 'data' | 'method' | 'init' | 'n' | 'seed' | 'maxIterations' | 'gateScale'
  >,
): string {
  return JSON.stringify([
    r.unit,
    r.target,
    r.domain[0],
    r.domain[1],
    r.data,
    r.method,
    r.init,
    r.n,
    r.seed,
    r.maxIterations,
    // absent for every unit the scale does not affect, so their keys are those of files written before it
    ...(r.gateScale === undefined ? [] : [r.gateScale]),
  ]);
}
