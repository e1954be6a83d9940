/**
 * Targets: real functions of x written as expressions, e.g. `1/(1+cos(pi*x)^2)`, compiled with mathjs.
 * Derivatives are symbolic (mathjs `derivative`), never finite differences.
 *
 * Examples:  const f = compileTarget('sin(4*x)', [-1, 1]);  f.derivative(3)(0.2)
 */
// mathjs/number: the number-only build parses, differentiates and compiles the same expressions and
// loads in about half the time of the full build, which every CLI start pays. Exact Fraction
// arithmetic (the symbolic cross-checks) imports the full build, lazily.
import { parse, derivative, type MathNode, type EvalFunction } from 'mathjs/number';
import { UsageError } from './errors.js';
import type { Domain } from './domain.js';

export type ScalarFunction = (x: number) => number;

export interface Target {
  /** the expression as the user wrote it */
  readonly expression: string;
  readonly domain: Domain;
  /** f(x), float64 */
  readonly value: ScalarFunction;
  /** k-th derivative, symbolic then compiled; derivative(0) is value */
  derivative(k: number): ScalarFunction;
}

/** Functions a target may call; anything else is an unknown function. */
export const TARGET_FUNCTIONS = new Set([
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sinh',
  'cosh',
  'tanh',
  'atan',
  'asin',
  'acos',
  'cbrt',
]);
export const TARGET_CONSTANTS = new Set(['pi', 'e']);
/** Operators a target may use (mathjs fn names); factorial, mod, bitwise and matrix operators are refused. */
export const TARGET_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
/**
 * A sampled |f| this many times its median is treated as a pole: a grid point can land within
 * 1e-16 of a pole and return a huge but finite value (1/(x-0.3) gives 2.5e16 on the grid).
 * No RMSE study is meaningful with such a dynamic range, whose float64 floor exceeds |f| itself.
 */
export const POLE_DYNAMIC_RANGE = 1e15;

/** Points per unit of domain length used to reject non-finite targets (and at least this many overall). */
const FINITENESS_SAMPLES = 20001;

function checkSymbols(node: MathNode, source: string): void {
  node.traverse((n, _path, parent) => {
    if (n.type === 'FunctionNode') {
      const name = (n as unknown as { fn: { name: string } }).fn.name;
      if (!TARGET_FUNCTIONS.has(name)) {
        throw new UsageError(
          `unknown function "${name}" in target "${source}"; allowed: ${[...TARGET_FUNCTIONS].join(', ')}`,
        );
      }
    } else if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && name !== 'x' && !TARGET_CONSTANTS.has(name)) {
        throw new UsageError(
          `unknown symbol "${name}" in target "${source}"; a target is a function of x (constants: pi, e)`,
        );
      }
    } else if (n.type === 'OperatorNode') {
      const op = n as unknown as { op: string; fn: string };
      if (!TARGET_OPERATORS.has(op.fn)) {
        throw new UsageError(`operator "${op.op}" is not allowed in target "${source}"; allowed: + - * / ^`);
      }
    } else if (!['ConstantNode', 'ParenthesisNode'].includes(n.type)) {
      throw new UsageError(`"${n.toString()}" is not allowed in target "${source}"`);
    }
  });
}

function compileNode(node: MathNode): ScalarFunction {
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

function compileUncached(expression: string, domain: Domain): Target {
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (err) {
    throw new UsageError(`cannot parse target "${expression}" (${(err as Error).message})`);
  }
  checkSymbols(node, expression);
  const value = compileNode(node);
  const [a, b] = domain;
  const magnitudes = new Float64Array(FINITENESS_SAMPLES);
  let largest = 0;
  for (let i = 0; i < FINITENESS_SAMPLES; i++) {
    const x = a + (b - a) * (i / (FINITENESS_SAMPLES - 1));
    const y = value(x);
    if (!Number.isFinite(y)) {
      throw new UsageError(`target "${expression}" is not finite on [${a}, ${b}]: f(${x}) = ${y}`);
    }
    magnitudes[i] = Math.abs(y);
    if (magnitudes[i] > magnitudes[largest]) largest = i;
  }
  const typical = Float64Array.from(magnitudes).sort()[FINITENESS_SAMPLES >> 1];
  if (magnitudes[largest] > POLE_DYNAMIC_RANGE * Math.max(typical, Number.MIN_VALUE)) {
    const x = a + (b - a) * (largest / (FINITENESS_SAMPLES - 1));
    throw new UsageError(
      `target "${expression}" is not finite on [${a}, ${b}]: |f| reaches ${magnitudes[largest].toExponential(2)} near x = ${x}, ` +
        `over ${POLE_DYNAMIC_RANGE.toExponential(0)} times its median ${typical.toExponential(2)} (a pole)`,
    );
  }
  const derivatives: ScalarFunction[] = [value];
  const nodes: MathNode[] = [node];
  return {
    expression,
    domain,
    value,
    derivative(k: number): ScalarFunction {
      for (let j = nodes.length; j <= k; j++) {
        try {
          nodes.push(derivative(nodes[j - 1], 'x'));
        } catch (err) {
          throw new UsageError(`cannot differentiate target "${expression}" ${j} times (${(err as Error).message})`);
        }
        derivatives.push(compileNode(nodes[j]));
      }
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
      `derivative ${k} of target "${target.expression}" is not finite on [${target.domain[0]}, ${target.domain[1]}]`,
    );
  }
  return values;
}
