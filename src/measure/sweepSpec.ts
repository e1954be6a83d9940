/**
 * A `measure` sweep written as a verification spec (specs/schemas/spec.schema.json) with one target
 * and one trained method: what its records' `specDigest` is computed from, and what a sharded
 * `measure` stores in its shard manifest, so that `merge` and `verify --from-records` treat measure
 * shards and verify shards alike. Widths are the sorted distinct list, start and iteration budget
 * the resolved ones, so two command lines that run the same jobs give the same spec.
 */
import { DEFAULT_DOMAIN } from '../core/domain.js';
import { DEFAULT_TRAINING_POINTS, parseStart, parseTrainedMethod } from '../core/methods.js';
import { defaultMaxIterations } from './runMeasurement.js';
import type { SweepPlan } from './measureJobs.js';

/** A sweep's resolved fields: the same plan measureJobsInOrder expands into jobs. */
export type SweepSpecFields = SweepPlan;

/** The spec of a measure sweep; the name "measure" puts `verify --from-records` reports in reports/measure. */
export function sweepSpecJson(s: SweepSpecFields): Record<string, unknown> {
  return {
    name: 'measure',
    description: `approx-order measure ${s.units.join(' ')} --method ${s.method} --init ${s.init}`,
    units: [...s.units],
    targets: [s.target],
    domain: [s.domain[0], s.domain[1]],
    seeds: s.seeds,
    dataSize: s.data,
    methods: [
      {
        name: s.method,
        widths: [...s.widths],
        init: s.init,
        ...(s.method === 'lsq' ? {} : { maxIterations: s.maxIterations }),
        ...(s.gateScale === undefined ? {} : { gateScale: s.gateScale }),
      },
    ],
  };
}

/** What sweepSpecFields reads of a measureSweep request (MeasureRequest). */
export interface SweepRequestFields {
  readonly units: readonly string[];
  readonly target: string;
  readonly domain?: readonly [number, number];
  readonly widths: readonly number[];
  readonly method: string;
  readonly init?: string;
  readonly seeds?: number;
  readonly data?: number;
  readonly maxIterations?: number;
  readonly gateScale?: number;
}

/**
 * The fields of a request as measureSweep resolves them (widths sorted and distinct, default start,
 * seeds, points and iteration budget); the checks of units, widths and counts stay in measureSweep.
 */
export function sweepSpecFields(request: SweepRequestFields): SweepSpecFields {
  const method = parseTrainedMethod(request.method);
  return {
    units: request.units,
    target: request.target,
    domain: request.domain ? [request.domain[0], request.domain[1]] : DEFAULT_DOMAIN,
    data: request.data ?? DEFAULT_TRAINING_POINTS,
    method,
    init: parseStart(method, request.init),
    widths: [...new Set(request.widths)].sort((p, q) => p - q),
    seeds: request.seeds ?? 1,
    maxIterations: method === 'lsq' ? 1 : (request.maxIterations ?? defaultMaxIterations(method)),
    ...(request.gateScale === undefined ? {} : { gateScale: request.gateScale }),
  };
}
