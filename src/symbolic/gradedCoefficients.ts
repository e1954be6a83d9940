/**
 * Orders in h, computed exactly and independently of the CAS: with the scaled variables (the cell
 * width h and the local coordinate x, both O(h)) multiplied by lambda, F becomes a polynomial in
 * lambda; its coefficient of lambda^k is the part of F of order h^k. We evaluate F exactly at
 * lambda = 1 .. D+1 and interpolate, then confirm the degree bound D at one more lambda.
 */
import { CheckFailedError } from '../core/errors.js';
import { fraction, type ExactScope, type Fraction } from './exactCheck.js';
import { evaluatePolynomial, polynomialThroughPoints } from '../linalg/rationalLinearAlgebra.js';

export function gradedCoefficients(
  step: string,
  evaluate: (scope: ExactScope) => Fraction,
  scope: ExactScope,
  scaled: readonly string[],
  maxDegree: number,
): Fraction[] {
  const at = (lambda: Fraction): Fraction => {
    const s: ExactScope = { ...scope };
    for (const v of scaled) s[v] = scope[v].mul(lambda);
    return evaluate(s);
  };
  const lambdas = Array.from({ length: maxDegree + 1 }, (_, k) => fraction(k + 1));
  const coefficients = polynomialThroughPoints(lambdas, lambdas.map(at), step);
  const probe = fraction(maxDegree + 2, 3);
  if (!evaluatePolynomial(coefficients, probe).equals(at(probe))) {
    throw new CheckFailedError(step, `not a polynomial of degree <= ${maxDegree} in the scale of ${scaled.join(', ')}`);
  }
  return coefficients;
}
