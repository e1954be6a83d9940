/**
 * Runs a verification spec end to end: predictions (src/symbolic), constructions and trained
 * sweeps (through ExperimentSources), spline baselines, slope fits over the detected window, the
 * verdicts and the findings; returns the report value (verificationReport.ts; JSON-safe: NaN and
 * infinities become null) that report.json holds, the CLI prints and the library API returns.
 *
 * Steps: collectMeasurements -> judgeSeries (fit + verdict per unit, target, method) ->
 * baselineRecords (judged the same way) -> summarise, then findings from the structured verdicts.
 * Every verdict row and baseline carries the window slope, the extrapolated order and the drift per
 * doubling side by side (verdictNumbers).
 */
import { join } from 'node:path';
import type { Target } from '../core/target.js';
import { UsageError } from '../core/errors.js';
import type { FloatPrecision } from '../core/floatPrecision.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { uniformGrid } from '../core/testGrid.js';
import { fitSlope, type SlopeFit } from '../fit/fitSlope.js';
import { judgeOrder, type OrderJudgement, type Verdict } from '../fit/orderVerdict.js';
import type { ConvergenceSample } from '../fit/convergenceSeries.js';
import type { ExperimentSources } from './experimentSources.js';
import { recordPrecision, type RunRecord } from './runRecord.js';
import { BASELINE_DEGREE, splineBaseline } from './splineBaseline.js';
import { predictUnit, type UnitPrediction } from './unitPrediction.js';
import { planWidthsFor, type VerificationSpec } from './verificationSpec.js';
import type {
  BaselineRecord,
  FitRecord,
  VerdictNumbers,
  VerdictRow,
  VerificationReport,
} from './verificationReport.js';
import { reportFindings } from './findings.js';
import { resultsFileName, verificationDigest } from './specJobs.js';

export interface RunOptions {
  readonly sources: ExperimentSources;
  /** directory of the trained records, results-<method>[-<target #>].jsonl, reused with resume */
  readonly resultsDir?: string;
  readonly resume?: boolean;
  readonly log?: (line: string) => void;
  /** after every trained run, instead of progress lines (a bar on a TTY; experimentSources) */
  readonly progress?: (done: number, total: number, what: string) => void;
}

/** RMS of the target over the test grid: the |f| of the float floor. */
function targetRms(target: Target): number {
  const xs = uniformGrid(target.domain);
  let s = 0;
  for (const x of xs) s += target.value(x) ** 2;
  return Math.sqrt(s / xs.length);
}

/** JSON round trip: NaN and +-Infinity become null, typed arrays plain arrays. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v)
        ? null
        : ArrayBuffer.isView(v)
          ? Array.from(v as unknown as ArrayLike<number>)
          : v,
    ),
  );
}

/** The samples of one convergence series: (unit, target, method). */
interface Series {
  precision: FloatPrecision;
  readonly samples: ConvergenceSample[];
}

const seriesKey = (unit: string, target: string, method: string): string => `${unit}\u0000${target}\u0000${method}`;

interface Measurements {
  readonly constructions: VerificationReport['constructions'];
  readonly runs: RunRecord[];
  readonly series: Map<string, Series>;
}

async function collectMeasurements(
  spec: VerificationSpec,
  options: RunOptions,
  log: (line: string) => void,
): Promise<Measurements> {
  const constructions: VerificationReport['constructions'] = [];
  const runs: RunRecord[] = [];
  const series = new Map<string, Series>();
  const add = (
    unit: string,
    target: string,
    method: string,
    precision: FloatPrecision,
    sample: ConvergenceSample,
  ): void => {
    const key = seriesKey(unit, target, method);
    const entry = series.get(key) ?? { precision, samples: [] };
    if (precision === 'float32') entry.precision = 'float32';
    entry.samples.push(sample);
    series.set(key, entry);
  };
  for (const [ti, target] of spec.targets.entries()) {
    for (const plan of spec.methods) {
      if (plan.name === 'construct') {
        for (const unit of plan.units) {
          const name = unit.form.name;
          log(`construct ${name} on ${target.expression}: ${plan.widths.length} widths`);
          if (!unit.construction) {
            constructions.push({ unit: name, target: target.expression, rows: [], error: unit.noConstruction });
            continue;
          }
          try {
            const rows = await options.sources.construct(unit, target, spec.domain, plan.widths);
            constructions.push({ unit: name, target: target.expression, rows, error: null });
            for (const r of rows)
              add(name, target.expression, 'construct', 'float64', {
                n: r.n,
                params: r.params,
                seed: 0,
                rmse: r.rmse,
                ...(r.roundingError != null ? { roundingError: r.roundingError } : {}),
              });
          } catch (err) {
            if (!(err instanceof UsageError)) throw err;
            constructions.push({ unit: name, target: target.expression, rows: [], error: err.message });
          }
        }
      } else {
        log(
          `${plan.name} on ${target.expression}: ${plan.units.length} units x ${plan.widths.length} widths x ${plan.seeds.length} seeds`,
        );
        const records = await options.sources.measure({
          units: plan.units,
          target,
          domain: spec.domain,
          plan,
          resume: options.resume ?? false,
          log,
          ...(options.progress ? { progress: options.progress } : {}),
          resultsFile: options.resultsDir ? join(options.resultsDir, resultsFileName(spec, plan.name, ti)) : undefined,
          specDigest: verificationDigest(spec.raw),
        });
        for (const r of records) {
          runs.push(r);
          add(r.unit, target.expression, plan.name, recordPrecision(r), {
            n: r.n,
            params: r.params,
            seed: r.seed,
            rmse: r.testRmse,
          });
        }
      }
    }
  }
  return { constructions, runs, series };
}

