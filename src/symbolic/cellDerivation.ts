/**
 * Truncation error of one cell construction, derived with the CAS and re-checked exactly.
 * Units: local coordinate x in [0, h], h the cell width; f_k = f^(k)(t_i), the target's Taylor
 * coefficients at the cell's left knot. Result: tau(x) = f(x) - p(x) = f_{m+1} w(x, h) + O(h^(m+2))
 * and (1/h) int_0^h tau^2 dx = C^2 f_{m+1}^2 h^(2m+2) with C^2 rational (exact).
 *
 * Every CAS output is checked before use (exactCheck, rational points, seeded): the Taylor data at
 * the knots, the solved coefficients against the conditions, tau = f - p, the cancellation of
 * the orders below m+1, the factored leading term, the integral and the constant.
 */
import { CheckFailedError } from '../core/errors.js';
import { casCoefficients, casDefiniteIntegral, casDerivative, casExpand, casSubstitute } from './cas.js';
import type { CellCondition, CellConditionConstruction } from './constructions.js';
import {
  checkEqualAt,
  checkIdentity,
  evaluateExact,
  fraction,
  randomScope,
  stepSeed,
  DEFAULT_CHECK_POINTS,
  type ExactScope,
  type Fraction,
} from './exactCheck.js';
import { gradedCoefficients } from './gradedCoefficients.js';
import {
  integrateOverUnitInterval,
  invertRationalMatrix,
  multiplyPolynomials,
  polynomialThroughPoints,
} from '../linalg/rationalLinearAlgebra.js';
import { seededRandom } from '../core/seededRandom.js';
import { linearFactorisation, type LinearFactorisation } from './linearFactorisation.js';

export function factorial(k: number): number {
  let p = 1;
  for (let i = 2; i <= k; i++) p *= i;
  return p;
}

/** Taylor polynomial of the target at the left knot through f_K, as text: f0 + f1*x + (1/2)*f2*x^2 + ... */
export function taylorPolynomial(highest: number, variable = 'x'): string {
  return Array.from({ length: highest + 1 }, (_, k) =>
    k === 0 ? 'f0' : `(1/${factorial(k)})*f${k}*${variable}^${k}`,
  ).join(' + ');
}

export function taylorVariables(highest: number): string[] {
  return Array.from({ length: highest + 1 }, (_, k) => `f${k}`);
}

/** The k-th derivative of the Taylor polynomial (through f_K) at x = point * h, computed directly with Fractions. */
export function taylorDerivativeExact(
  scope: ExactScope,
  highest: number,
  derivative: number,
  point: Fraction,
): Fraction {
  let sum = fraction(0);
  const y = point.mul(scope.h);
  for (let j = derivative; j <= highest; j++)
    sum = sum.add(scope[`f${j}`].mul(y.pow(j - derivative)).div(factorial(j - derivative)));
  return sum;
}

export interface CheckRecord {
  readonly step: string;
  /** how it was checked, for the proof's audit list */
  readonly how: string;
}

export interface SolvedCondition extends CellCondition {
  /** CAS value of the condition's right-hand side, expanded in h and f_k */
  readonly value: string;
}

/** What steps 3-7 derive from a cell polynomial, whatever fixed it (conditions or a stencil). */
export interface ResidualAnalysis {
  readonly residual: string;
  /** coefficients of lambda^k in tau(lambda x, lambda h), k = 0..K */
  readonly residualOrders: readonly string[];
  readonly leadingTerm: string;
  readonly leadingFactorisation: LinearFactorisation;
  /** w(s), s = x/h: the leading term is f_{m+1} h^(m+1) w(x/h); ascending exact coefficients */
  readonly leadingPolynomial: readonly Fraction[];
  readonly integral: string;
  /** C^2 = int_0^h w^2 dx / h^(2m+3) (exact) */
  readonly constantSquared: Fraction;
}

export interface CellDerivation extends ResidualAnalysis {
  readonly construction: CellConditionConstruction;
  readonly taylorHighest: number;
  readonly taylor: string;
  readonly conditions: readonly SolvedCondition[];
  /** the rational matrix of the scaled system: row i, column j acts on b_j = a_j h^j */
  readonly scaledMatrix: readonly (readonly Fraction[])[];
  /** a_0..a_m */
  readonly coefficients: readonly string[];
  readonly checks: readonly CheckRecord[];
}

export const POINTS_NOTE = `exact rational arithmetic at ${DEFAULT_CHECK_POINTS} seeded random rational points`;

