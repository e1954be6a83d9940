/**
 * Least-squares line through (ln x_k, ln y_k): ln y = ln A + slope * ln x, float64; x, y > 0, k >= 2 points.
 *
 * Solved by the project's pivoted QR (solveLeastSquares) on the design [1, ln x - mean(ln x)]:
 * centring makes the two columns orthogonal, so R is diagonal and the slope's standard error
 * s / sqrt(Sxx) is read off R without forming normal equations.
 *
 * Examples:  logLogSlope([8, 16, 32], [1e-2, 2.5e-3, 6.25e-4]).slope   // -2
 * See also: observedLocalOrders, fitSlope.
 */
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';

export interface LogLogLine {
  /** d ln y / d ln x */
  readonly slope: number;
  /** ln A at ln x = 0, so y ~ A x^slope */
  readonly intercept: number;
  /** A = exp(intercept), same units as y */
  readonly prefactor: number;
  /** regression standard error of the slope (NaN with fewer than 3 points) */
  readonly slopeStandardError: number;
  /** residual standard deviation in ln y, k - 2 degrees of freedom (NaN with fewer than 3 points) */
  readonly residualStd: number;
  /** coefficient of determination in log-log coordinates */
  readonly rSquared: number;
  /** number of points */
  readonly count: number;
}

export function logLogSlope(xs: readonly number[], ys: readonly number[]): LogLogLine {
  const k = xs.length;
  if (k !== ys.length) throw new Error(`logLogSlope: ${k} abscissae but ${ys.length} values`);
  if (k < 2) throw new Error(`logLogSlope: need at least 2 points, got ${k}`);
  for (let i = 0; i < k; i++) {
    if (!(xs[i] > 0) || !(ys[i] > 0) || !Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      throw new Error(`logLogSlope: point ${i} (${xs[i]}, ${ys[i]}) is not positive and finite`);
    }
  }
  const lx = xs.map(Math.log);
  const ly = Float64Array.from(ys, Math.log);
  const mean = lx.reduce((s, v) => s + v, 0) / k;
  const A = new Float64Array(2 * k);
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    A[i] = 1;
    A[i + k] = lx[i] - mean;
    sxx += (lx[i] - mean) ** 2;
  }
  if (!(sxx > 0)) throw new Error('logLogSlope: all abscissae are equal');
  const { x, residualNorm } = solveLeastSquares(A, k, 2, ly);
  const [centredIntercept, slope] = x;
  const intercept = centredIntercept - slope * mean;
  const meanY = ly.reduce((s, v) => s + v, 0) / k;
  const syy = ly.reduce((s, v) => s + (v - meanY) ** 2, 0);
  const residualStd = k > 2 ? residualNorm / Math.sqrt(k - 2) : Number.NaN;
  return {
    slope,
    intercept,
    prefactor: Math.exp(intercept),
    slopeStandardError: k > 2 ? residualStd / Math.sqrt(sxx) : Number.NaN,
    residualStd,
    rSquared: syy > 0 ? 1 - (residualNorm * residualNorm) / syy : 1,
    count: k,
  };
}
