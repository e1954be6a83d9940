/**
 * Frozen-gate (`lsq`) and all-parameter (`lm`, `adam`) runs on d-dimensional problems under a protocol (data/studyProblem): for each
 * seed, one data set; for each width, one set of gates (network/dataFollowingGates) shared by every
 * unit, so units are compared on the same data and the same hyperplanes (paired comparisons); for
 * each unit, an exact least-squares fit (train/ridgeFeatureLeastSquares) evaluated as a network
 * (network/evaluateNetwork) on the training and the test set. `lm` starts from that fit and trains
 * every parameter, gates included, by float64 Levenberg-Marquardt on the training set
 * (train/ddimLevenbergMarquardt), so its training RMSE is never above its start's. `adam` (TF.js,
 * float32; DDIM_ADAM_SETTINGS) starts from that fit (init dataq) or from PyTorch's default init (init
 * torch, the paper's protocol).
 *
 * Seeds: under `holdout` the seed draws the split (and the synthetic data); under `paper` the data
 * are the paper's (seed 0) and the seed draws only the gates. Gate seeds are derivedSeed(seed,
 * "ddim-gates:<n>"), so a record depends only on its own (problem, protocol, n, seed).
 *
 * Memory is estimated before anything runs (ridgeFeatureMemoryRefusal; for lm also ddimLmCost and
 * the ceiling DDIM_LM_MAX_PARAMS): a width whose fit does not fit is a UsageError naming it.
 *
 * Examples:  ddimStudy({ problem: { kind: 'named', name: 'friedman1' }, protocol: 'paper', units: ['mlp'], widths: [8, 16], seeds: [0] })
 */
