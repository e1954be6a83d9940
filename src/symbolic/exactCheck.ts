/**
 * Exact rational evaluation (mathjs with number: 'Fraction') at seeded random rational points: the
 * independent witness for every identity the computer algebra produces. Equality is exact, no
 * tolerance; a mismatch throws CheckFailedError naming the step, so nothing unchecked is printed.
 *
 * Why random points suffice: both sides are polynomials (or Laurent polynomials) of low degree in a
 * handful of variables; a nonzero difference vanishes at a random rational point with probability
 * at most degree / (size of the sample set) per point (Schwartz-Zippel), and we use several points.
 *
 * Examples:  checkIdentity('expand', '(x+1)^2', 'x^2+2*x+1', ['x'])   // passes
 *            checkIdentity('bad', '(x+1)^2', 'x^2+1', ['x'])          // throws CheckFailedError
 * See also: gradedCoefficients (orders in h), rationalLinearAlgebra.
 */
import { create, all, type MathJsInstance, type Fraction, type EvalFunction } from 'mathjs';
import { seededRandom, type SeededRandom } from '../core/seededRandom.js';
import { CheckFailedError } from '../core/errors.js';
import { fnv1a } from '../core/fnv1a.js';

// Created on first use: a full mathjs instance costs ~0.15 s, which every CLI start would pay otherwise.
let exactInstance: MathJsInstance | null = null;
export function exactMath(): MathJsInstance {
  exactInstance ??= create(all, { number: 'Fraction' });
  return exactInstance;
}
export type ExactScope = Record<string, Fraction>;
export type { Fraction };

const compiled = new Map<string, EvalFunction>();

export function fraction(numerator: number, denominator = 1): Fraction {
  return exactMath().fraction(numerator, denominator) as Fraction;
}

/** Evaluate an expression string exactly; throws CheckFailedError(step) if the value is not rational. */
export function evaluateExact(expression: string, scope: ExactScope, step = 'exact evaluation'): Fraction {
  let code = compiled.get(expression);
  if (!code) {
    try {
      code = exactMath().compile(expression);
    } catch (err) {
      throw new CheckFailedError(step, `cannot parse "${expression}" (${(err as Error).message})`);
    }
    compiled.set(expression, code);
  }
  let value: unknown;
  try {
    value = code.evaluate({ ...scope });
  } catch (err) {
    throw new CheckFailedError(step, `cannot evaluate "${expression}" exactly (${(err as Error).message})`);
  }
  if (exactMath().typeOf(value) !== 'Fraction') {
    throw new CheckFailedError(step, `"${expression}" did not evaluate to a rational number`);
  }
  return value as Fraction;
}

/** A nonzero rational with numerator in [-97, 97] and denominator in [1, 29]: small, but far from degenerate. */
export function randomRational(rng: SeededRandom): Fraction {
  const numerator = 1 + Math.floor(rng.uniform() * 97);
  const denominator = 1 + Math.floor(rng.uniform() * 29);
  return fraction(rng.uniform() < 0.5 ? -numerator : numerator, denominator);
}

export function randomScope(variables: readonly string[], rng: SeededRandom): ExactScope {
  const scope: ExactScope = {};
  for (const v of variables) scope[v] = randomRational(rng);
  return scope;
}

/** A seed that differs per step (so steps do not share points) but is fixed, so proofs are reproducible. */
export function stepSeed(step: string): number {
  return fnv1a(step);
}

export interface CheckOptions {
  /** how many random points (default 8) */
  readonly points?: number;
  readonly seed?: number;
}

export const DEFAULT_CHECK_POINTS = 8;

function describeScope(scope: ExactScope): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${v.toFraction()}`)
    .join(', ');
}

/** Check lhs(scope) == rhs(scope) exactly at random rational points; both sides are computed by the caller. */
export function checkEqualAt(
  step: string,
  variables: readonly string[],
  lhs: (scope: ExactScope) => Fraction,
  rhs: (scope: ExactScope) => Fraction,
  options: CheckOptions = {},
): void {
  const rng = seededRandom(options.seed ?? stepSeed(step));
  const points = options.points ?? DEFAULT_CHECK_POINTS;
  for (let p = 0; p < points; p++) {
    const scope = randomScope(variables, rng);
    const left = lhs(scope);
    const right = rhs(scope);
    if (!left.equals(right)) {
      throw new CheckFailedError(
        step,
        `the two sides differ at ${describeScope(scope)}: ${left.toFraction()} vs ${right.toFraction()}`,
      );
    }
  }
}

/** Check that two expression strings are the same rational function of `variables`. */
export function checkIdentity(
  step: string,
  lhs: string,
  rhs: string,
  variables: readonly string[],
  options: CheckOptions = {},
): void {
  checkEqualAt(
    step,
    variables,
    (s) => evaluateExact(lhs, s, step),
    (s) => evaluateExact(rhs, s, step),
    options,
  );
}
