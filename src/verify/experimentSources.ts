/**
 * Where the measurements of a verification come from. The real sources call the construction
 * sweep (src/construct) and the trainer (src/train); tests of the report pass synthetic ones.
 */
import type { Domain } from '../core/domain.js';
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import type { ConstructionRow, RunRecord } from './runRecord.js';
import type { MethodPlan } from './verificationSpec.js';

export interface MeasureRequest {
  readonly units: UnitForm[];
  readonly target: Target;
  readonly domain: Domain;
  readonly plan: MethodPlan;
  /** JSONL file the records are appended to (and read back with resume) */
  readonly resultsFile?: string;
  readonly resume: boolean;
  /** progress lines (stderr) */
  readonly log?: (line: string) => void;
}

export interface ExperimentSources {
  construct(unit: UnitForm, target: Target, domain: Domain, widths: number[]): ConstructionRow[] | Promise<ConstructionRow[]>;
  measure(request: MeasureRequest): Promise<RunRecord[]>;
}
