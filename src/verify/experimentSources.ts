/**
 * Where the measurements of a verification come from. The real sources call the construction
 * sweep (src/construct) and the trainer's sweeps (src/measure); tests of the verification pass
 * synthetic ones.
 */
import type { Domain } from '../core/domain.js';
import type { Target } from '../core/target.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import type { ConstructionRow, RunRecord } from './runRecord.js';
import type { MethodPlan } from './verificationSpec.js';
import type { MeasureJob } from '../measure/runMeasurement.js';

export interface SweepRequest {
  readonly units: readonly AnalysedUnit[];
  readonly target: Target;
  readonly domain: Domain;
  readonly plan: MethodPlan;
  /** JSONL file the records are appended to (and read back with resume) */
  readonly resultsFile?: string;
  readonly resume: boolean;
  /** the spec's digest, stamped on every record (verify/specJobs verificationDigest) */
  readonly specDigest?: string;
  /** only these jobs run (a shard's share); default all */
  readonly select?: (job: MeasureJob) => boolean;
  /** progress lines (stderr) */
  readonly log?: (line: string) => void;
  /** called after every run instead of the progress lines, where given (a bar on a TTY) */
  readonly progress?: (done: number, total: number, what: string) => void;
}

export interface ExperimentSources {
  construct(
    unit: AnalysedUnit,
    target: Target,
    domain: Domain,
    widths: number[],
  ): ConstructionRow[] | Promise<ConstructionRow[]>;
  measure(request: SweepRequest): Promise<RunRecord[]>;
}
