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
import { numberMath } from '../core/numberMath.js';
import type { MathNode } from 'mathjs/number';

// Created on first use: a full mathjs instance costs ~0.15 s, which every CLI start would pay otherwise.
let exactInstance: MathJsInstance | null = null;
export function exactMath(): MathJsInstance {
  exactInstance ??= create(all, { number: 'Fraction' });
  return exactInstance;
}
export type ExactScope = Record<string, Fraction>;
export type { Fraction };

/** A compiled expression: Fraction arithmetic straight on the parse tree, or mathjs's compiled code. */
type ExactCode = { direct: MathNode } | { mathjs: EvalFunction };
const compiled = new Map<string, ExactCode>();

export function fraction(numerator: number, denominator = 1): Fraction {
  return exactMath().fraction(numerator, denominator) as Fraction;
}

const BINARY: Record<string, (a: Fraction, b: Fraction) => Fraction | null> = {
  add: (a, b) => a.add(b),
  subtract: (a, b) => a.sub(b),
  multiply: (a, b) => a.mul(b),
  divide: (a, b) => a.div(b),
  // an integer power of a rational is rational: fraction.js computes it exactly (as mathjs's pow does)
  pow: (a, b) => (b.d === 1n ? a.pow(b) : null),
};

/**
 * Whether the direct evaluator handles every node: integer constants, symbols, parentheses, + - * /,
 * unary minus and plus, and ^. The expressions checked here (the CAS's polynomials and rational
 * functions) are all of this kind; anything else goes through mathjs.
 */
function isDirect(node: MathNode): boolean {
  let ok = true;
  node.traverse((n) => {
    if (!ok) return;
    if (n.type === 'ConstantNode') ok = Number.isSafeInteger((n as unknown as { value: unknown }).value);
    else if (n.type === 'OperatorNode') {
      const { fn, args } = n as unknown as { fn: string; args: MathNode[] };
      ok = args.length === 2 ? fn in BINARY : args.length === 1 && (fn === 'unaryMinus' || fn === 'unaryPlus');
    } else ok = n.type === 'SymbolNode' || n.type === 'ParenthesisNode';
  });
  return ok;
}

/**
 * Fraction arithmetic on the tree: the same fraction.js operations mathjs's add, subtract, multiply,
 * divide, pow and unaryMinus call for two Fractions, without building mathjs's typed functions (which
 * cost ~0.3 s at the first check of every run). null where mathjs must decide (an unknown symbol, a
 * power that is not rational), so that the error, or the value, is mathjs's own.
 */
function evaluateDirect(node: MathNode, scope: ExactScope): Fraction | null {
  switch (node.type) {
    case 'ConstantNode':
      return fraction((node as unknown as { value: number }).value);
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      return Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : null;
    }
    case 'ParenthesisNode':
      return evaluateDirect((node as unknown as { content: MathNode }).content, scope);
    default: {
      const { fn, args } = node as unknown as { fn: string; args: MathNode[] };
      const values: Fraction[] = [];
      for (const arg of args) {
        const value = evaluateDirect(arg, scope);
        if (value === null) return null;
        values.push(value);
      }
      if (fn === 'unaryMinus') return values[0].neg();
      if (fn === 'unaryPlus') return values[0];
      return BINARY[fn](values[0], values[1]);
    }
  }
}

function compileExact(expression: string, step: string): ExactCode {
  let code = compiled.get(expression);
  if (code) return code;
  let node: MathNode | null;
  try {
    node = numberMath().parse(expression);
  } catch {
    node = null; // mathjs's full parser below reports it (or accepts what the number build does not)
  }
  if (node !== null && isDirect(node)) code = { direct: node };
  else {
    try {
      code = { mathjs: exactMath().compile(expression) };
    } catch (err) {
      throw new CheckFailedError(step, `cannot parse "${expression}" (${(err as Error).message})`);
    }
  }
  compiled.set(expression, code);
  return code;
}

/** Evaluate an expression string exactly; throws CheckFailedError(step) if the value is not rational. */
export function evaluateExact(expression: string, scope: ExactScope, step = 'exact evaluation'): Fraction {
  const code = compileExact(expression, step);
  let value: unknown;
  try {
    value = 'direct' in code ? evaluateDirect(code.direct, scope) : null;
    if (value === null) {
      const mathjsCode = 'mathjs' in code ? code.mathjs : exactMath().compile(expression);
      value = mathjsCode.evaluate({ ...scope });
    }
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
