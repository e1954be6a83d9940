/**
 * Runs a verification spec end to end: predictions (src/symbolic), constructions and trained
 * sweeps (through ExperimentSources), spline baselines, slope fits over the detected window and the
 * verdicts; returns the report object (JSON-safe: NaN and infinities become null) that report.json
 * holds, the CLI prints and the library API returns.
 */
import { join } from 'node:path';
import type { Target } from '../core/target.js';
import { UsageError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { fitSlope, type SlopeFit } from '../fit/fitSlope.js';
import { judgeSlope, type Verdict } from '../fit/slopeVerdict.js';
import type { ConvergenceSample } from '../fit/convergenceSeries.js';
import { uniformTestGrid } from '../train/trainingData.js';
import type { ExperimentSources } from './experimentSources.js';
import { recordPrecision, type ConstructionRow, type RunRecord } from './runRecord.js';
import { BASELINE_DEGREE, splineBaseline, type BaselinePoint } from './splineBaseline.js';
import { predictUnit, type UnitPrediction } from './unitPrediction.js';
import type { MethodName, VerificationSpec } from './verificationSpec.js';
import { gquFinding } from './gquFinding.js';

export interface VerdictRow {
  readonly unit: string;
  readonly target: string;
  readonly method: string;
  readonly predictedSlope: number | null;
  /** slope of ln RMSE against ln n over the window; null when there is no window */
  readonly measuredSlope: number | null;
  readonly measuredSlopeVsP: number | null;
  /** 95% CI of measuredSlope */
  readonly ci: [number, number] | null;
  /** [nMin, nMax] of the fit window */
  readonly window: [number, number] | null;
  readonly windowWidths: number;
  readonly tolerance: number;
  readonly verdict: Verdict;
  readonly reason: string;
  /** false for an open question of the spec: reported, but not part of the exit code */
  readonly gating: boolean;
  readonly openQuestion: string | null;
}

export interface FitRecord {
  readonly unit: string;
  readonly target: string;
  readonly method: string;
  readonly precision: 'float64' | 'float32';
  /** widths the method ran at (the spec's plan for it) */
  readonly widthsRun: number[];
  readonly fit: SlopeFit;
}

export interface BaselineRecord {
  readonly kind: string;
  readonly degree: number;
  readonly target: string;
  /** -(k+1) for a degree-k spline */
  readonly knownSlope: number;
  readonly points: BaselinePoint[];
  readonly measuredSlope: number | null;
  readonly ci: [number, number] | null;
  readonly window: [number, number] | null;
  readonly verdict: Verdict;
}

export interface VerificationReport {
  readonly tool: { readonly name: 'approx-order'; readonly version: string };
  readonly spec: {
    readonly name: string; readonly source: string; readonly description: string; readonly domain: [number, number];
    readonly tolerance: number; readonly allowInconclusive: boolean; readonly json: Record<string, unknown>;
  };
  readonly methods: Array<{ name: string; widths: number[]; seeds: number[]; init: string | null; dataSize: number | null; maxIterations: number | null; note: string | null }>;
  readonly targets: Array<{ expression: string; rms: number }>;
  readonly predictions: UnitPrediction[];
  readonly constructions: Array<{ unit: string; target: string; rows: ConstructionRow[]; error: string | null }>;
  readonly runs: RunRecord[];
  readonly baselines: BaselineRecord[];
  readonly fits: FitRecord[];
  readonly verdicts: VerdictRow[];
  readonly findings: { readonly gqu: string | null };
  readonly summary: { total: number; pass: number; fail: number; inconclusive: number; gatingNotPassed: number; exitCode: 0 | 1 };
  readonly seconds: number;
}

export interface RunOptions {
  readonly sources: ExperimentSources;
  /** directory of the trained records, results-<method>[-<target #>].jsonl, reused with resume */
  readonly resultsDir?: string;
  readonly resume?: boolean;
  readonly log?: (line: string) => void;
}

/** RMS of the target over the test grid: the |f| of the float floor. */
function targetRms(target: Target): number {
  const xs = uniformTestGrid(target.domain);
  let s = 0;
  for (const x of xs) s += target.value(x) ** 2;
  return Math.sqrt(s / xs.length);
}

/** JSON round trip: NaN and +-Infinity become null, typed arrays plain arrays. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)));
}

export async function runVerification(spec: VerificationSpec, options: RunOptions): Promise<VerificationReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const predictions = spec.units.map((u) => predictUnit(u, spec.predictedSlopeOverrides[u.name]));
  const targets = spec.targets.map((t) => ({ expression: t.expression, rms: targetRms(t) }));
  const constructions: VerificationReport['constructions'] = [];
  const runs: RunRecord[] = [];
  const samples = new Map<string, { precision: 'float64' | 'float32'; samples: ConvergenceSample[] }>();
  const key = (unit: string, target: string, method: string): string => `${unit}\u0000${target}\u0000${method}`;
  const add = (unit: string, target: string, method: string, precision: 'float64' | 'float32', sample: ConvergenceSample): void => {
    const entry = samples.get(key(unit, target, method)) ?? { precision, samples: [] };
    if (precision === 'float32') entry.precision = 'float32';
    entry.samples.push(sample);
    samples.set(key(unit, target, method), entry);
  };

  for (const [ti, target] of spec.targets.entries()) {
    for (const plan of spec.methods) {
      if (plan.name === 'construct') {
        for (const unit of spec.units) {
          log(`construct ${unit.name} on ${target.expression}: ${plan.widths.length} widths`);
          try {
            const rows = await options.sources.construct(unit, target, spec.domain, plan.widths);
            constructions.push({ unit: unit.name, target: target.expression, rows, error: null });
            for (const r of rows) add(unit.name, target.expression, 'construct', 'float64', { n: r.n, params: r.params, seed: 0, rmse: r.rmse });
          } catch (err) {
            if (!(err instanceof UsageError)) throw err;
            constructions.push({ unit: unit.name, target: target.expression, rows: [], error: err.message });
          }
        }
      } else {
        log(`${plan.name} on ${target.expression}: ${spec.units.length} units x ${plan.widths.length} widths x ${plan.seeds.length} seeds`);
        const records = await options.sources.measure({
          units: spec.units, target, domain: spec.domain, plan, resume: options.resume ?? false, log,
          resultsFile: options.resultsDir ? join(options.resultsDir, `results-${plan.name}${spec.targets.length > 1 ? `-${ti + 1}` : ''}.jsonl`) : undefined,
        });
        for (const r of records) {
          runs.push(r);
          add(r.unit, target.expression, plan.name, recordPrecision(r), { n: r.n, params: r.params, seed: r.seed, rmse: r.testRmse });
        }
      }
    }
  }

  const fits: FitRecord[] = [];
  const verdicts: VerdictRow[] = [];
  spec.targets.forEach((target, ti) => {
    for (const plan of spec.methods) {
      spec.units.forEach((unit, ui) => {
        const entry = samples.get(key(unit.name, target.expression, plan.name));
        const fit = fitSlope(entry?.samples ?? [], { precision: entry?.precision ?? 'float64', targetScale: targets[ti].rms });
        fits.push({ unit: unit.name, target: target.expression, method: plan.name, precision: entry?.precision ?? 'float64', widthsRun: plan.widths, fit });
        const prediction = predictions[ui];
        let judgement = judgeSlope(fit, prediction.predictedSlope, spec.tolerance);
        const failedConstruction = plan.name === 'construct' ? constructions.find((c) => c.unit === unit.name && c.target === target.expression)?.error : null;
        if (failedConstruction) judgement = { verdict: 'INCONCLUSIVE', reason: failedConstruction };
        const open = spec.openQuestions.find((q) => (q.unit === undefined || q.unit === unit.name) && (q.method === undefined || q.method === plan.name));
        const w = fit.windowWidths;
        verdicts.push({
          unit: unit.name, target: target.expression, method: plan.name, predictedSlope: prediction.predictedSlope,
          measuredSlope: fit.vsN?.slope ?? null, measuredSlopeVsP: fit.vsP?.slope ?? null, ci: fit.vsN?.ci ?? null,
          window: w.length > 0 ? [w[0], w[w.length - 1]] : null, windowWidths: w.length, tolerance: spec.tolerance,
          verdict: judgement.verdict, reason: judgement.reason, gating: !open, openQuestion: open?.reason ?? null,
        });
      });
    }
  });

  // Baselines share the knots of the spline-initialised (trained) networks, so they are computed at the
  // trained methods' widths; a construct-only spec uses the construction widths.
  const trained = spec.methods.filter((m) => m.name !== 'construct');
  const baselineWidths = [...new Set((trained.length > 0 ? trained : spec.methods).flatMap((m) => m.widths))].sort((a, b) => a - b);
  const baselines: BaselineRecord[] = [];
  for (const target of spec.targets) {
    const ti = spec.targets.indexOf(target);
    for (const kind of spec.baselines) {
      log(`baseline ${kind} spline on ${target.expression}: ${baselineWidths.length} widths`);
      const points = baselineWidths.map((n) => splineBaseline(target, spec.domain, kind, n));
      const fit = fitSlope(points.map((p) => ({ n: p.n, params: p.params, seed: 0, rmse: p.rmse })), { precision: 'float64', targetScale: targets[ti].rms });
      const knownSlope = -(BASELINE_DEGREE[kind] + 1);
      const w = fit.windowWidths;
      baselines.push({
        kind, degree: BASELINE_DEGREE[kind], target: target.expression, knownSlope, points,
        measuredSlope: fit.vsN?.slope ?? null, ci: fit.vsN?.ci ?? null, window: w.length > 0 ? [w[0], w[w.length - 1]] : null,
        verdict: judgeSlope(fit, knownSlope, spec.tolerance).verdict,
      });
    }
  }

  const count = (v: Verdict): number => verdicts.filter((r) => r.verdict === v).length;
  const gatingNotPassed = verdicts.filter((r) => r.gating && (r.verdict === 'FAIL' || (r.verdict === 'INCONCLUSIVE' && !spec.allowInconclusive))).length;
  const report: VerificationReport = {
    tool: { name: 'approx-order', version: TOOL_VERSION },
    spec: {
      name: spec.name, source: spec.source, description: spec.description, domain: [spec.domain[0], spec.domain[1]],
      tolerance: spec.tolerance, allowInconclusive: spec.allowInconclusive, json: spec.raw,
    },
    methods: spec.methods.map((m) => ({
      name: m.name, widths: m.widths, seeds: m.seeds, init: m.init ?? null, dataSize: m.name === 'construct' ? null : m.dataSize,
      maxIterations: m.maxIterations ?? null, note: m.note ?? null,
    })),
    targets,
    predictions,
    constructions,
    runs,
    baselines,
    fits,
    verdicts,
    findings: { gqu: null },
    summary: { total: verdicts.length, pass: count('PASS'), fail: count('FAIL'), inconclusive: count('INCONCLUSIVE'), gatingNotPassed, exitCode: gatingNotPassed > 0 ? 1 : 0 },
    seconds: (Date.now() - started) / 1000,
  };
  const safe = jsonSafe(report);
  return { ...safe, findings: { gqu: gquFinding(safe) } };
}

export type { MethodName };
