/**
 * Derivatives of a target by Taylor-mode automatic differentiation: the parse tree is evaluated in
 * truncated Taylor series arithmetic (coefficients w_0..w_K of w(x + t) = sum w_k t^k), with the
 * standard recurrences for products, quotients, powers and the elementary functions (Griewank and
 * Walther, "Evaluating Derivatives", 2nd ed., ch. 13). f^(K)(x) = K! w_K. This is analytic
 * differentiation, not finite differences; it exists because mathjs's symbolic derivative grows
 * with the order (derivative 5 of 1/(1+cos(pi*x)^2) took 45 s to build at a load of 30), and the
 * unit designer needs derivatives up to order 13.
 * Cost: O(K^2) per node and point. A derivative that does not exist (abs at 0, sqrt at 0) is NaN.
 *
 * Example:  taylorDerivative('sin(2*x)', 3)(0) === -8
 */
import type { MathNode } from 'mathjs/number';
import { numberMath } from './numberMath.js';

type Series = Float64Array;

function constant(c: number, K: number): Series {
  const s = new Float64Array(K + 1);
  s[0] = c;
  return s;
}

function multiply(a: Series, b: Series): Series {
  const K = a.length - 1;
  const w = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    let sum = 0;
    for (let j = 0; j <= k; j++) sum += a[j] * b[k - j];
    w[k] = sum;
  }
  return w;
}

function divide(a: Series, b: Series): Series {
  const K = a.length - 1;
  const w = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    let sum = a[k];
    for (let j = 1; j <= k; j++) sum -= b[j] * w[k - j];
    w[k] = sum / b[0];
  }
  return w;
}

/** w with w' = g u' (w_0 given): w_k = (1/k) sum_{j=1..k} j u_j g_{k-j}. */
function integrate(w0: number, u: Series, g: Series): Series {
  const K = u.length - 1;
  const w = new Float64Array(K + 1);
  w[0] = w0;
  for (let k = 1; k <= K; k++) {
    let sum = 0;
    for (let j = 1; j <= k; j++) sum += j * u[j] * g[k - j];
    w[k] = sum / k;
  }
  return w;
}

function exp(u: Series): Series {
  const K = u.length - 1;
  const w = new Float64Array(K + 1);
  w[0] = Math.exp(u[0]);
  for (let k = 1; k <= K; k++) {
    let sum = 0;
    for (let j = 1; j <= k; j++) sum += j * u[j] * w[k - j];
    w[k] = sum / k;
  }
  return w;
}

function log(u: Series): Series {
  const K = u.length - 1;
  const w = new Float64Array(K + 1);
  w[0] = Math.log(u[0]);
  for (let k = 1; k <= K; k++) {
    let sum = u[k];
    for (let j = 1; j < k; j++) sum -= (j * w[j] * u[k - j]) / k;
    w[k] = sum / u[0];
  }
  return w;
}

/** sin and cos of u together (s' = c u', c' = -s u'), or sinh and cosh (sign +1). */
function sinCos(u: Series, sign: -1 | 1): [Series, Series] {
  const K = u.length - 1;
  const s = new Float64Array(K + 1);
  const c = new Float64Array(K + 1);
  s[0] = sign === -1 ? Math.sin(u[0]) : Math.sinh(u[0]);
  c[0] = sign === -1 ? Math.cos(u[0]) : Math.cosh(u[0]);
  for (let k = 1; k <= K; k++) {
    let ss = 0;
    let cc = 0;
    for (let j = 1; j <= k; j++) {
      ss += j * u[j] * c[k - j];
      cc += j * u[j] * s[k - j];
    }
    s[k] = ss / k;
    c[k] = (sign * cc) / k;
  }
  return [s, c];
}

/** u^a for a real constant a: u w' = a w u'; integer a by repeated products (u_0 may be 0). */
function power(u: Series, a: number): Series {
  const K = u.length - 1;
  if (Number.isInteger(a) && Math.abs(a) <= 64) {
    let w = constant(1, K);
    for (let i = 0; i < Math.abs(a); i++) w = multiply(w, u);
    return a < 0 ? divide(constant(1, K), w) : w;
  }
  const w = new Float64Array(K + 1);
  w[0] = u[0] ** a;
  for (let k = 1; k <= K; k++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += (a * (k - j) - j) * u[k - j] * w[j];
    w[k] = sum / (k * u[0]);
  }
  return w;
}

