/**
 * One (unit, target, method, init, n, seed) run, from plain data to a ResultRecord. Runs in the
 * main thread or a worker; everything random derives from the job's seed (derivedSeed), so the
 * record does not depend on where or in which order it runs.
 */
import type { Domain } from '../core/domain.js';
import { compileTarget, type Target } from '../core/target.js';
import { parseUnit } from '../core/unitForm.js';
import { analysedUnit, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { parameterCount, type NetworkParams } from '../network/networkParams.js';
import { DEFAULT_GATE_SCALE, smoothInitialGates, splineInitialGates } from '../network/splineInitialisation.js';
import { fitSmoothGateLeastSquares } from '../train/smoothGateLeastSquares.js';
import { rootMeanSquareDifference, testGridPoints, uniformGrid } from '../core/testGrid.js';
import { formatBytes, formatSeconds, requireMemory } from '../core/resourceBudget.js';
import { denseLsqCost } from './runCost.js';
import { trainingData, type TrainingData } from '../train/trainingData.js';
import { fitFrozenGateLeastSquares, type DenseSolvePlan } from '../train/frozenGateLeastSquares.js';
import { levenbergMarquardt, LM_DEFAULTS } from '../train/levenbergMarquardt.js';
import { trainAdam, ADAM_DEFAULTS, ADAM_FINE_TUNING } from '../train/adamTrainer.js';
import { constructedParams, randomGates, splineInitialParams, torchStyleSplineParams } from '../train/initialParams.js';
import { paperNewton, PAPER_NEWTON_DEFAULTS } from '../train/paperNewton.js';
import { variableProjection, VARPRO_DEFAULTS } from '../train/variableProjection.js';
import type { ResultRecord } from './resultRecord.js';
import type { Start, TrainedMethod } from '../core/methods.js';
import type { TrainingOutcome } from '../train/trainingOutcome.js';

export interface MeasureJob {
  readonly unit: string;
  readonly target: string;
  readonly domain: Domain;
  readonly data: number;
  readonly method: TrainedMethod;
  readonly init: Start;
  readonly n: number;
  readonly seed: number;
  /** LM or VarPro iterations, Adam epochs, paper-newton passes; ignored (1) for lsq */
  readonly maxIterations: number;
  /** smooth gates started from lsq: |G| = gateScale / (knot spacing) (splineInitialisation.ts); default DEFAULT_GATE_SCALE */
  readonly gateScale?: number;
}

/** The iteration budget a method gets when none is given. */
export function defaultMaxIterations(method: TrainedMethod): number {
  switch (method) {
    case 'lm':
      return LM_DEFAULTS.maxIterations;
    case 'adam':
      return ADAM_DEFAULTS.epochs;
    case 'paper-newton':
      return PAPER_NEWTON_DEFAULTS.passes;
    case 'varpro':
      return VARPRO_DEFAULTS.maxIterations;
    case 'lsq':
      return 1;
  }
}

// Workers run many jobs on the same target and seed: draw the data once (compileTarget caches the target).
// A unit's analysis is a pure function of its text, and a sweep runs each unit at many widths: analyse it
// once per process (parsing a form with mathjs was 5-10% of the lsq paper grid, 102 jobs over 3 units).
const analysedUnits = new Map<string, AnalysedUnit>();
function analysedOnce(unitText: string): AnalysedUnit {
  let analysed = analysedUnits.get(unitText);
  if (!analysed) {
    analysed = analysedUnit(parseUnit(unitText));
    analysedUnits.set(unitText, analysed);
  }
  return analysed;
}
let cachedData: { key: string; data: TrainingData } | null = null;
let cachedGrid: { key: string; xTest: Float64Array; yTest: Float64Array } | null = null;

function jobData(job: MeasureJob): { target: Target; data: TrainingData } {
  const target = compileTarget(job.target, job.domain);
  const dataKey = JSON.stringify([job.target, job.domain, job.data, job.seed]);
  if (cachedData?.key !== dataKey)
    cachedData = { key: dataKey, data: trainingData(target, job.domain, job.data, job.seed) };
  // The test grid grows with n beyond width 625 (core/testGrid.ts); the training points stay those of the seed.
  const testPoints = testGridPoints(job.n);
  if (testPoints === cachedData.data.xTest.length) return { target: target, data: cachedData.data };
  const gridKey = JSON.stringify([job.target, job.domain, testPoints]);
  if (cachedGrid?.key !== gridKey) {
    const xTest = uniformGrid(job.domain, testPoints);
    cachedGrid = { key: gridKey, xTest, yTest: xTest.map(target.value) };
  }
  return {
    target: target,
    data: { ...cachedData.data, xTest: cachedGrid.xTest, yTest: cachedGrid.yTest },
  };
}

/** Where the banded lsq fit declines, the dense QR runs: say so with its cost, and refuse what cannot fit. */
function announceDenseSolve(job: MeasureJob, analysed: AnalysedUnit): (plan: DenseSolvePlan) => void {
  return (plan) => {
    const cost = denseLsqCost(analysed, job.n, plan.rows);
    const what = `lsq of ${job.unit} at n = ${job.n} (seed ${job.seed}): the banded solver declined (${plan.reason}); the dense QR of the ${plan.rows} x ${plan.columns} design`;
    requireMemory(cost.bytes, what);
    process.stderr.write(
      `approx-order: ${what} runs instead: about ${formatSeconds(cost.seconds)} and ${formatBytes(cost.bytes)}\n`,
    );
  };
}

export async function runMeasurement(job: MeasureJob): Promise<ResultRecord> {
  const analysed = analysedOnce(job.unit);
  const unit = analysed.form;
  const { target, data } = jobData(job);
  // Timed from here: compiling the target and drawing the data are shared by the whole sweep.
  const started = performance.now();
  const lsqFrom = (gatesFrom: NetworkParams | null): TrainingOutcome => {
    const gateMap = unit.gate.map;
    if (analysed.smoothFrozenGate) {
      const scale = job.gateScale ?? DEFAULT_GATE_SCALE;
      const smooth = smoothInitialGates(job.n, job.domain, scale);
      const fit = fitSmoothGateLeastSquares(analysed, smooth, data.xTrain, data.yTrain, job.domain);
      fit.notes.unshift(
        `gates frozen at the spline initialisation's knots with gate scale ${scale}: |G_i| = ${scale} / (knot spacing) = ${Math.abs(smooth.G[0]).toPrecision(6)}, directions alternating`,
      );
      return fit;
    }
    const gates = gatesFrom
      ? { G: gatesFrom.maps[gateMap].weight, g: gatesFrom.maps[gateMap].bias }
      : splineInitialGates(job.n, job.domain);
    return fitFrozenGateLeastSquares(
      analysed,
      gates,
      data.xTrain,
      data.yTrain,
      job.domain,
      'auto',
      announceDenseSolve(job, analysed),
    );
  };
  const startNotes: string[] = [];
  const start = (): NetworkParams => {
    if (job.init === 'construct') {
      startNotes.push('start: the explicit construction (src/construct), every parameter free');
      return constructedParams(analysed, target, job.n);
    }
    if (job.init === 'spline') {
      startNotes.push(
        `start: spline initialisation (knots over the domain widened by 0.1%, alternating directions), other parameters N(0, 1) from seed ${job.seed}`,
      );
      return splineInitialParams(unit, job.n, job.domain, job.seed);
    }
    if (job.init === 'spline-torch') {
      startNotes.push(
        `start: spline initialisation (knots over the domain widened by 0.1%, alternating directions), other parameters as PyTorch's nn.Linear defaults (maps U(-1, 1), output layer U(-1/sqrt(n), 1/sqrt(n))) drawn from seed ${job.seed} by this tool's generator (the reference's numbers cannot be reproduced)`,
      );
      return torchStyleSplineParams(unit, job.n, job.domain, job.seed);
    }
    const lsq = lsqFrom(null);
    const trainRmse = rootMeanSquareDifference(evaluateNetwork(unit, lsq.params, data.xTrain), data.yTrain); // of the network LM starts from
    startNotes.push(`start: the lsq solution (train RMSE ${trainRmse.toExponential(4)}), ties released`);
    return lsq.params;
  };
  let outcome: TrainingOutcome;
  if (job.method === 'lsq') {
    outcome = lsqFrom(job.init === 'construct' ? constructedParams(analysed, target, job.n) : null);
    if (job.init === 'construct') outcome.notes.unshift("gates frozen at the explicit construction's knots");
  } else if (job.method === 'lm') {
    outcome = levenbergMarquardt(unit, start(), data.xTrain, data.yTrain, { maxIterations: job.maxIterations });
  } else if (job.method === 'paper-newton') {
    outcome = paperNewton(unit, start(), data.xTrain, data.yTrain, { passes: job.maxIterations });
  } else if (job.method === 'varpro') {
    const gates =
      job.init === 'random' ? randomGates(job.n, job.domain, job.seed) : splineInitialGates(job.n, job.domain);
    startNotes.push(
      job.init === 'random'
        ? `start: random gates (directions +-1, knots uniform on the domain) from seed ${job.seed}; the linear parameters are solved, not drawn`
        : 'start: the spline initialisation gates (knots over the domain widened by 0.1%, alternating directions); the linear parameters are solved, not drawn',
    );
    outcome = variableProjection(analysed, gates, data.xTrain, data.yTrain, job.domain, {
      maxIterations: job.maxIterations,
    });
  } else {
    const schedule = job.init === 'spline' ? {} : ADAM_FINE_TUNING;
    outcome = await trainAdam(unit, start(), data.xTrain, data.yTrain, { epochs: job.maxIterations, ...schedule });
  }
  const fitted = outcome.fitted;
  const trainRmse = fitted
    ? fitted.trainRmse
    : rootMeanSquareDifference(evaluateNetwork(unit, outcome.params, data.xTrain), data.yTrain);
  const testRmse = rootMeanSquareDifference(
    fitted ? fitted.predict(data.xTest) : evaluateNetwork(unit, outcome.params, data.xTest),
    data.yTest,
  );
  return {
    unit: unit.name,
    target: job.target,
    method: job.method,
    init: job.init,
    n: job.n,
    params: parameterCount(unit, job.n),
    seed: job.seed,
    trainRmse,
    testRmse,
    iterations: outcome.iterations,
    stopReason: outcome.stopReason,
    notes: [...startNotes, ...outcome.notes],
    diagnostics: outcome.diagnostics,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    backend: outcome.backend,
    version: TOOL_VERSION,
    data: job.data,
    domain: [job.domain[0], job.domain[1]],
    maxIterations: job.maxIterations,
    ...(job.gateScale === undefined ? {} : { gateScale: job.gateScale }),
  };
}
