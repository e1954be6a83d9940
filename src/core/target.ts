/**
 * Targets: real functions of x written as expressions, e.g. `1/(1+cos(pi*x)^2)`, compiled with mathjs.
 * Derivatives are analytic, never finite differences: Taylor-mode automatic differentiation of the
 * parse tree (core/taylorDerivatives), which agrees with mathjs's symbolic `derivative` to a few ulp
 * of max |f^(k)| (1e-16 .. 2e-15 relative for k <= 4 on the paper's target, sin(4x), 1/(1+25x^2),
 * tanh(10x), exp(-20x^2)) and costs O(k^2) per node and point instead of building expression trees
 * that grow with k (the symbolic derivatives 1..4 of the paper's target took 7 s to build).
 *
 * Examples:  const f = compileTarget('sin(4*x)', [-1, 1]);  f.derivative(3)(0.2)
 */
// The number-only mathjs build (core/numberMath), created on first use; exact Fraction arithmetic
// (the symbolic cross-checks) has its own instance of the full build.
import type { MathNode, EvalFunction } from 'mathjs/number';
import { numberMath } from './numberMath.js';
import { UsageError } from './errors.js';
import type { Domain } from './domain.js';
import { expressionTextProblem, MAX_TARGET_LENGTH } from './expressionText.js';
import { findPole } from './poleSearch.js';
import { uniformGrid } from './testGrid.js';
import { clipMessage, quoteUserText } from './userText.js';
import { taylorDerivative } from './taylorDerivatives.js';
import { targetClosure } from './targetClosure.js';

export type ScalarFunction = (x: number) => number;

export interface Target {
  /** the expression as the user wrote it */
  readonly expression: string;
  readonly domain: Domain;
  /** f(x), float64 */
  readonly value: ScalarFunction;
  /** k-th derivative (Taylor-mode AD, built on first use); derivative(0) is value */
  derivative(k: number): ScalarFunction;
}

/** Functions a target may call, with their number of arguments; anything else is an unknown function. */
export const TARGET_FUNCTIONS = new Map<string, number>(
  ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'sinh', 'cosh', 'tanh', 'atan', 'asin', 'acos', 'cbrt'].map(
    (name) => [name, 1],
  ),
);
export const TARGET_CONSTANTS = new Set(['pi', 'e']);
/** Operators a target may use (mathjs fn names); factorial, mod, bitwise and matrix operators are refused. */
export const TARGET_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
/**
 * Largest |f| accepted on the test grid, and the smallest largest |f|. An RMSE squares the errors
 * of f and sums up to 1e8 of them: at 1e100 the sum stays below 1e208, and errors of 1e-16 |f| at
 * |f| = 1e-100 square to 1e-232, both far inside float64's normal range (1e-308 .. 1e308).
 * Measured before: 1e200*sin(x) gave test RMSE Infinity and exit 3; 1e-300*sin(x) an RMSE of 0.
 */
export const MAX_TARGET_MAGNITUDE = 1e100;
export const MIN_TARGET_MAGNITUDE = 1e-100;

function describeFunction(n: MathNode): string {
  const fn = (n as unknown as { fn: MathNode & { name?: string } }).fn;
  return typeof fn.name === 'string' ? fn.name : fn.toString();
}

function checkSymbols(node: MathNode, source: string): void {
  const quoted = quoteUserText(source);
  node.traverse((n, _path, parent) => {
    if (n.type === 'FunctionNode') {
      const name = describeFunction(n);
      const arity = TARGET_FUNCTIONS.get(name);
      if (arity === undefined) {
        throw new UsageError(
          `unknown function ${quoteUserText(name)} in target ${quoted}; allowed: ${[...TARGET_FUNCTIONS.keys()].join(', ')}`,
        );
      }
      const given = (n as unknown as { args: MathNode[] }).args.length;
      if (given !== arity) {
        throw new UsageError(
          `function "${name}" takes ${arity} argument${arity === 1 ? '' : 's'}, got ${given}, in target ${quoted}`,
        );
      }
    } else if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && name !== 'x' && !TARGET_CONSTANTS.has(name)) {
        throw new UsageError(
          `unknown symbol ${quoteUserText(name)} in target ${quoted}; a target is a function of x (constants: pi, e)`,
        );
      }
    } else if (n.type === 'OperatorNode') {
      const op = n as unknown as { op: string; fn: string };
      if (!TARGET_OPERATORS.has(op.fn)) {
        throw new UsageError(`operator ${quoteUserText(op.op)} is not allowed in target ${quoted}; allowed: + - * / ^`);
      }
    } else if (n.type === 'ConstantNode') {
      if (typeof (n as unknown as { value: unknown }).value !== 'number')
        throw new UsageError(`${quoteUserText(n.toString())} is not a number, in target ${quoted}`);
    } else if (n.type !== 'ParenthesisNode') {
      throw new UsageError(`${quoteUserText(n.toString())} is not allowed in target ${quoted}`);
    }
  });
}

