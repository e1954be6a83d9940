/**
 * What one Levenberg-Marquardt iteration needs from a linearisation of the residual r(theta) at the
 * current parameters, whichever way it is computed (structuredDampedStep.ts: O(n) per damping value for
 * relu gates; denseDampedStep.ts: one bidiagonalisation of the row-compressed N x P Jacobian, the check
 * and the path for smooth gates).
 */
import type { ParameterScaling } from './parameterScaling.js';

export interface DampedStep {
  /** the step in raw parameters, flat layout */
  readonly delta: Float64Array;
  /** ||y||^2, the squared norm of the step in the damping coordinates (delta_i = C_i y_i) */
  readonly scaledNorm2: number;
  /** ||r||^2 - ||r + J delta||^2: the loss reduction the linear model predicts */
  readonly predicted: number;
}

export interface Linearisation {
  /** rows of the compressed least-squares problem the steps are solved from */
  readonly rows: number;
  /** J^T r, raw flat coordinates */
  readonly gradient: Float64Array;
  /** ||J_j||, raw flat coordinates (the stop test's cosines; Moré's scaling) */
  readonly columnNorms: Float64Array;
  /** fixes the damping coordinates (factorises once); the result gives the step for any lambda > 0 */
  damped(scaling: ParameterScaling): (lambda: number) => DampedStep;
}
