/**
 * A sweep's resources, checked before anything runs: the seed count against MAX_SEEDS, the worker
 * count against maxJobs() and the peak memory against memoryLimit() (core/resourceBudget.ts), with
 * the estimate of each run from runCost.ts; and (requireRunTimes) each run's time against
 * MAX_RUN_SECONDS, run by run, since units may have budgets and widths of their own.
 *
 * Peak memory = the job list (1 KiB per run: the job and its record) + 96 MiB for this process, and
 *   one worker:    the largest run;
 *   W workers:     W (the largest run + WORKER_MEMORY), each thread holding its own data and isolate.
 * A worker count that was not asked for (one per core) is lowered until the sweep fits; one that was
 * asked for is refused if it does not. Time = the sum of the runs' estimates / the worker count.
 *
 * Examples:  const plan = estimateSweep({ units, method: 'lm', init: 'lsq', widths, seeds: 1, data: 1e7, maxIterations: 50, jobs: undefined, defaultJobs: 2 })
 */
import { availableParallelism } from 'node:os';
import {
  countText,
  formatBytes,
  memoryLimit,
  requireHeap,
  requireJobs,
  requireMemory,
  requireRunTime,
  requireSeeds,
} from '../core/resourceBudget.js';
import type { Start, TrainedMethod } from '../core/methods.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { measureRunCost } from './runCost.js';

/** A worker thread's own memory: a V8 isolate, the compiled modules, TF.js when it trains with Adam. */
export const WORKER_MEMORY = 64 * 2 ** 20;
const PROCESS_MEMORY = 96 * 2 ** 20;
const BYTES_PER_JOB = 1024;

export interface SweepSize {
  readonly units: readonly AnalysedUnit[];
  readonly method: TrainedMethod;
  readonly init: Start;
  /** ascending */
  readonly widths: readonly number[];
  readonly seeds: number;
  readonly data: number;
  readonly maxIterations: number;
  /** unit name -> its own budget in place of maxIterations (a spec's unitMaxIterations) */
  readonly unitMaxIterations?: Readonly<Record<string, number>>;
  /** worker threads asked for (undefined: the default) */
  readonly jobs: number | undefined;
  /** the default worker count */
  readonly defaultJobs: number;
}

export interface SweepEstimate {
  readonly runs: number;
  readonly workers: number;
  /** peak memory, bytes */
  readonly bytes: number;
  /** wall time with `workers` threads, seconds (rough: single-core rates, no resumed runs) */
  readonly seconds: number;
  /** the largest run, for messages */
  readonly largest: { readonly unit: string; readonly n: number; readonly bytes: number };
}

/**
 * Default pool size: one worker per core, except for lsq, whose banded runs take about a
 * millisecond each while a worker thread takes ~0.4 s to start (measured by npm run bench: a
 * 102-run lsq grid in 0.18 s in-process, 0.99 s with 2 workers).
 */
export function defaultWorkers(method: TrainedMethod): number {
  return method === 'lsq' ? 1 : availableParallelism();
}

/** Check the sweep's seeds, workers and memory; UsageError (exit 2) naming the estimate and the limit if one is over. */
export function estimateSweep(size: SweepSize): SweepEstimate {
  requireSeeds(size.seeds);
  if (size.jobs !== undefined) requireJobs(size.jobs);
  const runs = size.units.length * size.widths.length * size.seeds;
  let largest = { unit: size.units[0]?.form.name ?? '', n: size.widths[0] ?? 0, bytes: 0 };
  let heapBytes = 0;
  let singleCore = 0;
  for (const analysed of size.units) {
    for (const n of size.widths) {
      const cost = measureRunCost(analysed, {
        method: size.method,
        init: size.init,
        n,
        data: size.data,
        maxIterations: size.unitMaxIterations?.[analysed.form.name] ?? size.maxIterations,
      });
      singleCore += cost.seconds * size.seeds;
      heapBytes = Math.max(heapBytes, cost.heapBytes);
      if (cost.bytes > largest.bytes) largest = { unit: analysed.form.name, n, bytes: cost.bytes };
    }
  }
  const listBytes = runs * BYTES_PER_JOB + PROCESS_MEMORY;
  const peak = (workers: number): number =>
    listBytes + (workers <= 1 ? largest.bytes : workers * (largest.bytes + WORKER_MEMORY));
  let workers = Math.max(1, Math.min(size.jobs ?? size.defaultJobs, runs));
  if (size.jobs === undefined) while (workers > 1 && peak(workers) > memoryLimit().bytes) workers--;
  const what =
    runs * BYTES_PER_JOB > largest.bytes
      ? `a sweep of ${runs} runs (${size.units.length} units x ${size.widths.length} widths x ${size.seeds} seeds)`
      : `${size.method} of ${largest.unit} at n = ${largest.n} on ${size.data} training points (${formatBytes(largest.bytes)} a run)${workers > 1 ? ` with ${workers} worker threads` : ''}`;
  requireMemory(peak(workers), what);
  // Each worker thread has a heap of its own; the job list stays in this one. Both together, conservatively.
  requireHeap(
    listBytes + heapBytes,
    runs * BYTES_PER_JOB > heapBytes
      ? `a sweep of ${runs} runs`
      : `${size.method} on ${size.data} training points (sorting them)`,
  );
  return { runs, workers, bytes: peak(workers), seconds: singleCore / workers, largest };
}

/** One run as requireRunTimes checks it. */
export interface PlannedRun {
  readonly unit: AnalysedUnit;
  readonly n: number;
  readonly maxIterations: number;
}

/** Refuse (UsageError, exit 2) the first run whose estimated single-core time exceeds MAX_RUN_SECONDS. */
export function requireRunTimes(runs: Iterable<PlannedRun>, method: TrainedMethod, init: Start, data: number): void {
  for (const run of runs) {
    const cost = measureRunCost(run.unit, { method, init, n: run.n, data, maxIterations: run.maxIterations });
    requireRunTime(
      cost.seconds,
      () => `${method} of ${run.unit.form.name} at n = ${run.n} with ${countText(run.maxIterations)} iterations`,
    );
  }
}