function compileNode(node: MathNode): ScalarFunction {
  const closure = targetClosure(node);
  if (closure) return closure;
  const code: EvalFunction = node.compile();
  return (x: number) => {
    const y = code.evaluate({ x });
    return typeof y === 'number' ? y : Number.NaN;
  };
}

/**
 * Compiled targets, by expression and domain: a target is an immutable value (its derivatives are
 * compiled on first use), so every stage of a run shares one compilation and one finiteness check.
 */
const compiledTargets = new Map<string, Target>();
const COMPILED_TARGETS_KEPT = 64;

/**
 * Parse and compile a target and reject it unless it is finite at every sample of the domain.
 * Compiled once per (expression, domain) in a process; a rejected target is not remembered.
 */
export function compileTarget(expression: string, domain: Domain): Target {
  const key = JSON.stringify([expression, domain[0], domain[1]]);
  const cached = compiledTargets.get(key);
  if (cached) return cached;
  const target = compileUncached(expression, domain);
  if (compiledTargets.size >= COMPILED_TARGETS_KEPT) compiledTargets.clear();
  compiledTargets.set(key, target);
  return target;
}

/** On [a, b] as the user wrote it, for messages. */
function interval([a, b]: Domain): string {
  return `[${a}, ${b}]`;
}

/** x to 6 significant digits, for messages: 5.000000000000001e-5 reads 0.00005. */
function near(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/**
 * Throws UsageError unless f is finite at every point of the test grid, has no pole between them
 * (core/poleSearch) and its largest |f| there lies in [MIN_TARGET_MAGNITUDE, MAX_TARGET_MAGNITUDE].
 */
function checkSampledValues(expression: string, value: ScalarFunction, domain: Domain): void {
  const quoted = quoteUserText(expression);
  const xs = uniformGrid(domain);
  const ys = new Float64Array(xs.length);
  let largest = 0;
  for (let i = 0; i < xs.length; i++) {
    ys[i] = value(xs[i]);
    if (!Number.isFinite(ys[i]))
      throw new UsageError(`target ${quoted} is not finite on ${interval(domain)}: f(${xs[i]}) = ${ys[i]}`);
    largest = Math.max(largest, Math.abs(ys[i]));
  }
  const pole = findPole(value, xs, ys);
  if (pole) {
    const where = `between two points of the ${xs.length}-point test grid`;
    throw new UsageError(
      Number.isNaN(pole.value)
        ? `target ${quoted} is not finite on ${interval(domain)}: f(${pole.x}) = NaN, ${where}`
        : `target ${quoted} is unbounded near x = ${near(pole.x)} on ${interval(domain)} (a pole): ` +
            `f(${pole.x}) = ${Number.isFinite(pole.value) ? pole.value.toExponential(1) : pole.value}, ${where}`,
    );
  }
  if (largest === 0)
    throw new UsageError(
      `target ${quoted} is 0 at every point of the test grid on ${interval(domain)}: there is nothing to approximate`,
    );
  if (largest > MAX_TARGET_MAGNITUDE || largest < MIN_TARGET_MAGNITUDE) {
    throw new UsageError(
      `target ${quoted} has largest |f| = ${largest.toExponential(1)} on ${interval(domain)}; ` +
        `accepted: ${MIN_TARGET_MAGNITUDE} to ${MAX_TARGET_MAGNITUDE} (RMSEs square the errors of f); rescale f`,
    );
  }
}

function compileUncached(expression: string, domain: Domain): Target {
  const textProblem = expressionTextProblem('target', expression, MAX_TARGET_LENGTH);
  if (textProblem) throw new UsageError(`${textProblem}; a target is a function of x such as "sin(3*x)"`);
  let node: MathNode;
  try {
    node = numberMath().parse(expression);
  } catch (err) {
    throw new UsageError(`cannot parse target ${quoteUserText(expression)} (${clipMessage((err as Error).message)})`);
  }
  checkSymbols(node, expression);
  const value = compileNode(node);
  checkSampledValues(expression, value, domain);
  const derivatives: ScalarFunction[] = [value];
  return {
    expression,
    domain,
    value,
    derivative(k: number): ScalarFunction {
      derivatives[k] ??= taylorDerivative(expression, k);
      return derivatives[k];
    },
  };
}

/**
 * f^(k) at each x, or a UsageError naming the derivative when one value is not finite (a target
 * smooth enough to sample, but not k times differentiable on the domain, e.g. sqrt(x) on [0, 1]).
 */
export function finiteDerivativeValues(target: Target, k: number, xs: Float64Array): Float64Array {
  const derivative = target.derivative(k);
  const values = xs.map(derivative);
  if (!values.every(Number.isFinite)) {
    throw new UsageError(
      `derivative ${k} of target ${quoteUserText(target.expression)} is not finite on ${interval(target.domain)}`,
    );
  }
  return values;
}
