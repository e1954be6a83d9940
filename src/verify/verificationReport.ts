/**
 * The verification report as a value: what runVerification returns, report.json holds
 * (specs/schemas/report.schema.json), the renderers in src/report print and the library API returns.
 * Types only, so that the stages that build it (runVerification, findings) and the renderers share
 * them without importing one another.
 */
import type { Verdict } from '../fit/slopeVerdict.js';
import type { SlopeFit } from '../fit/fitSlope.js';
import type { FloatPrecision } from '../core/floatPrecision.js';
import type { ConstructionRow, RunRecord } from './runRecord.js';
import type { BaselinePoint } from './splineBaseline.js';
import type { UnitPrediction } from './unitPrediction.js';
import type { SpecJson } from './verificationSpec.js';

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
  readonly precision: FloatPrecision;
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

/** A paragraph the report states about one unit, generated from its structured verdicts. */
export interface Finding {
  readonly unit: string;
  /** section title, e.g. "The GQU finding" */
  readonly title: string;
  readonly text: string;
}

export interface VerificationReport {
  readonly tool: { readonly name: 'approx-order'; readonly version: string };
  readonly spec: {
    readonly name: string;
    readonly source: string;
    readonly description: string;
    readonly domain: [number, number];
    readonly tolerance: number;
    readonly allowInconclusive: boolean;
    readonly json: SpecJson;
  };
  readonly methods: Array<{
    name: string;
    widths: number[];
    seeds: number[];
    init: string | null;
    dataSize: number | null;
    maxIterations: number | null;
    note: string | null;
  }>;
  readonly targets: Array<{ expression: string; rms: number }>;
  readonly predictions: UnitPrediction[];
  readonly constructions: Array<{ unit: string; target: string; rows: ConstructionRow[]; error: string | null }>;
  readonly runs: RunRecord[];
  readonly baselines: BaselineRecord[];
  readonly fits: FitRecord[];
  readonly verdicts: VerdictRow[];
  /** plain-language statements generated from the verdicts (findings.ts) */
  readonly findings: Finding[];
  readonly summary: {
    total: number;
    pass: number;
    fail: number;
    inconclusive: number;
    gatingNotPassed: number;
    exitCode: 0 | 1;
  };
  readonly seconds: number;
}
