/**
 * Splitting a sweep's jobs into N shards for an outside scheduler (Slurm arrays, Kubernetes Indexed
 * Jobs): each job goes to exactly one shard, the assignment depends only on the job list (so only
 * on the spec) and N, and shards are balanced by estimated cost, not by count: a width-96 LM run
 * costs thousands of width-4 lsq runs.
 *
 * Assignment: longest processing time first (Graham 1969): jobs by estimated cost, largest first
 * (ties by canonical position), each to the shard with the least estimated cost so far (ties to
 * the lowest shard). Its makespan is within 4/3 of the optimum; the README gives the spread
 * between shards for specs/paper.json.
 */
import { TEST_GRID_POINTS } from '../core/testGrid.js';
import { parseUnit, type UnitForm } from '../core/unitForm.js';
import { parameterCount } from '../network/networkParams.js';
import type { MeasureJob } from './runMeasurement.js';

/**
 * Estimated seconds of one run on one core, from the parameter count P of the unit at width n and
 * the N training points. The shape follows the work; the constants were read off `measure --jobs 1`
 * runs on specs/paper.json's target on the 2-core development machine while other jobs loaded it
 * (load average ~30), so absolute values run several times high; only ratios between jobs matter
 * for the balance (README "Running a spec on a cluster"):
 * - lsq: one banded QR over the N points and scoring on the 20001-point test grid: ~0.08 s plus
 *   1.2e-4 s per parameter at N + 20001 = 30001 points;
 * - lm: per iteration, the Jacobian over the N points (linear in P) and the pivoted QR of its
 *   cell-compressed form (quadratic in P): 0.35 + 1e-3 P + 9.5e-6 P^2 seconds per 10^4 points;
 * - adam: per epoch, a TF.js forward and backward pass over the N points: a fixed kernel-launch
 *   cost plus a term linear in N P (not calibrated: the Adam runs were cut short by the load).
 */
export function estimatedCost(job: MeasureJob): number {
  const p = params(job.unit, job.n);
  if (job.method === 'lsq') return (0.08 + 1.2e-4 * p) * ((job.data + TEST_GRID_POINTS) / 30001);
  const points = job.data / 1e4;
  if (job.method === 'lm') return job.maxIterations * points * (0.35 + 1e-3 * p + 9.5e-6 * p * p);
  return job.maxIterations * (ADAM_EPOCH_SECONDS + points * p * ADAM_POINT_PARAMETER_SECONDS);
}

const ADAM_EPOCH_SECONDS = 0.004;
const ADAM_POINT_PARAMETER_SECONDS = 0.0005;

const unitForms = new Map<string, UnitForm>();
function params(unit: string, n: number): number {
  let form = unitForms.get(unit);
  if (!form) {
    form = parseUnit(unit);
    unitForms.set(unit, form);
  }
  return parameterCount(form, n);
}

/** A binary min-heap of shards by (load, shard number). */
class ShardHeap {
  private readonly load: number[];
  private readonly heap: number[];
  constructor(count: number) {
    this.load = new Array<number>(count).fill(0);
    this.heap = Array.from({ length: count }, (_, k) => k);
  }
  private less(a: number, b: number): boolean {
    return this.load[a] < this.load[b] || (this.load[a] === this.load[b] && a < b);
  }
  /** Add `cost` to the least-loaded shard and return its 0-based number. */
  addToLightest(cost: number): number {
    const shard = this.heap[0];
    this.load[shard] += cost;
    // sift down
    const h = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
    return shard;
  }
  loads(): number[] {
    return [...this.load];
  }
}

export interface ShardAssignment {
  /** shard (1..count) of each job, in the order given */
  readonly shardOf: number[];
  /** estimated seconds of each shard, shard 1 first */
  readonly estimatedSeconds: number[];
}

/** Assign jobs (in canonical order) to `count` shards, balanced by estimated cost. */
export function assignShards(costs: readonly number[], count: number): ShardAssignment {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count ${count} is not a positive integer`);
  const order = costs.map((_, i) => i).sort((p, q) => costs[q] - costs[p] || p - q);
  const heap = new ShardHeap(count);
  const shardOf = new Array<number>(costs.length);
  for (const i of order) shardOf[i] = heap.addToLightest(costs[i]) + 1;
  return { shardOf, estimatedSeconds: heap.loads() };
}
