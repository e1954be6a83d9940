/**
 * The trained runs of a verification spec as one canonical job list: targets in the spec's order,
 * then trained methods in the spec's order, then (measureJobsInOrder) units as given, widths
 * ascending, seeds 0..K-1. Each job names the results file it belongs to, the same name an
 * unsharded `verify` writes, so shards, `merge` and `verify --from-records` agree on where a record
 * goes. Constructions are not jobs: they train nothing and are recomputed with the report.
 */
import { specDigest } from '../core/specDigest.js';
import { parseStart, parseTrainedMethod } from '../core/methods.js';
import { measureJobsInOrder } from '../measure/measureJobs.js';
import { recordKey } from '../measure/resultRecord.js';
import { defaultMaxIterations, type MeasureJob } from '../measure/runMeasurement.js';
import { planWidthsFor, type MethodPlan, type SpecJson, type VerificationSpec } from './verificationSpec.js';

export interface SpecJob {
  readonly job: MeasureJob;
  /** record key (measure/resultRecord recordKey) */
  readonly key: string;
  /** results file of an unsharded run: results-<method>[-<target #>].jsonl */
  readonly file: string;
}

/** results-<method>.jsonl, or results-<method>-<target #>.jsonl when the spec has several targets. */
export function resultsFileName(spec: Pick<VerificationSpec, 'targets'>, method: string, targetIndex: number): string {
  return `results-${method}${spec.targets.length > 1 ? `-${targetIndex + 1}` : ''}.jsonl`;
}

/**
 * The digest stamped on the spec's records: of the spec as written, less "$schema" and the methods'
 * worker-thread counts ("jobs"), which never change a record.
 */
export function verificationDigest(raw: SpecJson): string {
  const { $schema: _schema, ...rest } = raw as SpecJson & { $schema?: string };
  return specDigest({ ...rest, methods: raw.methods.map(({ jobs: _jobs, ...m }) => m) });
}

export function specJobs(spec: VerificationSpec): SpecJob[] {
  const jobs: SpecJob[] = [];
  spec.targets.forEach((target, ti) => {
    for (const plan of spec.methods) {
      if (plan.name === 'construct') continue;
      const file = resultsFileName(spec, plan.name, ti);
      for (const job of methodJobs(spec, plan, target.expression)) jobs.push({ job, key: recordKey(job), file });
    }
  });
  return jobs;
}

function methodJobs(spec: VerificationSpec, plan: MethodPlan, target: string): MeasureJob[] {
  const method = parseTrainedMethod(plan.name);
  return planJobsOnly(
    plan,
    measureJobsInOrder({
      units: plan.units.map((u) => u.form.name),
      target,
      domain: spec.domain,
      data: plan.dataSize,
      method,
      init: parseStart(method, plan.init),
      widths: plan.widths,
      seeds: plan.seeds.length,
      maxIterations: method === 'lsq' ? 1 : (plan.maxIterations ?? defaultMaxIterations(method)),
      ...(method !== 'lsq' && plan.unitMaxIterations.size > 0
        ? { unitMaxIterations: Object.fromEntries(plan.unitMaxIterations) }
        : {}),
      gateScale: plan.gateScale,
    }),
  );
}

/** The jobs of a method's grid (units x widths x seeds) that its unitWidths keep. */
export function planJobsOnly(plan: MethodPlan, jobs: MeasureJob[]): MeasureJob[] {
  return jobs.filter((job) => runsJob(plan, job));
}

/** Whether a plan runs this job's width for its unit (unitWidths, verify/verificationSpec). */
export function runsJob(plan: MethodPlan, job: Pick<MeasureJob, 'unit' | 'n'>): boolean {
  return planWidthsFor(plan, job.unit).includes(job.n);
}
