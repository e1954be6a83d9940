/**
 * One damped Gauss-Newton (Levenberg-Marquardt) step, float64:
 *   delta = argmin ||J delta + r||^2 + lambda ||S delta||^2,   S = diag(scale),
 * solved as the stacked least-squares problem [J; sqrt(lambda) S] delta = [-r; 0] by the project's
 * pivoted QR (never the normal equations), with the reduction its linear model predicts,
 *   ||r||^2 - ||r + J delta||^2 = -(2 r.(J delta) + ||J delta||^2)   (formed without cancellation),
 * and Nielsen's damping update (H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05):
 * after an accepted step lambda *= max(1/3, 1 - (2 rho - 1)^3) with rho = actual / predicted reduction;
 * after a rejected one lambda *= nu, nu *= 2.
 *
 * Used by variable projection's outer iteration (variableProjection.ts). The `lm` trainer has the same
 * step inline and factors the stacked system once per damping trial; a shared engine that factors J
 * once per iteration and solves every trial from it should replace both (README, "Variable projection").
 *
 * Shapes: J is rows x cols column-major; r has length rows; scale has length cols (> 0).
 */
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';

export interface DampedStep {
  readonly delta: Float64Array;
  /** ||r||^2 - ||r + J delta||^2 */
  readonly predictedReduction: number;
  /** rank of the stacked system */
  readonly rank: number;
}

export function dampedGaussNewtonStep(
  J: Float64Array,
  rows: number,
  cols: number,
  r: Float64Array,
  scale: Float64Array,
  lambda: number,
): DampedStep {
  const stacked = new Float64Array((rows + cols) * cols);
  const rhs = new Float64Array(rows + cols);
  const root = Math.sqrt(lambda);
  for (let j = 0; j < cols; j++) {
    stacked.set(J.subarray(j * rows, (j + 1) * rows), j * (rows + cols));
    stacked[rows + j + j * (rows + cols)] = root * scale[j];
  }
  for (let k = 0; k < rows; k++) rhs[k] = -r[k];
  const solved = solveLeastSquares(stacked, rows + cols, cols, rhs);
  const delta = solved.x;
  let rJd = 0;
  let JdJd = 0;
  for (let k = 0; k < rows; k++) {
    let jd = 0;
    for (let j = 0; j < cols; j++) jd += J[k + j * rows] * delta[j];
    rJd += r[k] * jd;
    JdJd += jd * jd;
  }
  return { delta, predictedReduction: -(2 * rJd + JdJd), rank: solved.rank };
}

/** Nielsen's damping after an accepted step with gain ratio rho. */
export function dampingAfterAcceptedStep(lambda: number, rho: number): number {
  return lambda * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
}
