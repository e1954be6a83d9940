/**
 * The lemmas behind the two constructions whose knot data are not the target's own derivatives:
 * - slope recurrence (C1 quadratic): s_{i+1} = 2 (f_{i+1} - f_i)/h - s_i maps the smooth mode
 *   s(t) = f'(t) - h^2 f'''(t)/12 at t_i to the smooth mode at t_{i+1} up to O(h^4);
 * - moment equations (C2 cubic): M(t) = f''(t) - h^2 f''''(t)/12 satisfies
 *   M_{i-1} + 4 M_i + M_{i+1} = 6 (f_{i-1} - 2 f_i + f_{i+1})/h^2 up to O(h^4).
 * Both are identities between Taylor expansions at t_i (h the knot spacing, f_k = f^(k)(t_i));
 * the CAS expands them and the exact checker confirms the vanishing orders independently.
 */
import { CheckFailedError } from '../core/errors.js';
import { seededRandom } from '../core/seededRandom.js';
import { casCoefficients, casDerivative, casExpand, casSubstitute } from './cas.js';
import type { CellLemma } from './constructions.js';
import { taylorDerivativeExact, taylorPolynomial, taylorVariables, type CheckRecord } from './cellDerivation.js';
import {
  checkEqualAt,
  evaluateExact,
  fraction,
  randomScope,
  stepSeed,
  DEFAULT_CHECK_POINTS,
  type ExactScope,
  type Fraction,
} from './exactCheck.js';
import { gradedCoefficients } from './gradedCoefficients.js';

export interface LemmaResult {
  readonly kind: Exclude<CellLemma, null>;
  /** the defect (residual of the recurrence or equation), expanded, as a polynomial in h */
  readonly defect: string;
  /** coefficients of h^k in the defect, k = 0..highest */
  readonly defectOrders: readonly string[];
  /** the first order that does not vanish */
  readonly defectOrder: number;
  readonly checks: readonly CheckRecord[];
}

const VANISHING_THROUGH = 3;

function smoothModeAt(taylor: string, derivative: number, point: string): string {
  const value = casSubstitute(casDerivative(taylor, 'x', derivative), 'x', point);
  const correction = casSubstitute(casDerivative(taylor, 'x', derivative + 2), 'x', point);
  return casExpand(`${value} - (1/12)*h^2*(${correction})`);
}

function smoothModeExact(scope: ExactScope, highest: number, derivative: number, point: number): Fraction {
  const at = fraction(point);
  return taylorDerivativeExact(scope, highest, derivative, at).sub(
    scope.h
      .pow(2)
      .mul(taylorDerivativeExact(scope, highest, derivative + 2, at))
      .div(12),
  );
}

export function deriveLemma(kind: Exclude<CellLemma, null>): LemmaResult {
  const highest = kind === 'slopeRecurrence' ? 5 : 7;
  const taylor = taylorPolynomial(highest);
  const variables = ['h', ...taylorVariables(highest)];
  const valueAt = (point: string) => casSubstitute(taylor, 'x', point);
  let defect: string;
  let exact: (s: ExactScope) => Fraction;
  if (kind === 'slopeRecurrence') {
    defect = casExpand(
      `2*((${valueAt('h')}) - (${valueAt('0')}))/h - (${smoothModeAt(taylor, 1, '0')}) - (${smoothModeAt(taylor, 1, 'h')})`,
    );
    exact = (s) =>
      taylorDerivativeExact(s, highest, 0, fraction(1))
        .sub(s.f0)
        .mul(2)
        .div(s.h)
        .sub(smoothModeExact(s, highest, 1, 0))
        .sub(smoothModeExact(s, highest, 1, 1));
  } else {
    const moments = ['-h', '0', 'h'].map((p) => smoothModeAt(taylor, 2, p));
    defect = casExpand(
      `(${moments[0]}) + 4*(${moments[1]}) + (${moments[2]}) - 6*((${valueAt('-h')}) - 2*(${valueAt('0')}) + (${valueAt('h')}))/h^2`,
    );
    exact = (s) =>
      smoothModeExact(s, highest, 2, -1)
        .add(smoothModeExact(s, highest, 2, 0).mul(4))
        .add(smoothModeExact(s, highest, 2, 1))
        .sub(
          taylorDerivativeExact(s, highest, 0, fraction(-1))
            .sub(s.f0.mul(2))
            .add(taylorDerivativeExact(s, highest, 0, fraction(1)))
            .mul(6)
            .div(s.h.pow(2)),
        );
  }
  const step =
    kind === 'slopeRecurrence'
      ? 'slope recurrence preserves the smooth mode'
      : 'moment equations hold for the smooth mode';
  checkEqualAt(`${step} (expansion)`, variables, (s) => evaluateExact(defect, s), exact);
  const defectOrders = casCoefficients(defect, 'h');
  while (defectOrders.length <= highest) defectOrders.push('0');
  for (let k = 0; k <= VANISHING_THROUGH; k++) {
    if (defectOrders[k] !== '0')
      throw new CheckFailedError(step, `the CAS gives a nonzero h^${k} term: ${defectOrders[k]}`);
  }
  const rng = seededRandom(stepSeed(step));
  for (let p = 0; p < DEFAULT_CHECK_POINTS; p++) {
    const scope = randomScope(variables, rng);
    const orders = gradedCoefficients(step, exact, scope, ['h'], highest);
    orders.forEach((c, k) => {
      if (!c.equals(evaluateExact(defectOrders[k], scope, step).mul(scope.h.pow(k)))) {
        throw new CheckFailedError(step, `the h^${k} term differs from the CAS's ${defectOrders[k]}`);
      }
    });
  }
  const defectOrder = defectOrders.findIndex((c) => c !== '0');
  return {
    kind,
    defect,
    defectOrders,
    defectOrder,
    checks: [
      {
        step,
        how: `defect expanded by the CAS vs exact direct evaluation, and its h^k terms by exact interpolation in h, ${DEFAULT_CHECK_POINTS} seeded random rational points`,
      },
    ],
  };
}