/** The numbers every verdict row and baseline shows beside its verdict. */
export function verdictNumbers(fit: SlopeFit, judgement: OrderJudgement): VerdictNumbers {
  const est = fit.extrapolation;
  const w = fit.windowWidths;
  return {
    measuredSlope: fit.vsN?.slope ?? null,
    ci: fit.vsN?.ci ?? null,
    window: w.length > 0 ? [w[0], w[w.length - 1]] : null,
    extrapolatedSlope: est.usable ? est.extrapolated.value : null,
    extrapolatedCi: est.usable ? est.extrapolated.ci : null,
    driftPerDoubling: est.usable ? est.drift.value : null,
    driftCi: est.usable ? est.drift.ci : null,
    localOrdersByDoubling: est.usable
      ? est.doublingOrders.map((d) => ({ from: d.from, to: d.to, order: d.order }))
      : [],
    evidence: est.usable ? est.range : null,
    verdict: judgement.verdict,
    cause: judgement.cause,
    reason: judgement.reason,
    extendTo: judgement.extendTo,
  };
}

/** Fit and verdict of every (target, method, unit) series, in that order. */
function judgeSeries(
  spec: VerificationSpec,
  measured: Measurements,
  predictions: readonly UnitPrediction[],
  targetScales: readonly number[],
): { fits: FitRecord[]; verdicts: VerdictRow[] } {
  const fits: FitRecord[] = [];
  const verdicts: VerdictRow[] = [];
  spec.targets.forEach((target, ti) => {
    for (const plan of spec.methods) {
      spec.units.forEach((unit, ui) => {
        if (!plan.units.includes(unit)) return;
        const name = unit.form.name;
        const entry = measured.series.get(seriesKey(name, target.expression, plan.name));
        const precision = entry?.precision ?? 'float64';
        const fit = fitSlope(entry?.samples ?? [], { precision, targetScale: targetScales[ti] });
        fits.push({
          unit: name,
          target: target.expression,
          method: plan.name,
          precision,
          widthsRun: [...planWidthsFor(plan, name)],
          fit,
        });
        const prediction = predictions[ui];
        let judgement = judgeOrder(fit, prediction.predictedSlope, spec.tolerance);
        const failedConstruction =
          plan.name === 'construct'
            ? measured.constructions.find((c) => c.unit === name && c.target === target.expression)?.error
            : null;
        if (failedConstruction)
          judgement = { verdict: 'INCONCLUSIVE', cause: 'no-measurement', reason: failedConstruction, extendTo: null };
        // Not converged comes before the fit's own reasons: the RMSEs are not of the optimum at all.
        if (judgement.cause !== 'no-prediction' && judgement.cause !== 'no-measurement')
          judgement =
            unconvergedJudgement(plan.name, measured.runs, name, target.expression, fit.windowWidths) ?? judgement;
        const open = spec.openQuestions.find(
          (q) => (q.unit === undefined || q.unit === name) && (q.method === undefined || q.method === plan.name),
        );
        verdicts.push({
          unit: name,
          target: target.expression,
          method: plan.name,
          predictedSlope: prediction.predictedSlope,
          ...verdictNumbers(fit, judgement),
          measuredSlopeVsP: fit.vsP?.slope ?? null,
          windowWidths: fit.windowWidths.length,
          tolerance: spec.tolerance,
          // A unit without a prediction (a smooth gate) is measured and shown beside the others, but there is
          // nothing to judge, so its row never decides the exit code.
          gating: !open && prediction.predictedSlope !== null,
          openQuestion: open?.reason ?? null,
        });
      });
    }
  });
  return { fits, verdicts };
}

/** Methods that stop on a convergence test; a run of theirs that ran out of iterations has not reached its optimum. */
const CONVERGING_METHODS: ReadonlySet<string> = new Set(['lm', 'varpro']);

/**
 * A PASS or FAIL on lm or varpro needs every run in the fitted window to have stopped on a tolerance: a run
 * stopped at its iteration cap measures the optimizer's budget, not the network's optimum at that width, so
 * its slope says nothing certain about the order. Such a series is INCONCLUSIVE (not-converged), naming the
 * widths, whatever the fit alone would have said (a scatter or a drift of unconverged runs is the budget's
 * too). Fixed-length protocols (adam's epochs, paper-newton's passes, lsq, construct) are not affected.
 */