/** Value of the condition's data: f^(k)(point) or its smooth mode f^(k) - h^2 f^(k+2)/12, from the CAS. */
function conditionValue(condition: CellCondition, taylor: string): string {
  const point = condition.at === 0 ? '0' : 'h';
  const value = casSubstitute(casDerivative(taylor, 'x', condition.derivative), 'x', point);
  if (!condition.smoothMode) return value;
  const correction = casSubstitute(casDerivative(taylor, 'x', condition.derivative + 2), 'x', point);
  return casExpand(`${value} - (1/12)*h^2*(${correction})`);
}

function conditionValueExact(condition: CellCondition, scope: ExactScope, highest: number): Fraction {
  const point = fraction(condition.at);
  const value = taylorDerivativeExact(scope, highest, condition.derivative, point);
  if (!condition.smoothMode) return value;
  return value.sub(
    scope.h
      .pow(2)
      .mul(taylorDerivativeExact(scope, highest, condition.derivative + 2, point))
      .div(12),
  );
}

/** The condition applied to x^j at x = at*h, divided by h^(j-k): j!/(j-k)! at^(j-k). */
function scaledConditionEntry(condition: CellCondition, j: number): Fraction {
  const k = condition.derivative;
  if (j < k) return fraction(0);
  const falling = factorial(j) / factorial(j - k);
  return fraction(falling).mul(fraction(condition.at).pow(j - k));
}

export function deriveCell(construction: CellConditionConstruction): CellDerivation {
  const m = construction.degree;
  const K = m + 2;
  const variables = ['x', 'h', ...taylorVariables(K)];
  const checks: CheckRecord[] = [];
  const taylor = taylorPolynomial(K);

  // 1. Data at the knots.
  const conditions: SolvedCondition[] = construction.conditions.map((c) => ({
    ...c,
    value: conditionValue(c, taylor),
  }));
  conditions.forEach((c, i) => {
    const step = `Taylor data of condition ${i + 1} (p^(${c.derivative}) at x = ${c.at === 0 ? '0' : 'h'})`;
    checkEqualAt(
      step,
      variables,
      (s) => evaluateExact(c.value, s, step),
      (s) => conditionValueExact(c, s, K),
    );
  });
  checks.push({
    step: 'Taylor data at the knots',
    how: `CAS derivatives of the Taylor polynomial vs the direct sum, ${POINTS_NOTE}`,
  });

  // 2. Solve exactly. With a_j = b_j / h^j and row i multiplied by h^(k_i), the system is rational.
  const scaledMatrix = conditions.map((c) => Array.from({ length: m + 1 }, (_, j) => scaledConditionEntry(c, j)));
  if (scaledMatrix.length !== m + 1)
    throw new CheckFailedError('cell conditions', `${scaledMatrix.length} conditions for ${m + 1} coefficients`);
  const inverse = invertRationalMatrix(scaledMatrix, 'cell conditions');
  const coefficients = Array.from({ length: m + 1 }, (_, j) => {
    const b = conditions.map((c, i) => `(${inverse[j][i].toFraction()})*h^${c.derivative}*(${c.value})`).join(' + ');
    return casExpand(`(${b})/h^${j}`);
  });
  conditions.forEach((c, i) => {
    const step = `solved coefficients satisfy condition ${i + 1}`;
    checkEqualAt(
      step,
      variables,
      (s) => {
        const y = fraction(c.at).mul(s.h);
        return coefficients.reduce(
          (sum, a, j) =>
            j < c.derivative
              ? sum
              : sum.add(
                  evaluateExact(a, s, step)
                    .mul(factorial(j) / factorial(j - c.derivative))
                    .mul(y.pow(j - c.derivative)),
                ),
          fraction(0),
        );
      },
      (s) => evaluateExact(c.value, s, step),
    );
  });
  checks.push({
    step: 'solved cell coefficients',
    how: `each condition re-evaluated on p(x) = sum a_j x^j, ${POINTS_NOTE}`,
  });

  const analysis = analyseResidual(m, taylor, coefficients, variables, checks);
  return { construction, taylorHighest: K, taylor, conditions, scaledMatrix, coefficients, ...analysis, checks };
}

/**
 * Steps 3-7 for a cell polynomial p(x) = sum a_j x^j given by CAS strings in x, h, f_0..f_(m+2):
 * tau = f - p, its orders in h (h^0..h^m must vanish), the leading term f_(m+1) w(x, h) and its
 * factored form, the integral of its square and C^2. Appends its checks to `checks`.
 */
