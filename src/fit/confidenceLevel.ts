/**
 * The interval level of every confidence interval in src/fit (two-sided 95%), and the Student t
 * factor that turns a standard error with `dof` residual degrees of freedom into its half-width.
 *
 * Examples:  tHalfWidthFactor(10)   // 2.228138851986... = t_(0.975, 10)
 */
import { studentTQuantile } from './studentTQuantile.js';

export const CONFIDENCE = 0.95;

/** t_(1 - (1 - confidence)/2, dof), dof > 0. */
export function tHalfWidthFactor(dof: number, confidence: number = CONFIDENCE): number {
  return studentTQuantile(1 - (1 - confidence) / 2, dof);
}
