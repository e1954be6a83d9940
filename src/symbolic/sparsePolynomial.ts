/**
 * Multivariate (Laurent) polynomials with exact rational coefficients, read from the CAS's expanded
 * output and written back as canonical plain text or LaTeX. nerdamer orders terms as it likes; a
 * proof reads better with terms sorted by powers of the variable that matters (x, then h), and a
 * test can compare canonical strings.
 */
import type { MathNode } from 'mathjs/number';
import { numberMath } from '../core/numberMath.js';
import { exactMath, fraction, type Fraction } from './exactCheck.js';

export interface PolynomialTerm {
  readonly coefficient: Fraction;
  /** variable -> nonzero integer exponent */
  readonly powers: Readonly<Record<string, number>>;
}
export type SparsePolynomial = readonly PolynomialTerm[];

function key(powers: Readonly<Record<string, number>>): string {
  return Object.keys(powers)
    .sort()
    .map((v) => `${v}^${powers[v]}`)
    .join('*');
}

function normalise(terms: Iterable<PolynomialTerm>): PolynomialTerm[] {
  const merged = new Map<string, PolynomialTerm>();
  for (const t of terms) {
    const k = key(t.powers);
    const prev = merged.get(k);
    merged.set(k, { coefficient: prev ? prev.coefficient.add(t.coefficient) : t.coefficient, powers: t.powers });
  }
  return [...merged.values()].filter((t) => !t.coefficient.equals(0));
}

function multiply(p: SparsePolynomial, q: SparsePolynomial): PolynomialTerm[] {
  const out: PolynomialTerm[] = [];
  for (const a of p) {
    for (const b of q) {
      const powers: Record<string, number> = { ...a.powers };
      for (const [v, e] of Object.entries(b.powers)) {
        powers[v] = (powers[v] ?? 0) + e;
        if (powers[v] === 0) delete powers[v];
      }
      out.push({ coefficient: a.coefficient.mul(b.coefficient), powers });
    }
  }
  return normalise(out);
}

function constantOf(p: SparsePolynomial): Fraction | null {
  if (p.length === 0) return fraction(0);
  return p.length === 1 && Object.keys(p[0].powers).length === 0 ? p[0].coefficient : null;
}

function unsupported(node: MathNode): never {
  throw new Error(`sparsePolynomial: "${node.toString()}" is not a polynomial expression`);
}

function fromNode(node: MathNode): PolynomialTerm[] {
  const n = node as unknown as {
    type: string;
    op?: string;
    fn?: string;
    args?: MathNode[];
    value?: unknown;
    name?: string;
    content?: MathNode;
  };
  switch (n.type) {
    case 'ConstantNode':
      // a number from the number-only parser (a safe integer), or a Fraction from the exact one
      return normalise([
        {
          coefficient: typeof n.value === 'number' ? fraction(n.value) : fraction(0).add(n.value as Fraction),
          powers: {},
        },
      ]);
    case 'SymbolNode':
      return [{ coefficient: fraction(1), powers: { [n.name!]: 1 } }];
    case 'ParenthesisNode':
      return fromNode(n.content!);
    case 'OperatorNode': {
      const args = n.args!.map(fromNode);
      switch (n.fn) {
        case 'unaryMinus':
          return args[0].map((t) => ({ ...t, coefficient: t.coefficient.neg() }));
        case 'unaryPlus':
          return args[0];
        case 'add':
          return normalise([...args[0], ...args[1]]);
        case 'subtract':
          return normalise([...args[0], ...args[1].map((t) => ({ ...t, coefficient: t.coefficient.neg() }))]);
        case 'multiply':
          return args.reduce((p, q) => multiply(p, q));
        case 'divide': {
          const c = constantOf(args[1]);
          if (c && !c.equals(0)) return args[0].map((t) => ({ ...t, coefficient: t.coefficient.div(c) }));
          if (args[1].length === 1) {
            const t = args[1][0];
            const inverse: Record<string, number> = {};
            for (const [v, e] of Object.entries(t.powers)) inverse[v] = -e;
            return multiply(args[0], [{ coefficient: fraction(1).div(t.coefficient), powers: inverse }]);
          }
          return unsupported(node);
        }
        case 'pow': {
          const e = constantOf(args[1]);
          if (!e || e.d !== 1n) return unsupported(node);
          const k = Number(e.s * e.n);
          if (k >= 0) {
            let out: PolynomialTerm[] = [{ coefficient: fraction(1), powers: {} }];
            for (let i = 0; i < k; i++) out = multiply(out, args[0]);
            return out;
          }
          if (args[0].length !== 1) return unsupported(node);
          const t = args[0][0];
          const powers: Record<string, number> = {};
          for (const [v, p] of Object.entries(t.powers)) powers[v] = p * k;
          return [{ coefficient: t.coefficient.pow(k), powers }];
        }
        default:
          return unsupported(node);
      }
    }
    default:
      return unsupported(node);
  }
}

