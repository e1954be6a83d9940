/** What every training method returns: the trained parameters and how the run ended. */
import type { NetworkParams } from '../network/networkParams.js';

export interface TrainingOutcome {
  readonly params: NetworkParams;
  /** solves (lsq: 1), accepted-or-rejected LM iterations, or Adam epochs */
  readonly iterations: number;
  /** why the method stopped, e.g. "exact solve", "gradient tolerance", "epochs" */
  readonly stopReason: string;
  /** rank, conditioning, ties, precision caveats: one sentence each */
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
