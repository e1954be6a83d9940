/**
 * A measurement sweep: one ResultRecord per (unit, width, seed) for one target, method and start.
 * The library entry point behind `approx-order measure` (and `verify`).
 *
 * Order: records are returned, and the JSONL file ends up, in canonical order: units as given,
 * widths ascending, seeds 0..K-1. While the sweep runs, each record is appended the moment it
 * finishes (a single write of a whole line), so killing the sweep loses at most the runs in flight;
 * when it ends, the file is rewritten atomically in canonical order, after any records of other
 * sweeps already in it. Hence an interrupted run resumed with `resume` ends with the same file as
 * an uninterrupted one, for any worker count.
 * Resume: records already in `out` with the same key (unit, target, domain, data, method, init, n,
 * seed, maxIterations) are reused, not recomputed. The whole file is checked first and refused
 * (UsageError, file untouched) unless every line is a valid, consistent record; a torn last record
 * is then dropped by an atomic rewrite (resultsFile.ts).
 * Without `resume`, an existing `out` is replaced. Either way `out` must be absent or a regular
 * file (not a link, FIFO, device or directory), and the sweep holds the exclusive lock `out`.lock
 * (core/outputLock) from before it reads the file until the final rewrite: a second sweep on the
 * same file is refused with a UsageError naming this one.
 *
 * Examples:  await measureSweep({ units: ['mlp', 'glu'], target: '1/(1+9*x^2)', widths: [8, 16, 32], method: 'lsq' })
 */
import { DEFAULT_DOMAIN, type Domain } from '../core/domain.js';
import { compileTarget } from '../core/target.js';
import { parseUnit } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { analysedUnit, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { methodRefusal } from '../train/methodRefusal.js';
import { measureJobsInOrder } from './measureJobs.js';
import { runMeasureJobs } from './measurePool.js';
import { recordKey, type ResultRecord } from './resultRecord.js';
import { appendRecordLine, resumeResultsFile, rewriteInOrder, startResultsFile } from './resultsFile.js';
import { checkOutputFile } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { defaultMaxIterations, type MeasureJob } from './runMeasurement.js';
import { defaultWorkers, estimateSweep, requireRunTimes, type SweepEstimate } from './sweepEstimate.js';
import {
  DEFAULT_TRAINING_POINTS,
  parseStart,
  parseTrainedMethod,
  type Start,
  type TrainedMethod,
} from '../core/methods.js';
import { specDigest } from '../core/specDigest.js';
import { sweepSpecFields, sweepSpecJson } from './sweepSpec.js';

/** Plain data, so it can come from a spec file or a command line. */
export interface MeasureRequest {
  /** built-in names or unit expressions */
  readonly units: readonly string[];
  readonly target: string;
  /** default [-1, 1] */
  readonly domain?: readonly [number, number];
  readonly widths: readonly number[];
  /** lsq | lm | adam | paper-newton | varpro */
  readonly method: string;
  /** spline | lsq | construct | spline-torch | random; default per method (core/methods.ts) */
  readonly init?: string;
  /** number of seeds K: seeds 0..K-1; default 1 */
  readonly seeds?: number;
  /** training points N; default 10,000 */
  readonly data?: number;
  /** LM or VarPro iterations, Adam epochs, paper-newton passes; default per method */
  readonly maxIterations?: number;
  /** unit name (canonical) -> its own iteration budget in place of maxIterations; not for lsq */
  readonly unitMaxIterations?: Readonly<Record<string, number>>;
  /** smooth gates under lsq (or started from it): the gate scale (splineInitialisation.ts); default 2 */
  readonly gateScale?: number;
  /** worker threads; default one per core */
  readonly jobs?: number;
  /** JSONL file the records are appended to */
  readonly out?: string;
  readonly resume?: boolean;
  /** only the jobs this returns true for run (a shard's share); default all */
  readonly select?: (job: MeasureJob) => boolean;
  /** the `specDigest` stamped on every record; default the digest of this sweep as a spec (sweepSpec.ts) */
  readonly specDigest?: string;
}

export interface MeasureProgress {
  readonly done: number;
  readonly total: number;
  /** the record came from the resumed file */
  readonly reused: boolean;
}

export interface MeasureHooks {
  onRecord?(record: ResultRecord, progress: MeasureProgress): void;
  /** one line about the results file (a stale lock taken over, a torn record dropped); default: stderr */
  onNotice?(line: string): void;
  /** the sweep's estimated peak memory and time, before any run starts (sweepEstimate.ts) */
  onEstimate?(estimate: SweepEstimate): void;
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`${what} must be a positive integer, got ${value}`);
  return v;
}

/** The unit, if the method and start can run it at the smallest width; else UsageError saying why. */
function requireRunnable(analysed: AnalysedUnit, method: TrainedMethod, init: Start, smallest: number): AnalysedUnit {
  const refusal = methodRefusal(method, init, analysed);
  if (refusal) throw new UsageError(refusal);
  if (init === 'construct') {
    if (analysed.minimumWidth === null) throw new UsageError(analysed.noConstruction ?? 'no construction');
    if (smallest < analysed.minimumWidth) {
      throw new UsageError(
        `width ${smallest} is too small for the ${analysed.form.name} construction (--init construct needs n >= ${analysed.minimumWidth})`,
      );
    }
  }
  return analysed;
}

