/** The jobs of a sweep in canonical order: units as given, widths ascending, seeds 0..K-1. */
import type { Domain } from '../core/domain.js';
import type { MeasureJob } from './runMeasurement.js';
import type { Start, TrainedMethod } from '../core/methods.js';
import { parseUnit } from '../core/unitForm.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
import { DEFAULT_GATE_SCALE } from '../network/splineInitialisation.js';

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
  /** unit name -> its own iteration budget in place of maxIterations (a spec's unitMaxIterations) */
  readonly unitMaxIterations?: Readonly<Record<string, number>>;
  /** smooth-gate units solved by lsq (or started from it): the gate scale; default DEFAULT_GATE_SCALE */
  readonly gateScale?: number;
}

export function measureJobsInOrder(plan: SweepPlan): MeasureJob[] {
  const jobs: MeasureJob[] = [];
  const frozen = plan.method === 'lsq' || plan.init === 'lsq';
  for (const unit of plan.units) {
    // Only the jobs the scale changes carry it (their records and resume keys too).
    const scaled = frozen && analysedUnit(parseUnit(unit)).smoothFrozenGate !== null;
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
          maxIterations: plan.unitMaxIterations?.[unit] ?? plan.maxIterations,
          ...(scaled ? { gateScale: plan.gateScale ?? DEFAULT_GATE_SCALE } : {}),
        });
      }
    }
  }
  return jobs;
}
