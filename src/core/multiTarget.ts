/**
 * Targets of several variables: real functions of x1..xd on a box, written in the target language
 * of core/target.ts (the same functions, constants and operators), e.g. `sin(4*x1)*sin(4*x2)` on
 * [-1,1]^2. Compiled with mathjs; float64.
 *
 * A variable beyond the box's dimension (x3 on a 2-D box), any other symbol, and a target that is
 * not finite (or has a pole: |f| over POLE_DYNAMIC_RANGE times its median) at a seeded sample of
 * the box are UsageErrors, with the user's text quoted and truncated.
 *
 * Shapes: points are row-major N x d (x1 of point t at xs[t * d]).
 *
 * Examples:  const f = compileMultiTarget('sin(4*x1)*sin(4*x2)', parseBoxDomain('[-1,1]^2'));  f.value([0.1, 0.2])
 */
import type { MathNode } from 'mathjs/number';
import { numberMath } from './numberMath.js';
import { UsageError } from './errors.js';
import type { BoxDomain } from './boxDomain.js';
import { quotedText } from './boxDomain.js';
import { seededRandom } from './seededRandom.js';
import { TARGET_CONSTANTS, TARGET_FUNCTIONS, TARGET_OPERATORS } from './target.js';
import { expressionTextProblem, MAX_TARGET_LENGTH } from './expressionText.js';

/**
 * A sampled |f| this many times its median is treated as a pole: a random point can land close to a
 * pole and return a huge but finite value; no RMSE study is meaningful with such a dynamic range.
 * (The 1-D checker, core/target.ts, searches between its grid points instead; in d dimensions the
 * sample is random, so this cruder test stays.)
 */
export const POLE_DYNAMIC_RANGE = 1e15;

export interface MultiTarget {
  /** the expression as the user wrote it */
  readonly expression: string;
  readonly domain: BoxDomain;
  readonly dim: number;
  /** f at one point (length dim) */
  value(x: ArrayLike<number>): number;
  /** f at N points, row-major N x dim; length N */
  values(xs: Float64Array): Float64Array;
}

/** Seeded sample of the box checked for finiteness and poles (and every corner when d <= 10). */
const FINITENESS_SAMPLES = 20001;
const FINITENESS_SEED = 0x6d756c74;

const VARIABLE = /^x([1-9]\d*)$/;

/** UsageError for a function, symbol (a variable beyond x_dim included) or operator outside the target language. */
function checkSymbols(node: MathNode, source: string, dim: number): void {
  node.traverse((n, _path, parent) => {
    if (n.type === 'FunctionNode') {
      const name = String((n as unknown as { fn: { name?: unknown } }).fn.name);
      const arity = TARGET_FUNCTIONS.get(name);
      if (arity === undefined)
        throw new UsageError(
          `unknown function ${quotedText(name)} in target ${quotedText(source)}; allowed: ${[...TARGET_FUNCTIONS.keys()].join(', ')}`,
        );
      const given = (n as unknown as { args: MathNode[] }).args.length;
      if (given !== arity)
        throw new UsageError(
          `function "${name}" takes ${arity} argument, got ${given}, in target ${quotedText(source)}`,
        );
    } else if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (isCallee || TARGET_CONSTANTS.has(name)) return;
      const m = VARIABLE.exec(name);
      if (!m)
        throw new UsageError(
          `unknown symbol ${quotedText(name)} in target ${quotedText(source)}; a target on a ${dim}-D box is a function of x1..x${dim} (constants: pi, e)`,
        );
      if (Number(m[1]) > dim)
        throw new UsageError(
          `target ${quotedText(source)} uses ${name}, but the domain has ${dim} ax${dim === 1 ? 'is' : 'es'} (x1..x${dim})`,
        );
    } else if (n.type === 'OperatorNode') {
      const op = n as unknown as { op: string; fn: string };
      if (!TARGET_OPERATORS.has(op.fn))
        throw new UsageError(
          `operator ${quotedText(op.op)} is not allowed in target ${quotedText(source)}; allowed: + - * / ^`,
        );
    } else if (!['ConstantNode', 'ParenthesisNode'].includes(n.type)) {
      throw new UsageError(`${quotedText(n.toString())} is not allowed in target ${quotedText(source)}`);
    }
  });
}

