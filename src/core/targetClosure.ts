/**
 * A checked target's parse tree (core/target: x, pi, e, number constants, + - * / ^, unary minus and
 * plus, parentheses, and TARGET_FUNCTIONS) as a tree of plain JavaScript closures. Each node does
 * exactly what mathjs's number build does for it (lib/esm/plain/number: addNumber is a + b, sinNumber
 * is Math.sin, tanhNumber is Math.tanh, powNumber is Math.pow but for x^(+-Infinity), ...), so the
 * values are mathjs's bit for bit (test/core/targetClosure.test.ts compares them); what goes is
 * mathjs's per-call scope object and typed-function dispatch on every operator, the cost of
 * evaluating a target on a 20001-point grid.
 * A node it does not know returns null, and the caller keeps mathjs's compiled code.
 *
 * Example:  targetClosure(numberMath().parse('sin(4*x)'))?.(0.25) === Math.sin(1)
 */
import type { MathNode } from 'mathjs/number';

type Closure = (x: number) => number;

/** mathjs number build's functions of one argument: each is the Math function (plain/number). */
const FUNCTIONS: Readonly<Record<string, (v: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  atan: Math.atan,
  asin: Math.asin,
  acos: Math.acos,
  cbrt: Math.cbrt,
};

/** mathjs's powNumber: 0 for x^Infinity with |x| < 1 and x^-Infinity with |x| > 1, else Math.pow. */
function powNumber(a: number, b: number): number {
  if ((a * a < 1 && b === Infinity) || (a * a > 1 && b === -Infinity)) return 0;
  return Math.pow(a, b);
}

export function targetClosure(node: MathNode): Closure | null {
  const n = node as unknown as {
    type: string;
    value?: unknown;
    name?: string;
    content?: MathNode;
    fn?: string | { name?: string };
    args?: MathNode[];
  };
  switch (n.type) {
    case 'ConstantNode': {
      const c = n.value;
      return typeof c === 'number' ? () => c : null;
    }
    case 'SymbolNode':
      if (n.name === 'x') return (x) => x;
      if (n.name === 'pi') return () => Math.PI;
      if (n.name === 'e') return () => Math.E;
      return null;
    case 'ParenthesisNode':
      return n.content ? targetClosure(n.content) : null;
    case 'OperatorNode': {
      const args = (n.args ?? []).map(targetClosure);
      if (args.some((a) => a === null)) return null;
      const [a, b] = args as Closure[];
      if (args.length === 1) {
        if (n.fn === 'unaryMinus') return (x) => -a(x);
        if (n.fn === 'unaryPlus') return a;
        return null;
      }
      if (args.length !== 2) return null;
      switch (n.fn) {
        case 'add':
          return (x) => a(x) + b(x);
        case 'subtract':
          return (x) => a(x) - b(x);
        case 'multiply':
          return (x) => a(x) * b(x);
        case 'divide':
          return (x) => a(x) / b(x);
        case 'pow':
          return (x) => powNumber(a(x), b(x));
        default:
          return null;
      }
    }
    case 'FunctionNode': {
      const name = typeof n.fn === 'object' ? n.fn.name : undefined;
      const f = name !== undefined && Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!f || n.args?.length !== 1) return null;
      const a = targetClosure(n.args[0]);
      return a ? (x) => f(a(x)) : null;
    }
    default:
      return null;
  }
}