import { UsageError } from '../core/errors.js';
import { DDIM_INIT, type DdimInit } from '../core/problemNames.js';
import { derivedSeed } from '../core/derivedSeed.js';
import { parseUnit } from '../core/unitForm.js';
import { seededRandom } from '../core/seededRandom.js';
import {
  DEFAULT_TEST_SIZE,
  problemDimension,
  problemLabel,
  studyData,
  type ProblemSpec,
  type Protocol,
  type StudyData,
} from '../data/studyProblem.js';
import { analysedUnit, frozenGateRefusal, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { dataFollowingGates } from '../network/dataFollowingGates.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { parameterCount, parameterLayout } from '../network/networkParams.js';
import { countText, formatSeconds, requireMemory, requireRunTime } from '../core/resourceBudget.js';
import { ddimLevenbergMarquardt, ddimLinearParameters } from '../train/ddimLevenbergMarquardt.js';
import { LM_DEFAULTS } from '../train/levenbergMarquardt.js';
import { trainAdam } from '../train/adamTrainer.js';
import { torchDefaultParams } from '../train/initialParams.js';
import { ddimLmCost } from './runCost.js';
import {
  ridgeFeatureLeastSquares,
  ridgeFeatureMemoryRefusal,
  ridgeFeatureUnknowns,
} from '../train/ridgeFeatureLeastSquares.js';

export { DDIM_INIT, type DdimInit } from '../core/problemNames.js';

/** Methods that run in d dimensions. */
export type DdimMethod = 'lsq' | 'lm' | 'adam';

/**
 * Adam's settings in d dimensions, by start. `torch` is the paper's protocol: PyTorch's default init,
 * AdamW with lr 1e-4 and weight decay 0 (= Adam), epsilon 1e-8, 1000 full-batch steps, constant rate.
 * `dataq` is the tool's: from the lsq fit on data-following gates, lr decaying 1e-3 -> 1e-5 over 1000
 * epochs (README "d dimensions" gives the measurements behind it).
 */
export const DDIM_ADAM_SETTINGS = {
  torch: { epochs: 1000, learningRate: 1e-4, finalLearningRate: 1e-4, epsilon: 1e-8 },
  dataq: { epochs: 1000, learningRate: 1e-3, finalLearningRate: 1e-5 },
} as const;

/**
 * The largest P x N x epochs `adam` runs in d dimensions. An epoch is a few passes over the N x n
 * activations of each map: measured at 4e7 to 7e7 parameter-rows per second (TF.js wasm, float32, one
 * core of the README's machine at a load average of 5; glu and mlp, n = 16 and 64, N = 1600), so the
 * ceiling is 2.5 to 4 minutes for one fit.
 */
export const DDIM_ADAM_MAX_WORK = 1e10;

/**
 * The largest P `lm` runs in d dimensions. One iteration bidiagonalises the N x P Jacobian, about
 * 4 max(N, P) P^2 flops (runCost.ts ddimLmCost): at P = 997 on N = 1600 points, 6e9 flops, measured
 * at about 29 s per iteration on the 2-core machine of the README (load average 9), so the default 50
 * iterations take about 25 minutes for one fit: the most a width sweep can afford.
 */
export const DDIM_LM_MAX_PARAMS = 1000;

/** One fit: a unit at a width and seed, on a problem under a protocol. */
export interface DdimRecord {
  readonly problem: string;
  readonly protocol: Protocol;
  readonly unit: string;
  readonly n: number;
  readonly seed: number;
  readonly dim: number;
  readonly method: DdimMethod;
  readonly init: DdimInit;
  /** network parameters P */
  readonly params: number;
  /** linear unknowns of the frozen-gate fit (lsq); P, every parameter free (lm) */
  readonly unknowns: number;
  /** numerical rank of the frozen-gate design (lsq; for lm, of the lsq fit it started from) */
  readonly rank: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** RMSE on the training set, in the problem's units (standardized for named problems) */
  readonly trainRmse: number;
  /** RMSE on the protocol's test set (the training set itself under `paper`, except on a box target) */
  readonly testRmse: number;
  /** lm and adam: training RMSE of the start, iterations (epochs for adam), and why it stopped */
  readonly startTrainRmse?: number;
  readonly iterations?: number;
  readonly stopReason?: string;
}

export interface DdimStudyOptions {
  readonly problem: ProblemSpec;
  readonly protocol: Protocol;
  /** unit names or expressions (core/unitForm) */
  readonly units: readonly string[];
  readonly widths: readonly number[];
  readonly seeds: readonly number[];
  readonly testSize?: number;
  /**
   * A unit runs a width only while its linear unknowns are at most this fraction of the training
   * rows (default 1: every width). Beyond about a third, frozen-gate fits start to fit the sample
   * rather than the function, and the QR cost grows as rows x unknowns^2.
   */
  readonly maxUnknownsFraction?: number;
  /** default 'lsq' */
  readonly method?: DdimMethod;
  /** adam: 'dataq' (default) or 'torch'; lsq and lm start from 'dataq' only */
  readonly init?: DdimInit;
  /** lm: maximum iterations (default LM_DEFAULTS.maxIterations); adam: epochs (default DDIM_ADAM_SETTINGS) */
  readonly maxIterations?: number;
}

/** The key of a record (one fit); lsq keys carry no method, as in results files written before lm; adam keys carry their start. */
export function ddimRecordKey(
  r: Pick<DdimRecord, 'problem' | 'protocol' | 'unit' | 'n' | 'seed'> & {
    readonly method?: DdimMethod;
    readonly init?: DdimInit;
  },
): string {
  const key = [r.problem, r.protocol, r.unit, r.n, r.seed];
  if (r.method === undefined || r.method === 'lsq') return JSON.stringify(key);
  return JSON.stringify(r.method === 'adam' ? [...key, r.method, r.init ?? DDIM_INIT] : [...key, r.method]);
}

/** RMSE between two vectors of equal length. */
function rmse(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

/** Each unit analysed, with a UsageError for a unit lsq cannot fit. */
export function ddimUnits(units: readonly string[]): AnalysedUnit[] {
  return units.map((u) => {
    const analysed = analysedUnit(parseUnit(u));
    const refusal = frozenGateRefusal(analysed);
    if (refusal) throw new UsageError(refusal);
    // The d-dimensional fit (train/ridgeFeatureLeastSquares) is built on the relu frozen-gate family;
    // smooth gates have their lsq in 1-D only (train/smoothGateLeastSquares).
    if (!analysed.frozenGate)
      throw new UsageError(
        `unit ${analysed.form.name} (${analysed.form.gate.activation} gate) runs in 1-D only: the d-dimensional fit, which lm and adam also start from, needs a relu gate`,
      );
    return analysed;
  });
}

/** UsageError when the largest fit would not fit in memory; checked before any run. */
export function checkDdimMemory(options: DdimStudyOptions, units: readonly AnalysedUnit[]): void {
  const d = problemDimension(options.problem);
  const N = 2000;
  for (const unit of units) {
    for (const n of options.widths) {
      const what = `width ${n} of ${unit.form.name} on ${problemLabel(options.problem)}`;
      const refusal = ridgeFeatureMemoryRefusal(N, ridgeFeatureUnknowns(unit, n, d));
      if (refusal) throw new UsageError(`${what}: ${refusal}`);
      if (options.method === 'adam') {
        const P = parameterCount(unit.form, n, d);
        const epochs = options.maxIterations ?? DDIM_ADAM_SETTINGS[options.init ?? DDIM_INIT].epochs;
        if (P * N * epochs > DDIM_ADAM_MAX_WORK)
          throw new UsageError(
            `${what}: adam with P = ${P} parameters on ${N} points for ${epochs} epochs is over its ceiling of ` +
              `${DDIM_ADAM_MAX_WORK.toExponential(1)} parameter-rows (P x N x epochs, 2.5 to 4 minutes on one core)`,
          );
        requireMemory(16 * N * n * (unit.form.maps.length + 2) * 4, `${what}: adam activations`);
        continue;
      }
      if (options.method !== 'lm') continue;
      const P = parameterCount(unit.form, n, d);
      const iterations = options.maxIterations ?? LM_DEFAULTS.maxIterations;
      const cost = ddimLmCost(
        N,
        P,
        ddimLinearParameters(unit.form, parameterLayout(unit.form, n, d)).length,
        iterations,
      );
      if (P > DDIM_LM_MAX_PARAMS)
        throw new UsageError(
          `${what}: lm with P = ${P} parameters is over its ceiling of ${DDIM_LM_MAX_PARAMS} in d dimensions ` +
            `(one iteration bidiagonalises the ${N} x ${P} Jacobian; ${iterations} iterations estimated at ${formatSeconds(cost.seconds)} on one core)`,
        );
      requireMemory(cost.bytes, `${what}: lm with P = ${P} parameters on ${N} points`);
      requireRunTime(
        cost.seconds,
        () => `${what}: lm with P = ${P} parameters for ${countText(iterations)} iterations`,
      );
    }
  }
}

export interface DdimRunHooks {
  /** records already done (from --resume), by ddimRecordKey */
  readonly done?: ReadonlyMap<string, DdimRecord>;
  /** called after each new record, in run order */
  readonly onRecord?: (record: DdimRecord) => void;
}

/** Run every missing record of one problem and protocol; returns all records (reused and new) in run order. */
export async function ddimStudy(options: DdimStudyOptions, hooks: DdimRunHooks = {}): Promise<DdimRecord[]> {
  const init = options.init ?? DDIM_INIT;
  if (init !== DDIM_INIT && options.method !== 'adam')
    throw new UsageError(
      `in d dimensions only adam starts from ${init}; lsq and lm start from the data-following gates`,
    );
  const units = ddimUnits(options.units);
  checkDdimMemory(options, units);
  const out: DdimRecord[] = [];
  for (const seed of options.seeds) {
    let data: StudyData | null = null;
    for (const n of options.widths) {
      let gates: ReturnType<typeof dataFollowingGates> | null = null;
      for (const unit of units) {
        const method = options.method ?? 'lsq';
        const key = ddimRecordKey({
          problem: problemLabel(options.problem),
          protocol: options.protocol,
          unit: unit.form.name,
          n,
          seed,
          method,
          init,
        });
        const reused = hooks.done?.get(key);
        if (reused) {
          out.push(reused);
          continue;
        }
        data ??= studyData(options.problem, options.protocol, seed, options.testSize ?? DEFAULT_TEST_SIZE);
        const { train, test, dim } = data;
        if (ridgeFeatureUnknowns(unit, n, dim) > (options.maxUnknownsFraction ?? 1) * train.rows) continue;
        gates ??= dataFollowingGates(train.X, train.rows, dim, n, seededRandom(derivedSeed(seed, `ddim-gates:${n}`)));
        const fit = ridgeFeatureLeastSquares(unit, gates, train.X, train.y, train.rows, dim);
        const P = parameterCount(unit.form, n, dim);
        let params = fit.params;
        let lm: Pick<DdimRecord, 'startTrainRmse' | 'iterations' | 'stopReason'> = {};
        if (method === 'adam') {
          const start = init === 'torch' ? torchDefaultParams(unit.form, n, dim, seed) : fit.params;
          const settings = DDIM_ADAM_SETTINGS[init];
          const trained = await trainAdam(unit.form, start, train.X, train.y, {
            ...settings,
            epochs: options.maxIterations ?? settings.epochs,
          });
          params = trained.params;
          lm = {
            startTrainRmse: rmse(evaluateNetwork(unit.form, start, train.X), train.y),
            iterations: trained.iterations,
            stopReason: trained.stopReason,
          };
        } else if (method === 'lm') {
          const trained = ddimLevenbergMarquardt(unit.form, fit.params, train.X, train.y, train.rows, dim, {
            maxIterations: options.maxIterations,
          });
          params = trained.params;
          lm = {
            startTrainRmse: Math.sqrt(trained.startLoss / train.rows),
            iterations: trained.iterations,
            stopReason: trained.stopReason,
          };
        }
        const record: DdimRecord = {
          problem: data.problem,
          protocol: options.protocol,
          unit: unit.form.name,
          n,
          seed,
          dim,
          method,
          init,
          params: P,
          unknowns: method === 'lsq' ? fit.unknowns : P,
          rank: fit.rank,
          trainRows: train.rows,
          testRows: test.rows,
          trainRmse: rmse(evaluateNetwork(unit.form, params, train.X), train.y),
          testRmse: test === train ? Number.NaN : rmse(evaluateNetwork(unit.form, params, test.X), test.y),
          ...lm,
        };
        const complete = test === train ? { ...record, testRmse: record.trainRmse } : record;
        out.push(complete);
        hooks.onRecord?.(complete);
      }
    }
  }
  return out;
}