function isConstant(s: Series): boolean {
  for (let k = 1; k < s.length; k++) if (s[k] !== 0) return false;
  return true;
}

function evaluate(node: MathNode, x: number, K: number): Series {
  switch (node.type) {
    case 'ParenthesisNode':
      return evaluate((node as unknown as { content: MathNode }).content, x, K);
    case 'ConstantNode':
      return constant(Number((node as unknown as { value: unknown }).value), K);
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (name === 'x') {
        const s = constant(x, K);
        if (K >= 1) s[1] = 1;
        return s;
      }
      if (name === 'pi') return constant(Math.PI, K);
      if (name === 'e') return constant(Math.E, K);
      throw new RangeError(`taylorDerivative: unknown symbol ${name}`);
    }
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; args: MathNode[] };
      const args = op.args.map((a) => evaluate(a, x, K));
      switch (op.fn) {
        case 'add':
          return args[0].map((v, k) => v + args[1][k]);
        case 'subtract':
          return args[0].map((v, k) => v - args[1][k]);
        case 'unaryMinus':
          return args[0].map((v) => -v);
        case 'unaryPlus':
          return args[0];
        case 'multiply':
          return multiply(args[0], args[1]);
        case 'divide':
          return divide(args[0], args[1]);
        case 'pow':
          return isConstant(args[1]) ? power(args[0], args[1][0]) : exp(multiply(args[1], log(args[0])));
        default:
          throw new RangeError(`taylorDerivative: unknown operator ${op.fn}`);
      }
    }
    case 'FunctionNode': {
      const fn = node as unknown as { fn: { name: string }; args: MathNode[] };
      const u = evaluate(fn.args[0], x, K);
      const one = constant(1, K);
      switch (fn.fn.name) {
        case 'sin':
          return sinCos(u, -1)[0];
        case 'cos':
          return sinCos(u, -1)[1];
        case 'tan': {
          const [s, c] = sinCos(u, -1);
          return divide(s, c);
        }
        case 'sinh':
          return sinCos(u, 1)[0];
        case 'cosh':
          return sinCos(u, 1)[1];
        case 'tanh': {
          const [s, c] = sinCos(u, 1);
          return divide(s, c);
        }
        case 'exp':
          return exp(u);
        case 'log':
          return log(u);
        case 'sqrt':
          return power(u, 0.5);
        case 'cbrt':
          // real cube root: odd in u, so |u|^(1/3) with the sign of u_0
          return power(
            u.map((v) => Math.sign(u[0]) * v),
            1 / 3,
          ).map((v) => Math.sign(u[0]) * v);
        case 'abs':
          // |u| = sign(u_0) u near a point where u_0 != 0; at u_0 = 0 no derivative exists
          return u[0] === 0 ? u.map((_, k) => (k === 0 ? 0 : NaN)) : u.map((v) => Math.sign(u[0]) * v);
        case 'atan':
          return integrate(
            Math.atan(u[0]),
            u,
            divide(
              one,
              multiply(u, u).map((v, k) => v + one[k]),
            ),
          );
        case 'asin':
          return integrate(
            Math.asin(u[0]),
            u,
            power(
              one.map((v, k) => v - multiply(u, u)[k]),
              -0.5,
            ),
          );
        case 'acos':
          return integrate(
            Math.acos(u[0]),
            u,
            power(
              one.map((v, k) => v - multiply(u, u)[k]),
              -0.5,
            ).map((v) => -v),
          );
        default:
          throw new RangeError(`taylorDerivative: unknown function ${fn.fn.name}`);
      }
    }
    default:
      throw new RangeError(`taylorDerivative: unsupported node ${node.type}`);
  }
}

/**
 * f^(k) as a function of x for a target expression that compileTarget accepts (the caller checks
 * the expression first; an unknown node is a RangeError).
 */
export function taylorDerivative(expression: string, k: number): (x: number) => number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`taylorDerivative: order must be an integer >= 0, got ${k}`);
  const node = numberMath().parse(expression);
  let factorial = 1;
  for (let j = 2; j <= k; j++) factorial *= j;
  return (x: number) => evaluate(node, x, k)[k] * factorial;
}