function unconvergedJudgement(
  method: string,
  runs: readonly RunRecord[],
  unit: string,
  target: string,
  windowWidths: readonly number[],
): OrderJudgement | null {
  if (!CONVERGING_METHODS.has(method)) return null;
  const inWindow = new Set(windowWidths);
  const capped = runs.filter(
    (r) =>
      r.method === method &&
      r.unit === unit &&
      r.target === target &&
      inWindow.has(r.n) &&
      r.stopReason === 'max iterations',
  );
  if (capped.length === 0) return null;
  const widths = [...new Set(capped.map((r) => r.n))].sort((a, b) => a - b);
  return {
    verdict: 'INCONCLUSIVE',
    cause: 'not-converged',
    reason:
      `not converged: the run${capped.length > 1 ? 's' : ''} at n = ${widths.join(', ')} in the window stopped at ` +
      `the iteration cap (${capped[0].iterations} iteration${capped[0].iterations === 1 ? '' : 's'}), not on a tolerance, so ${capped.length > 1 ? 'their RMSEs measure' : 'its RMSE measures'} the budget`,
    extendTo: null,
  };
}

/**
 * Baselines share the knots of the spline-initialised (trained) networks, so they are computed at the
 * trained methods' widths; a construct-only spec uses the construction widths.
 */
function baselineRecords(
  spec: VerificationSpec,
  targetScales: readonly number[],
  log: (line: string) => void,
): BaselineRecord[] {
  const trained = spec.methods.filter((m) => m.name !== 'construct');
  const widths = [...new Set((trained.length > 0 ? trained : spec.methods).flatMap((m) => m.widths))].sort(
    (a, b) => a - b,
  );
  const baselines: BaselineRecord[] = [];
  spec.targets.forEach((target, ti) => {
    for (const kind of spec.baselines) {
      log(`baseline ${kind} spline on ${target.expression}: ${widths.length} widths`);
      const points = widths.map((n) => splineBaseline(target, spec.domain, kind, n));
      const fit = fitSlope(
        points.map((p) => ({ n: p.n, params: p.params, seed: 0, rmse: p.rmse })),
        { precision: 'float64', targetScale: targetScales[ti] },
      );
      const knownSlope = -(BASELINE_DEGREE[kind] + 1);
      baselines.push({
        kind,
        degree: BASELINE_DEGREE[kind],
        target: target.expression,
        knownSlope,
        points,
        ...verdictNumbers(fit, judgeOrder(fit, knownSlope, spec.tolerance)),
      });
    }
  });
  return baselines;
}

function summarise(spec: VerificationSpec, verdicts: readonly VerdictRow[]): VerificationReport['summary'] {
  const count = (v: Verdict): number => verdicts.filter((r) => r.verdict === v).length;
  const gatingNotPassed = verdicts.filter(
    (r) => r.gating && (r.verdict === 'FAIL' || (r.verdict === 'INCONCLUSIVE' && !spec.allowInconclusive)),
  ).length;
  return {
    total: verdicts.length,
    pass: count('PASS'),
    fail: count('FAIL'),
    inconclusive: count('INCONCLUSIVE'),
    gatingNotPassed,
    exitCode: gatingNotPassed > 0 ? 1 : 0,
  };
}

export async function runVerification(spec: VerificationSpec, options: RunOptions): Promise<VerificationReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const predictions = spec.units.map((u) => predictUnit(u, spec.predictedSlopeOverrides[u.form.name]));
  const targets = spec.targets.map((t) => ({ expression: t.expression, rms: targetRms(t) }));
  const targetScales = targets.map((t) => t.rms);
  const measured = await collectMeasurements(spec, options, log);
  const { fits, verdicts } = judgeSeries(spec, measured, predictions, targetScales);
  const baselines = baselineRecords(spec, targetScales, log);
  const report: VerificationReport = {
    tool: { name: 'approx-order', version: TOOL_VERSION },
    spec: {
      name: spec.name,
      source: spec.source,
      description: spec.description,
      domain: [spec.domain[0], spec.domain[1]],
      tolerance: spec.tolerance,
      allowInconclusive: spec.allowInconclusive,
      json: spec.raw,
    },
    methods: spec.methods.map((m) => ({
      name: m.name,
      widths: m.widths,
      unitWidths: Object.fromEntries([...m.unitWidths].map(([unit, widths]) => [unit, [...widths]])),
      seeds: m.seeds,
      init: m.init ?? null,
      dataSize: m.name === 'construct' ? null : m.dataSize,
      maxIterations: m.maxIterations ?? null,
      unitMaxIterations: Object.fromEntries(m.unitMaxIterations),
      note: m.note ?? null,
    })),
    targets,
    predictions,
    constructions: measured.constructions,
    runs: measured.runs,
    baselines,
    fits,
    verdicts,
    findings: [],
    summary: summarise(spec, verdicts),
    seconds: (Date.now() - started) / 1000,
  };
  const safe = jsonSafe(report);
  return { ...safe, findings: reportFindings(safe) };
}
