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
  /** rows of the least-squares problem the steps were solved from (structured: polynomial coefficients over cells) */
  readonly largestRows: number;
  readonly compressed: boolean;
  /** how each step was solved: 'structured' band solve (relu gates) or 'dense' bidiagonalisation */
  readonly linearAlgebra: 'structured' | 'dense';
  /** damping coordinates: 'identity' (normalised input) or Moré's 'more' */
  readonly damping: 'identity' | 'more';
  readonly acceptedSteps: number;
  readonly dampedSolves: number;
  /** training loss sum of squares at the start and at the end, target units squared */
  readonly startLoss: number;
  readonly finalLoss: number;
  /** training loss after each accepted step (the start first) */
  readonly lossHistory: readonly number[];
  readonly finalDamping: number;
  /** cells that kept raw rows (projection not exact) */
  readonly rawCells: number;
  readonly projectionTolerance: number;
  /** largest relative defect of a compressed cell (dense path; 0 when none or exact) */
  readonly worstProjectionDefect: number;
  /** accepted linear re-solves (the parameters the network is linear in, after an accepted step) */
  readonly linearResolves: number;
  /** max_j |J_j^T r| / (||J_j|| ||r||) at the last linearisation (the gradient-tolerance test) */
  readonly finalGradientCosine: number;
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

/** One stage of paper-newton: its Newton solve and line search. Losses are mean squares, target units squared. */
export interface PaperNewtonStage {
  /** 'D' (output weights and bias) or a map's upper-case letter */
  readonly stage: string;
  readonly parameters: number;
  /** parameters kept after the zero-row test */
  readonly kept: number;
  /** 2-norm condition number of the Jacobi-scaled Hessian (Infinity when singular: null in JSON) */
  readonly condition: number;
  /** condition above the threshold: solved by the eps-cut pseudo-inverse */
  readonly pseudoInverse: boolean;
  /** eigenvalues used by the solve */
  readonly rank: number;
  /** the Newton direction was not a descent direction; -gradient was used */
  readonly steepestDescent: boolean;
  /** accepted step length t (0: no decrease found) */
  readonly step: number;
  readonly evaluations: number;
  /** both strong Wolfe conditions hold at t */
  readonly strongWolfe: boolean;
  readonly lossBefore: number;
  readonly lossAfter: number;
}

/** paper-newton: the reference optimizer's staged Newton steps. */
export interface PaperNewtonDiagnostics {
  readonly kind: 'paper-newton';
  readonly parameters: number;
  readonly points: number;
  readonly passes: number;
  readonly stages: readonly PaperNewtonStage[];
  /** mean squared training error at the start and at the end, target units squared */
  readonly startLoss: number;
  readonly finalLoss: number;
  readonly compressed: boolean;
  /** cells that kept raw rows (projection not exact) */
  readonly rawCells: number;
  readonly projectionTolerance: number;
  /** condition number above which the pseudo-inverse is used */
  readonly conditionThreshold: number;
  readonly lineSearch: { readonly c1: number; readonly c2: number; readonly maxEvaluations: number };
}

/** varpro: variable projection, knots moved by Levenberg-Marquardt on the projected loss. */
export interface VariableProjectionDiagnostics {
  readonly kind: 'variable-projection';
  /** nonlinear parameters (knots) and linear ones (the frozen-gate family's coefficients) */
  readonly knots: number;
  readonly linearParameters: number;
  readonly points: number;
  /** training loss sum of squares at the start (lsq at the starting gates) and at the end, target units squared */
  readonly startLoss: number;
  readonly finalLoss: number;
  /** training loss after each accepted step (the start first) */
  readonly lossHistory: readonly number[];
  readonly acceptedSteps: number;
  /** exact inner solves at trial knots (one per damping trial) */
  readonly innerSolves: number;
  /** inner solves that fell back from the banded spline solver to dense QR of the compressed design */
  readonly denseInnerSolves: number;
  readonly finalDamping: number;
  /** largest compressed row count of the projected Jacobian, and its smallest column-space rank */
  readonly largestRows: number;
  readonly worstLinearRank: number;
  /** largest knot move of the run, in units of the mean knot spacing (b - a) / n */
  readonly largestKnotMove: number;
  /** the frozen-gate family's ties and constants, knot power and free map (as lsq's) */
  readonly ties: readonly string[];
  readonly constants: readonly string[];
  readonly knotPower: number;
  readonly freeMap: string | null;
}

export type TrainingDiagnostics =
  | LinearSolveDiagnostics
  | LevenbergMarquardtDiagnostics
  | AdamDiagnostics
  | PaperNewtonDiagnostics
  | VariableProjectionDiagnostics;

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