/** Uniform points in the box from a seeded generator, row-major N x d (coordinate by coordinate). */
export function uniformBoxPoints(box: BoxDomain, count: number, seed: number): Float64Array {
  const rng = seededRandom(seed);
  const d = box.length;
  const xs = new Float64Array(count * d);
  for (let t = 0; t < count; t++) {
    for (let k = 0; k < d; k++) {
      const [a, b] = box[k];
      xs[t * d + k] = a + (b - a) * rng.uniform();
    }
  }
  return xs;
}

function checkFinite(target: MultiTarget): void {
  const d = target.dim;
  const corners = d <= 10 ? 1 << d : 0;
  const random = uniformBoxPoints(target.domain, FINITENESS_SAMPLES, FINITENESS_SEED);
  const xs = new Float64Array(random.length + corners * d);
  xs.set(random);
  for (let c = 0; c < corners; c++)
    for (let k = 0; k < d; k++) xs[random.length + c * d + k] = target.domain[k][(c >> k) & 1];
  const ys = target.values(xs);
  const magnitudes = new Float64Array(ys.length);
  let largest = 0;
  for (let t = 0; t < ys.length; t++) {
    if (!Number.isFinite(ys[t])) {
      const x = Array.from(xs.subarray(t * d, t * d + d));
      throw new UsageError(
        `target ${quotedText(target.expression)} is not finite on its box: f(${x.join(', ')}) = ${ys[t]}`,
      );
    }
    magnitudes[t] = Math.abs(ys[t]);
    if (magnitudes[t] > magnitudes[largest]) largest = t;
  }
  const typical = Float64Array.from(magnitudes).sort()[magnitudes.length >> 1];
  if (magnitudes[largest] > POLE_DYNAMIC_RANGE * Math.max(typical, Number.MIN_VALUE))
    throw new UsageError(
      `target ${quotedText(target.expression)} is not finite on its box: |f| reaches ${magnitudes[largest].toExponential(2)}, ` +
        `over ${POLE_DYNAMIC_RANGE.toExponential(0)} times its median ${typical.toExponential(2)} (a pole)`,
    );
}

/** Parse, check and compile a target of x1..xd on a box of dimension d. */
export function compileMultiTarget(expression: string, domain: BoxDomain): MultiTarget {
  const dim = domain.length;
  // The same text limits as a 1-D target (length, nesting, control characters): the parser recurses.
  const textProblem = expressionTextProblem('target', expression, MAX_TARGET_LENGTH);
  if (textProblem) throw new UsageError(`${textProblem}; a target is a function of x1..x${dim} such as "sin(4*x1)"`);
  let node: MathNode;
  try {
    node = numberMath().parse(expression);
  } catch (err) {
    throw new UsageError(`cannot parse target ${quotedText(expression)} (${quotedText((err as Error).message)})`);
  }
  checkSymbols(node, expression, dim);
  const code = node.compile();
  const scope: Record<string, number> = {};
  const names = Array.from({ length: dim }, (_, k) => `x${k + 1}`);
  const value = (x: ArrayLike<number>): number => {
    for (let k = 0; k < dim; k++) scope[names[k]] = x[k];
    const y = code.evaluate(scope);
    return typeof y === 'number' ? y : Number.NaN;
  };
  const target: MultiTarget = {
    expression,
    domain,
    dim,
    value,
    values: (xs) => {
      const N = xs.length / dim;
      const out = new Float64Array(N);
      for (let t = 0; t < N; t++) out[t] = value(xs.subarray(t * dim, t * dim + dim));
      return out;
    },
  };
  checkFinite(target);
  return target;
}
