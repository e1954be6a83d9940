/**
 * The verification report as a value: what runVerification returns, report.json holds
 * (specs/schemas/report.schema.json), the renderers in src/report print and the library API returns.
 * Types only, so that the stages that build it (runVerification, findings) and the renderers share
 * them without importing one another.
 */
import type { Verdict, VerdictCause } from '../fit/orderVerdict.js';
import type { SlopeFit } from '../fit/fitSlope.js';
import type { FloatPrecision } from '../core/floatPrecision.js';
import type { ConstructionRow, RunRecord } from './runRecord.js';
import type { BaselinePoint } from './splineBaseline.js';
import type { UnitPrediction } from './unitPrediction.js';
import type { SpecJson } from './verificationSpec.js';

/** What a verdict row and a baseline show side by side: the window slope, the extrapolated order, the drift, the verdict. */
export interface VerdictNumbers {
  /** the window slope: ln RMSE against ln n over the detected window; null when there is no window */
  readonly measuredSlope: number | null;
  /** 95% CI of measuredSlope */
  readonly ci: [number, number] | null;
  /** [nMin, nMax] of the fit window */
  readonly window: [number, number] | null;
  /** the extrapolated order the verdict judges; null when too few widths or doublings */
  readonly extrapolatedSlope: number | null;
  /** its 95% interval: bracket of the drift still to come + t interval + departure from the pattern */
  readonly extrapolatedCi: [number, number] | null;
  /** drift of the local order per doubling at the largest usable width (s0 - s1) */
  readonly driftPerDoubling: number | null;
  readonly driftCi: [number, number] | null;
  /** local orders averaged over the last three doublings, increasing n */
  readonly localOrdersByDoubling: Array<{ from: number; to: number; order: number }>;
  /** [first, last] width the extrapolation read */
  readonly evidence: [number, number] | null;
  readonly verdict: Verdict;
  /** which rule of the verdict decided (src/fit/orderVerdict.ts) */
  readonly cause: VerdictCause;
  readonly reason: string;
  /** for an INCONCLUSIVE that more widths can settle: about how far to extend them */
  readonly extendTo: number | null;
}

export interface VerdictRow extends VerdictNumbers {
  readonly unit: string;
  readonly target: string;
  readonly method: string;
  readonly predictedSlope: number | null;
  /** window slope against ln P */
  readonly measuredSlopeVsP: number | null;
  readonly windowWidths: number;
  readonly tolerance: number;
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

/** A spline baseline, judged against its known slope the same way as a unit. */
export interface BaselineRecord extends VerdictNumbers {
  readonly kind: string;
  readonly degree: number;
  readonly target: string;
  /** -(k+1) for a degree-k spline */
  readonly knownSlope: number;
  readonly points: BaselinePoint[];
}

/** The methods of a finding, each in exactly one group by its verdicts over the targets. */
export interface FindingGroups {
  /** every verdict PASS */
  readonly reached: string[];
  /** every verdict FAIL */
  readonly notReached: string[];
  /** every verdict INCONCLUSIVE */
  readonly undecided: string[];
  /** different verdicts on different targets */
  readonly mixed: string[];
}

/** A paragraph the report states about one unit, generated from its structured verdicts. */
export interface Finding {
  readonly unit: string;
  /** section title, e.g. "The GQU finding" */
  readonly title: string;
  readonly text: string;
  readonly groups: FindingGroups;
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
    /** units that run a subset of the widths: unit name -> its widths */
    unitWidths: Record<string, number[]>;
    seeds: number[];
    init: string | null;
    dataSize: number | null;
    maxIterations: number | null;
    /** units with their own iteration budget: unit name -> maxIterations */
    unitMaxIterations: Record<string, number>;
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
