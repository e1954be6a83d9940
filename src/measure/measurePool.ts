/**
 * Runs MeasureJobs: in this thread when one worker is asked for, else on a pool of worker threads
 * (dist/measure/measureWorker.js; compiled JS, so the pool also works when this module itself was
 * loaded from src/ by a TypeScript test runner, provided `npx tsc -p .` has built dist/).
 * Each finished job is reported through onDone as soon as it completes (completion order varies
 * with the worker count; the records themselves do not). The first failure stops the pool and is
 * re-thrown with its original class (UsageError exits 2, CheckFailedError 3).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CheckFailedError, UsageError } from '../core/errors.js';
import type { ResultRecord } from './resultRecord.js';
import { runMeasurement, type MeasureJob } from './runMeasurement.js';

export interface IndexedJob {
  readonly index: number;
  readonly job: MeasureJob;
}

interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly step?: string;
}

function rebuildError(e: WorkerError): Error {
  const error =
    e.name === 'UsageError'
      ? new UsageError(e.message)
      : e.name === 'CheckFailedError'
        ? new CheckFailedError(e.step ?? 'worker', '')
        : new Error(e.message);
  error.message = e.message;
  return error;
}

function workerScript(): URL {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL('../../dist/measure/measureWorker.js', here)
    : new URL('./measureWorker.js', here);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(`the measure worker ${fileURLToPath(url)} is missing: run \`npm run build\` (or use --jobs 1)`);
  }
  return url;
}

/**
 * Let the event loop handle pending signals between synchronous runs, so a SIGINT or SIGTERM
 * handler (core/outputLock releases the results file's lock) runs after the current run instead of
 * after the whole sweep. Two setImmediate hops: the first may run in the same loop iteration, right
 * after the poll phase that ran this code; the second runs only after another poll phase, which is
 * where libuv reads signals (measured: with one hop, a SIGTERM sent during the first run waited for
 * the second to finish). Costs microseconds.
 */
async function signalTurn(): Promise<void> {
  for (let hop = 0; hop < 2; hop++) await new Promise((resolve) => setImmediate(resolve));
}

export async function runMeasureJobs(
  jobs: readonly IndexedJob[],
  workers: number,
  onDone: (index: number, record: ResultRecord) => void,
): Promise<void> {
  if (workers <= 1 || jobs.length <= 1) {
    for (const { index, job } of jobs) {
      onDone(index, await runMeasurement(job));
      await signalTurn();
    }
    return;
  }
  const script = workerScript();
  const queue = [...jobs];
  const pool: Worker[] = [];
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) {
        retired.add(w);
        void w.terminate();
      }
      reject(err);
    };
    const retired = new Set<Worker>();
    const feed = (worker: Worker): void => {
      const next = queue.shift();
      if (!next) {
        retired.add(worker);
        void worker.terminate();
        if (--running === 0 && !failed) resolve();
        return;
      }
      worker.postMessage(next);
    };
    for (let k = 0; k < Math.min(workers, jobs.length); k++) {
      const worker = new Worker(script);
      pool.push(worker);
      running++;
      worker.on('message', (message: { index: number; record?: ResultRecord; error?: WorkerError }) => {
        if (failed) return;
        if (message.error) {
          fail(rebuildError(message.error));
          return;
        }
        try {
          onDone(message.index, message.record as ResultRecord);
        } catch (err) {
          fail(err as Error);
          return;
        }
        feed(worker);
      });
      worker.on('error', (err) => fail(err));
      // A worker that dies without answering (out of memory, killed) must not leave the sweep waiting forever.
      worker.on('exit', (code) => {
        if (!retired.has(worker)) fail(new Error(`a measure worker exited unexpectedly (code ${code})`));
      });
      feed(worker);
    }
  });
}
