/**
 * The RMSE constant C from its exact square C^2 = p/q (rational): exact text, LaTeX and float64 value.
 * The float64 value is checked against the exact square: |value^2 - p/q| <= 4 eps p/q (eps = 2^-52),
 * p/q rounded once (linalg/exactRational).
 */
import { CheckFailedError } from '../core/errors.js';
import type { Fraction } from './exactCheck.js';
import { float64FromRational } from '../linalg/exactRational.js';

export interface RmseConstant {
  /** "1/sqrt(120)" or "sqrt(2/945)" */
  readonly exact: string;
  readonly latex: string;
  /** C^2 as "p/q" */
  readonly squared: string;
  readonly value: number;
}

export function rmseConstantFromSquare(square: Fraction): RmseConstant {
  // numerator and denominator as BigInt text: at degree 12 the denominator exceeds 2^53
  const p = square.n;
  const q = square.d;
  if (square.s < 0n || p === 0n)
    throw new CheckFailedError('RMSE constant', `C^2 = ${square.toFraction()} is not positive`);
  const exact = p === 1n ? `1/sqrt(${q})` : `sqrt(${p}/${q})`;
  const latex = p === 1n ? `\\frac{1}{\\sqrt{${q}}}` : `\\sqrt{\\frac{${p}}{${q}}}`;
  // p/q rounded once (for p, q < 2^53 the same float64 as p / q)
  const target = float64FromRational(square);
  const value = p === 1n ? 1 / Math.sqrt(Number(q)) : Math.sqrt(target);
  if (!(Math.abs(value * value - target) <= 4 * Number.EPSILON * target)) {
    throw new CheckFailedError(
      'RMSE constant',
      `float64 value ${value} squared is not ${square.toFraction()} within 4 eps`,
    );
  }
  return { exact, latex, squared: square.toFraction(), value };
}