export async function measureSweep(request: MeasureRequest, hooks: MeasureHooks = {}): Promise<ResultRecord[]> {
  if (request.units.length === 0) throw new UsageError('no unit given; name at least one unit, e.g. mlp glu');
  const units = request.units.map((u) => parseUnit(u));
  const method = parseTrainedMethod(request.method);
  const init = parseStart(method, request.init);
  const domain: Domain = request.domain ? [request.domain[0], request.domain[1]] : DEFAULT_DOMAIN;
  compileTarget(request.target, domain);
  if (request.widths.length === 0) throw new UsageError('no width given');
  for (const n of request.widths)
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`width ${n} is not a positive integer`);
  const widths = [...new Set(request.widths)].sort((p, q) => p - q);
  const seeds = positiveInteger(request.seeds, 1, 'seeds');
  const data = positiveInteger(request.data, DEFAULT_TRAINING_POINTS, 'data');
  const maxIterations =
    method === 'lsq' ? 1 : positiveInteger(request.maxIterations, defaultMaxIterations(method), 'iterations');
  const unitMaxIterations = method === 'lsq' ? undefined : request.unitMaxIterations;
  for (const [unit, k] of Object.entries(unitMaxIterations ?? {})) positiveInteger(k, 1, `iterations of ${unit}`);
  const analysedUnits = units.map((unit) => requireRunnable(analysedUnit(unit), method, init, widths[0]));
  // Default pool size: defaultWorkers. An explicit --jobs is obeyed up to the cap (sweepEstimate.ts),
  // and only if the sweep fits in memory with that many workers.
  const estimate = estimateSweep({
    units: analysedUnits,
    method,
    init,
    widths,
    seeds,
    data,
    maxIterations,
    ...(unitMaxIterations ? { unitMaxIterations } : {}),
    jobs: request.jobs === undefined ? undefined : positiveInteger(request.jobs, 1, 'jobs'),
    defaultJobs: defaultWorkers(method),
  });
  const jobs: MeasureJob[] = measureJobsInOrder({
    units: units.map((u) => u.name),
    target: request.target,
    domain,
    data,
    method,
    init,
    widths,
    seeds,
    maxIterations,
    ...(unitMaxIterations ? { unitMaxIterations } : {}),
    gateScale: request.gateScale,
  }).filter((job) => request.select?.(job) ?? true);
  const analysedByName = new Map(units.map((u, k) => [u.name, analysedUnits[k]]));
  requireRunTimes(
    jobs.map((job) => ({ unit: analysedByName.get(job.unit)!, n: job.n, maxIterations: job.maxIterations })),
    method,
    init,
    data,
  );
  // Printed only once every ceiling has been checked, so a refused sweep prints one line.
  hooks.onEstimate?.(estimate);
  const workers = estimate.workers;
  const stamp = request.specDigest ?? specDigest(sweepSpecJson(sweepSpecFields(request)));

  const out = request.out;
  if (!out) return runSweep(jobs, workers, null, hooks, stamp);
  // Checked before the lock is taken, so a FIFO, device or link given as --out gets no lock file beside it.
  checkOutputFile(out);
  const notice = hooks.onNotice ?? ((line: string) => process.stderr.write(`approx-order: ${line}\n`));
  const lock = lockOutput(out, `${out}.lock`, 'measure', notice);
  try {
    return await runSweep(jobs, workers, { path: out, resume: request.resume === true, notice }, hooks, stamp);
  } finally {
    lock.release();
  }
}

/** The record with `specDigest` set, after every other field (records still start with "unit"). */
function stamped(record: ResultRecord, digest: string): ResultRecord {
  const { specDigest: _old, ...rest } = record;
  return { ...rest, specDigest: digest };
}

interface SweepFile {
  readonly path: string;
  readonly resume: boolean;
  readonly notice: (line: string) => void;
}

/**
 * Run the jobs not already in the results file (all of them without resume), appending each record
 * as it finishes, then rewrite the file in canonical order after the records of other sweeps.
 */
async function runSweep(
  jobs: readonly MeasureJob[],
  workers: number,
  file: SweepFile | null,
  hooks: MeasureHooks,
  stamp: string,
): Promise<ResultRecord[]> {
  const results: (ResultRecord | undefined)[] = new Array(jobs.length);
  const foreign: ResultRecord[] = [];
  if (file?.resume) {
    const index = new Map(jobs.map((job, i) => [recordKey(job), i]));
    for (const record of resumeResultsFile(file.path, file.notice)) {
      const i = index.get(recordKey(record));
      if (i === undefined) foreign.push(record);
      // The key fields determine the numbers, so a reused record is this spec's record: restamped.
      else results[i] = stamped(record, stamp);
    }
  } else if (file) {
    startResultsFile(file.path);
  }
  let done = 0;
  results.forEach((record) => {
    if (record) hooks.onRecord?.(record, { done: ++done, total: jobs.length, reused: true });
  });
  const pending = jobs.map((job, index) => ({ index, job })).filter(({ index }) => !results[index]);
  // The widest runs cost most: start them first so the pool does not wait on one at the end.
  if (workers > 1) pending.sort((p, q) => q.job.n - p.job.n || p.index - q.index);
  await runMeasureJobs(pending, workers, (index, computed) => {
    const record = stamped(computed, stamp);
    results[index] = record;
    if (file) appendRecordLine(file.path, record);
    hooks.onRecord?.(record, { done: ++done, total: jobs.length, reused: false });
  });
  const ordered = results as ResultRecord[];
  if (file) rewriteInOrder(file.path, [...foreign, ...ordered]);
  return ordered;
}
