/**
 * Every size has a ceiling: the memory a run may take on this machine, the most worker threads and
 * seeds, and the words that refuse what does not fit (UsageError: exit 2, one line naming the
 * estimate and the limit). The estimates themselves are made where the work is known:
 * measure/runCost.ts (lsq, lm, adam) and construct/constructionCost.ts.
 *
 * Memory limit: MEMORY_SAFETY (1/2) of the machine's memory (os.totalmem, or the cgroup's limit when
 * the process runs in a smaller one), so that the estimates, which leave out Node's own ~100 MB and
 * the garbage collector's slack, can be off by 2x without the machine swapping or the process being
 * killed. It is fixed per machine, never read from the free memory of the moment: whether a run is
 * refused must not depend on what else is running. APPROX_ORDER_MEMORY_LIMIT (bytes, or with a
 * K/M/G suffix, powers of 1024) lowers it, never raises it: for tests, and for shared machines.
 *
 * Examples:  requireMemory(estimate, 'lm at n = 64 on 10000000 points');  formatBytes(2.5e9) === '2.3 GiB'
 */
import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { UsageError } from './errors.js';

export const MEMORY_SAFETY = 0.5;

/** Runs estimated to take at least this long (single-core seconds / workers) get the estimate printed before they start. */
export const LONG_RUN_SECONDS = 60;

/** Worker threads per core at most: beyond a few per core threads only queue, and each costs ~40 MB and file handles. */
export const JOBS_PER_CORE = 4;

/** Seeds 0..K-1 at most, as specs/schemas/spec.schema.json ("seedCount"). */
export const MAX_SEEDS = 1000;

export const MEMORY_LIMIT_VARIABLE = 'APPROX_ORDER_MEMORY_LIMIT';

/** "2.3 GiB", "512 MiB", "36 KiB": binary units, two or three significant figures. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return `${value >= 100 || u === 0 ? Math.round(value) : value.toPrecision(2)} ${units[u]}`;
}

/** "40 s", "12 min", "3.5 h", "9 days". */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return 'under 1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toPrecision(2)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

function parseByteCount(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!match) return null;
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2].toLowerCase());
  return Number(match[1]) * 1024 ** power;
}

export interface MemoryLimit {
  readonly bytes: number;
  /** how it was derived, for messages: "half of this machine's 24 GiB" */
  readonly source: string;
}

/** The memory limit of one process (all its worker threads together). */
export function memoryLimit(): MemoryLimit {
  const machine = totalmem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const physical = constrained && constrained > 0 && constrained < machine ? constrained : machine;
  const derived = {
    bytes: MEMORY_SAFETY * physical,
    source: `half of this machine's ${formatBytes(physical)}`,
  };
  const text = process.env[MEMORY_LIMIT_VARIABLE];
  if (text === undefined || text === '') return derived;
  const lowered = parseByteCount(text);
  if (lowered === null || !(lowered > 0)) {
    throw new UsageError(
      `${MEMORY_LIMIT_VARIABLE}=${JSON.stringify(text.slice(0, 40))} is not a byte count (e.g. 2G, 512M, 1000000)`,
    );
  }
  return lowered < derived.bytes ? { bytes: lowered, source: `${MEMORY_LIMIT_VARIABLE}` } : derived;
}

/** Refuse (UsageError, exit 2) what needs more than the memory limit. */
export function requireMemory(bytes: number, what: string): void {
  const limit = memoryLimit();
  if (bytes <= limit.bytes) return;
  throw new UsageError(
    `${what} needs about ${formatBytes(bytes)} of memory, above the limit of ${formatBytes(limit.bytes)} (${limit.source})`,
  );
}

/**
 * Refuse what needs more of V8's own heap than half of its limit (about 4 GiB on 64-bit Node):
 * plain JavaScript arrays and objects live there, not in the machine's memory at large (sorting N
 * points by a comparator holds two N-element work arrays, 16 N bytes).
 */
export function requireHeap(bytes: number, what: string): void {
  const limit = MEMORY_SAFETY * getHeapStatistics().heap_size_limit;
  if (bytes <= limit) return;
  throw new UsageError(
    `${what} needs about ${formatBytes(bytes)} of the JavaScript heap, above the limit of ${formatBytes(limit)} (half of V8's heap limit)`,
  );
}

/** The most worker threads a sweep may start: JOBS_PER_CORE per core. */
export function maxJobs(): number {
  return JOBS_PER_CORE * availableParallelism();
}

/** Refuse a worker count above maxJobs(). */
export function requireJobs(jobs: number): void {
  const cap = maxJobs();
  if (jobs <= cap) return;
  const cores = availableParallelism();
  throw new UsageError(
    `--jobs ${jobs} exceeds the limit of ${cap} worker threads (${JOBS_PER_CORE} per core on this ${cores}-core machine)`,
  );
}

/**
 * The longest single run (one unit, width and seed) a sweep may contain, by runCost.ts's estimate: a day.
 * A run cannot be split across workers or shards, and a budget such as --max-iterations 1e9 (an estimated
 * 31,631 days for lm of the GQU at n = 64) is a typo, not a plan.
 */
export const MAX_RUN_SECONDS = 86400;

/** Refuse a run whose estimated single-core time exceeds MAX_RUN_SECONDS; `what` names it (built only then: it formats numbers). */
export function requireRunTime(seconds: number, what: () => string): void {
  if (!(seconds > MAX_RUN_SECONDS)) return;
  const days = seconds / 86400;
  throw new UsageError(
    `${what()} is estimated at ${days >= 10 ? countText(Math.round(days)) : days.toFixed(1)} days, over the limit of one day for a single run; lower the iterations or the width`,
  );
}

/** A count for a message: grouped digits up to 1e9 ("1,000,000,000"), then 3 significant digits ("1.00e+300"). */
export function countText(k: number): string {
  return Math.abs(k) <= 1e9 ? k.toLocaleString('en-US') : k.toExponential(2);
}

/** Refuse a seed count above MAX_SEEDS (the spec schema's cap). */
export function requireSeeds(seeds: number): void {
  if (seeds <= MAX_SEEDS) return;
  throw new UsageError(`--seeds ${seeds} exceeds the limit of ${MAX_SEEDS} seeds (the spec schema's "seeds" maximum)`);
}
