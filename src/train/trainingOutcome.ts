/**
 * What every training method returns: the trained parameters, how the run ended, and typed
 * diagnostics (rank, conditioning, float floor, loss history) from which the one-sentence notes of
 * a result record are rendered (renderDiagnostics). Tests and reports read the fields, not the prose.
 */
import type { NetworkParams } from '../network/networkParams.js';

/** lsq: one exact least-squares solve over the frozen-gate column family. */
export interface LinearSolveDiagnostics {
  readonly kind: 'linear-solve';
  /** 'banded': B-spline basis, banded Givens QR; 'dense': column-scaled pivoted Householder QR */
  readonly solver: 'banded' | 'dense';
  /** why the banded solver was not used (null when it was) */
  readonly declined: string | null;
  /** columns of the frozen-gate design and training points */
  readonly columns: number;
  readonly points: number;
  /** rank of the design: the column space's dimension (banded, exact from the knots) or the numerical rank (dense) */
  readonly rank: number;
  /** condition estimate: max |R_kk| / min |R_kk| of the factor that was solved */
  readonly conditionEstimate: number;
  /** the spline view of the banded solve: degree, interior knots, linear constraints, edge and dead neurons (null for dense) */
  readonly spline: {
    readonly degree: number;
    readonly interiorKnots: number;
    readonly constraints: number;
    readonly edgeNeurons: number;
    readonly deadNeurons: number;
    /** max relative deviation of the recovered network from the fitted spline at the check points */
    readonly networkDeviation: number;
    /** spline coefficients the data leave undetermined, fixed by the tie-break (frozenGateSpline/tieBreak.ts) */
    readonly undetermined: number;
  } | null;
  /** the polynomial variable of the dense columns, e.g. "relu(z_i) * {1, x}" (null for banded) */
  readonly span: string | null;
  /** parameter ties and constants the family uses, e.g. ["U = G", "u = g"] */
  readonly ties: readonly string[];
  readonly constants: readonly string[];
  /** knot power a of every column (for the tie sentence) and the free map carrying p_i, if any */
  readonly knotPower: number;
  readonly freeMap: string | null;
}

/** lm: float64 Levenberg-Marquardt. */
export interface LevenbergMarquardtDiagnostics {
  readonly kind: 'levenberg-marquardt';
  readonly parameters: number;
  readonly points: number;
  /** rows of the damped system after cellwise compression (points when not compressed) */
  readonly largestRows: number;
  readonly compressed: boolean;
  readonly acceptedSteps: number;
  readonly dampedSolves: number;
  /** training loss sum of squares at the start and at the end, target units squared */
  readonly startLoss: number;
  readonly finalLoss: number;
  /** training loss after each accepted step (the start first) */
  readonly lossHistory: readonly number[];
  readonly finalDamping: number;
  /** smallest rank of a damped system (parameters when never deficient) */
  readonly worstRank: number;
  /** cells that kept raw rows (projection not exact) */
  readonly rawCells: number;
  readonly projectionTolerance: number;
}

/** adam: TF.js float32 Adam. */
export interface AdamDiagnostics {
  readonly kind: 'adam';
  readonly tfBackend: string;
  readonly epochs: number;
  readonly learningRate: number;
  readonly finalLearningRate: number;
  /** float32 unit roundoff and the RMSE floor it implies, eps32 * max|f| (target units) */
  readonly float32Epsilon: number;
  readonly float32Floor: number;
  /** train RMSE of the start in float64, and after rounding the start to float32 */
  readonly startRmse: number;
  readonly roundedStartRmse: number;
  /** sqrt(MSE) of the last epoch as TF.js computed it, target units */
  readonly finalLossRmse: number;
}

export type TrainingDiagnostics = LinearSolveDiagnostics | LevenbergMarquardtDiagnostics | AdamDiagnostics;

export interface TrainingOutcome {
  readonly params: NetworkParams;
  /** solves (lsq: 1), accepted-or-rejected LM iterations, or Adam epochs */
  readonly iterations: number;
  /** why the method stopped, e.g. "exact solve", "gradient tolerance", "epochs" */
  readonly stopReason: string;
  readonly diagnostics: TrainingDiagnostics;
  /** the diagnostics as one sentence each (renderDiagnostics) */
  readonly notes: string[];
  /** the arithmetic that ran, e.g. "float64-js" or "tfjs-wasm (float32)" */
  readonly backend: string;
  /**
   * The fitted function, when the method has it more cheaply than re-evaluating the network: lsq's
   * banded spline, which fitFrozenGateSpline has already checked against the recovered network at
   * m + 2 points per cell (enough to pin a degree-m piecewise polynomial). RMSEs use it when present.
   */
  readonly fitted?: {
    /** RMSE over the training sample, target units */
    readonly trainRmse: number;
    predict(xs: Float64Array): Float64Array;
  };
}
