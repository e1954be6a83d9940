/** The jobs of a sweep in canonical order: units as given, widths ascending, seeds 0..K-1. */
import type { Domain } from '../core/domain.js';
import type { MeasureJob } from './runMeasurement.js';
import type { Start, TrainedMethod } from '../core/methods.js';

export interface SweepPlan {
  readonly units: readonly string[];
  readonly target: string;
  readonly domain: Domain;
  readonly data: number;
  readonly method: TrainedMethod;
  readonly init: Start;
  /** ascending */
  readonly widths: readonly number[];
  /** seed count K */
  readonly seeds: number;
  readonly maxIterations: number;
}

export function measureJobsInOrder(plan: SweepPlan): MeasureJob[] {
  const jobs: MeasureJob[] = [];
  for (const unit of plan.units) {
    for (const n of plan.widths) {
      for (let seed = 0; seed < plan.seeds; seed++) {
        jobs.push({
          unit,
          target: plan.target,
          domain: plan.domain,
          data: plan.data,
          method: plan.method,
          init: plan.init,
          n,
          seed,
          maxIterations: plan.maxIterations,
        });
      }
    }
  }
  return jobs;
}
