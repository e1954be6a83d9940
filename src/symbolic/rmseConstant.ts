/**
 * The RMSE constant C from its exact square C^2 = p/q (rational): exact text, LaTeX and float64 value.
 * The float64 value is checked against the exact square: |value^2 - p/q| <= 4 eps p/q (eps = 2^-52).
 */
import { CheckFailedError } from '../core/errors.js';
import type { Fraction } from './exactCheck.js';

export interface RmseConstant {
  /** "1/sqrt(120)" or "sqrt(2/945)" */
  readonly exact: string;
  readonly latex: string;
  /** C^2 as "p/q" */
  readonly squared: string;
  readonly value: number;
}

export function rmseConstantFromSquare(square: Fraction): RmseConstant {
  const p = Number(square.n);
  const q = Number(square.d);
  if (square.s < 0n || p === 0)
    throw new CheckFailedError('RMSE constant', `C^2 = ${square.toFraction()} is not positive`);
  const exact = p === 1 ? `1/sqrt(${q})` : `sqrt(${p}/${q})`;
  const latex = p === 1 ? `\\frac{1}{\\sqrt{${q}}}` : `\\sqrt{\\frac{${p}}{${q}}}`;
  const value = p === 1 ? 1 / Math.sqrt(q) : Math.sqrt(p / q);
  const target = p / q;
  if (!(Math.abs(value * value - target) <= 4 * Number.EPSILON * target)) {
    throw new CheckFailedError(
      'RMSE constant',
      `float64 value ${value} squared is not ${square.toFraction()} within 4 eps`,
    );
  }
  return { exact, latex, squared: square.toFraction(), value };
}