/** Read an expression (e.g. nerdamer's expanded output) into canonical sparse form. */
export function polynomialFromExpression(expression: string): SparsePolynomial {
  // The number-only parser is enough, and cheap to load, while every literal is a safe integer; a longer
  // digit string (degree-12 constants exceed 2^53) is parsed by the exact instance, whose literals are Fractions.
  const parser = /\d{16,}/.test(expression) ? exactMath() : numberMath();
  return fromNode(parser.parse(expression) as MathNode);
}

export interface RenderOptions {
  /** variables by priority: terms sort by descending power of the first, then the second, ... */
  readonly order?: readonly string[];
  /** display names, e.g. { f3: 'f_3', wg: 'G' } */
  readonly names?: Readonly<Record<string, string>>;
}

function sortTerms(p: SparsePolynomial, options: RenderOptions): PolynomialTerm[] {
  const order = options.order ?? [];
  // ascending order in the priority variables together (x and h are both O(h): lowest order first),
  // then descending powers of the first priority variable, then a fixed tie-break
  const degreeIn = (t: PolynomialTerm) => order.reduce((s, v) => s + (t.powers[v] ?? 0), 0);
  return [...p].sort((a, b) => {
    const d = degreeIn(a) - degreeIn(b);
    if (d !== 0) return d;
    for (const v of order) {
      const e = (b.powers[v] ?? 0) - (a.powers[v] ?? 0);
      if (e !== 0) return e;
    }
    return key(a.powers) < key(b.powers) ? -1 : key(a.powers) > key(b.powers) ? 1 : 0;
  });
}

function orderedVariables(t: PolynomialTerm, options: RenderOptions): string[] {
  const order = options.order ?? [];
  const name = (v: string) => options.names?.[v] ?? v;
  // coefficients' variables first (by display name), then the priority variables, lowest priority first: f_3 h^2 x
  const others = Object.keys(t.powers)
    .filter((v) => !order.includes(v))
    .sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  const priority = [...order].reverse().filter((v) => v in t.powers);
  return [...others, ...priority];
}

/** Plain text, parseable by mathjs and nerdamer: "(1/6)*f3*x^3 - (1/6)*f3*h^2*x". */
export function renderPlain(p: SparsePolynomial, options: RenderOptions = {}): string {
  if (p.length === 0) return '0';
  const name = (v: string) => options.names?.[v] ?? v;
  return sortTerms(p, options)
    .map((t, i) => {
      const negative = t.coefficient.s < 0n;
      const c = t.coefficient.abs();
      const factors = orderedVariables(t, options).map((v) =>
        t.powers[v] === 1 ? name(v) : `${name(v)}^${t.powers[v] < 0 ? `(${t.powers[v]})` : t.powers[v]}`,
      );
      const coefficient =
        c.equals(1) && factors.length > 0 ? [] : [c.d === 1n ? c.toFraction() : `(${c.toFraction()})`];
      const body = [...coefficient, ...factors].join('*');
      return i === 0 ? (negative ? `-${body}` : body) : `${negative ? ' - ' : ' + '}${body}`;
    })
    .join('');
}

/** LaTeX: "\tfrac{1}{6} f_3 x^{3} - \tfrac{1}{6} f_3 h^{2} x". */
export function renderLatex(p: SparsePolynomial, options: RenderOptions = {}): string {
  if (p.length === 0) return '0';
  const name = (v: string) => options.names?.[v] ?? v;
  return sortTerms(p, options)
    .map((t, i) => {
      const negative = t.coefficient.s < 0n;
      const c = t.coefficient.abs();
      const factors = orderedVariables(t, options).map((v) =>
        t.powers[v] === 1 ? name(v) : `${name(v)}^{${t.powers[v]}}`,
      );
      const coefficient =
        c.equals(1) && factors.length > 0 ? [] : [c.d === 1n ? c.toFraction() : `\\tfrac{${c.n}}{${c.d}}`];
      const body = [...coefficient, ...factors].join(' ');
      return i === 0 ? (negative ? `-${body}` : body) : `${negative ? ' - ' : ' + '}${body}`;
    })
    .join('');
}

/** Group by powers of one variable: [[power, coefficient polynomial]], highest power first. */
export function collectIn(p: SparsePolynomial, variable: string): Array<[number, SparsePolynomial]> {
  const groups = new Map<number, PolynomialTerm[]>();
  for (const t of p) {
    const e = t.powers[variable] ?? 0;
    const powers = { ...t.powers };
    delete powers[variable];
    groups.set(e, [...(groups.get(e) ?? []), { coefficient: t.coefficient, powers }]);
  }
  return [...groups.entries()].sort((a, b) => b[0] - a[0]);
}

export function isZeroPolynomial(p: SparsePolynomial): boolean {
  return p.length === 0;
}