export function analyseResidual(
  m: number,
  taylor: string,
  coefficients: readonly string[],
  variables: readonly string[],
  checks: CheckRecord[],
): ResidualAnalysis {
  const K = m + 2;
  const fk = `f${m + 1}`;
  // 3. Residual tau = f - p.
  const p = coefficients.map((a, j) => `(${a})*x^${j}`).join(' + ');
  const residual = casExpand(`${taylor} - (${p})`);
  checkEqualAt(
    'residual tau = f - p',
    variables,
    (s) => evaluateExact(residual, s),
    (s) =>
      evaluateExact(taylor, s).sub(
        coefficients.reduce((sum, a, j) => sum.add(evaluateExact(a, s).mul(s.x.pow(j))), fraction(0)),
      ),
  );
  checks.push({ step: 'residual tau = f - p', how: `Taylor polynomial minus sum a_j x^j, ${POINTS_NOTE}` });

  // 4. Orders in h: x and h scale together (x lies in [0, h]).
  const scaled = casExpand(casSubstitute(casSubstitute(residual, 'x', 'lam*x'), 'h', 'lam*h'));
  const residualOrders = casCoefficients(scaled, 'lam');
  while (residualOrders.length <= K) residualOrders.push('0');
  for (let k = 0; k <= m; k++) {
    if (residualOrders[k] !== '0')
      throw new CheckFailedError('lower orders cancel', `the CAS gives a nonzero h^${k} part: ${residualOrders[k]}`);
  }
  const leadingTerm = residualOrders[m + 1];
  {
    const step = 'lower orders cancel';
    const rng = seededRandom(stepSeed(step));
    for (let p2 = 0; p2 < DEFAULT_CHECK_POINTS; p2++) {
      const scope = randomScope(variables, rng);
      const orders = gradedCoefficients(step, (s) => evaluateExact(residual, s, step), scope, ['x', 'h'], K);
      for (let k = 0; k <= m; k++) {
        if (!orders[k].equals(0))
          throw new CheckFailedError(
            step,
            `the h^${k} part of tau is ${orders[k].toFraction()} at a random point, not 0`,
          );
      }
      if (!orders[m + 1].equals(evaluateExact(leadingTerm, scope, step))) {
        throw new CheckFailedError('leading term of tau', `the h^${m + 1} part differs from the CAS's ${leadingTerm}`);
      }
    }
  }
  checks.push({
    step: `orders h^0..h^${m} of tau vanish; h^${m + 1} part is the leading term`,
    how: `exact interpolation in the common scale lambda of (x, h), ${POINTS_NOTE}`,
  });

  // 5. The leading term is f_{m+1} times a fixed polynomial w(x, h), homogeneous of degree m+1.
  const w = polynomialThroughPoints(
    Array.from({ length: m + 2 }, (_, i) => fraction(i)),
    Array.from({ length: m + 2 }, (_, i) =>
      evaluateExact(
        leadingTerm,
        { x: fraction(i), h: fraction(1), [fk]: fraction(1), ...zeroOthers(K, m + 1) },
        'leading term',
      ),
    ),
    'leading term',
  );
  checkEqualAt(
    'leading term is f_{m+1} w(x, h)',
    variables,
    (s) => evaluateExact(leadingTerm, s),
    (s) => w.reduce((sum, c, j) => sum.add(c.mul(s.x.pow(j)).mul(s.h.pow(m + 1 - j))), fraction(0)).mul(s[fk]),
  );
  const leadingFactorisation = linearFactorisation(w);
  checkIdentity('factored leading term', leadingTerm, `${fk}*(${leadingFactorisation.plain})`, variables);
  checks.push({
    step: 'leading term and its factored form',
    how: `homogeneity and factorisation re-evaluated, ${POINTS_NOTE}`,
  });

  // 6. Integral of the leading term squared (expand before integrate).
  const integral = casDefiniteIntegral(`(${leadingTerm})^2`, 'x', '0', 'h');
  const constantSquared = integrateOverUnitInterval(multiplyPolynomials(w, w));
  checkIdentity(
    'integral of tau^2 over the cell',
    integral,
    `(${constantSquared.toFraction()})*${fk}^2*h^${2 * m + 3}`,
    variables,
  );
  checks.push({
    step: 'integral of tau^2 over the cell',
    how: `CAS definite integral vs exact integration of w(s)^2 over [0, 1] (own rational polynomial arithmetic) times h^${2 * m + 3}, ${POINTS_NOTE}`,
  });

  // 7. Mean square over the cell.
  const meanSquare = casExpand(`(${integral})/h`);
  checkIdentity('cell mean square', meanSquare, `(${constantSquared.toFraction()})*${fk}^2*h^${2 * m + 2}`, variables);
  checks.push({ step: 'cell mean square (1/h) int tau^2 = C^2 f_{m+1}^2 h^(2m+2)', how: POINTS_NOTE });

  return {
    residual,
    residualOrders,
    leadingTerm,
    leadingFactorisation,
    leadingPolynomial: w,
    integral,
    constantSquared,
  };
}
function zeroOthers(K: number, keep: number): ExactScope {
  const scope: ExactScope = {};
  for (let k = 0; k <= K; k++) if (k !== keep) scope[`f${k}`] = fraction(0);
  return scope;
}
