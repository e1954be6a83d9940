/**
 * Factor a univariate rational polynomial over the rationals into linear factors (rational root
 * theorem, exact deflation), written homogeneously in (x, h): w(s) with s = x/h becomes
 * c * prod (q x - p h)^k * rest. The leading terms of the cell-condition constructions factor
 * completely (their roots are the knots and the interpolation points), which is what a proof reader
 * wants to see; a Bernoulli polynomial (the quasi-interpolants' residual) keeps a factor without
 * rational roots, printed with coprime integer coefficients, its content folded into c.
 */
import { fraction, type Fraction } from './exactCheck.js';
import { evaluatePolynomial } from '../linalg/rationalLinearAlgebra.js';
import { rational } from '../linalg/exactRational.js';

export interface LinearFactorisation {
  readonly constant: Fraction;
  /** rational roots r = p/q (in units of h), ascending, with multiplicity */
  readonly roots: ReadonlyArray<{ readonly root: Fraction; readonly multiplicity: number }>;
  /** what is left without rational roots, ascending coefficients (monic, [1] when nothing is left) */
  readonly rest: readonly Fraction[];
  /** the same with coprime integer coefficients (ascending), rest = restContent * integerRest */
  readonly integerRest: readonly bigint[];
  /** "(1/12)*x*(2*x - h)*(x - h)", parseable */
  readonly plain: string;
  /** "\tfrac{1}{12}\, x\,(2x - h)\,(x - h)" */
  readonly latex: string;
}

function divisors(n: bigint): bigint[] {
  const a = n < 0n ? -n : n;
  const out: bigint[] = [];
  for (let d = 1n; d * d <= a; d++) {
    if (a % d === 0n) {
      out.push(d);
      if (d * d !== a) out.push(a / d);
    }
  }
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Synthetic division by (s - root); the remainder is known to be 0. */
function deflate(coefficients: readonly Fraction[], root: Fraction): Fraction[] {
  const n = coefficients.length - 1;
  const out: Fraction[] = new Array(n);
  let carry = fraction(0);
  for (let k = n; k >= 1; k--) {
    carry = carry.mul(root).add(coefficients[k]);
    out[k - 1] = carry;
  }
  return out;
}

function findRationalRoot(coefficients: readonly Fraction[]): Fraction | null {
  if (coefficients.length < 2) return null;
  if (coefficients[0].equals(0)) return fraction(0);
  let lcm = 1n;
  for (const c of coefficients) lcm = (lcm * c.d) / gcd(lcm, c.d);
  const integer = coefficients.map((c) => c.s * c.n * (lcm / c.d));
  for (const p of divisors(integer[0])) {
    for (const q of divisors(integer[integer.length - 1])) {
      for (const sign of [1, -1]) {
        const candidate = fraction(sign * Number(p), Number(q));
        if (evaluatePolynomial(coefficients, candidate).equals(0)) return candidate;
      }
    }
  }
  return null;
}

function linearFactor(root: Fraction, style: 'plain' | 'latex'): string {
  if (root.equals(0)) return 'x';
  const q = root.d;
  const p = root.s * root.n;
  const x = q === 1n ? 'x' : style === 'plain' ? `${q}*x` : `${q}x`;
  const absP = p < 0n ? -p : p;
  const h = absP === 1n ? 'h' : style === 'plain' ? `${absP}*h` : `${absP}h`;
  return `${x} ${p > 0n ? '-' : '+'} ${h}`;
}

export function linearFactorisation(ascending: readonly Fraction[]): LinearFactorisation {
  let coefficients = [...ascending];
  while (coefficients.length > 1 && coefficients[coefficients.length - 1].equals(0)) coefficients.pop();
  const leading = coefficients[coefficients.length - 1];
  coefficients = coefficients.map((c) => c.div(leading));
  const found: Fraction[] = [];
  for (let root = findRationalRoot(coefficients); root; root = findRationalRoot(coefficients)) {
    found.push(root);
    coefficients = deflate(coefficients, root);
  }
  found.sort((a, b) => a.compare(b));
  const roots: Array<{ root: Fraction; multiplicity: number }> = [];
  for (const r of found) {
    const last = roots[roots.length - 1];
    if (last && last.root.equals(r)) last.multiplicity += 1;
    else roots.push({ root: r, multiplicity: 1 });
  }
  // each factor (q x - p h) = q (x - r h): fold 1/q into the constant, and the rest's content too
  const { integers: integerRest, content } = primitiveIntegerForm(coefficients);
  const constant = roots
    .reduce((c, { root, multiplicity }) => c.div(fraction(Number(root.d)).pow(multiplicity)), leading)
    .mul(content);
  const degreeRest = coefficients.length - 1;
  const restPlain = degreeRest === 0 ? [] : [`(${homogeneousText(integerRest, 'plain')})`];
  const powPlain = (f: string, k: number, bare: boolean) => {
    const base = bare ? f : `(${f})`;
    return k === 1 ? base : `${base}^${k}`;
  };
  const plainFactors = roots.map(({ root, multiplicity }) =>
    powPlain(linearFactor(root, 'plain'), multiplicity, root.equals(0)),
  );
  const plain = [`(${constant.toFraction()})`, ...plainFactors, ...restPlain].join('*');
  const latexConstant = constant.equals(1)
    ? ''
    : constant.equals(-1)
      ? '-'
      : `${constant.s < 0n ? '-' : ''}\\tfrac{${constant.n}}{${constant.d}}\\,`;
  const latexFactors = roots.map(({ root, multiplicity }) => {
    const f = linearFactor(root, 'latex');
    const base = root.equals(0) ? f : `(${f})`;
    return multiplicity === 1 ? base : `${base}^{${multiplicity}}`;
  });
  const latexRest = degreeRest === 0 ? [] : [`(${homogeneousText(integerRest, 'latex')})`];
  return {
    constant,
    roots,
    rest: coefficients,
    integerRest,
    plain,
    latex: latexConstant + [...latexFactors, ...latexRest].join('\\,'),
  };
}

/** Coprime integers z_k and the content c with ascending = c z (leading z positive). */
function primitiveIntegerForm(ascending: readonly Fraction[]): { integers: bigint[]; content: Fraction } {
  let lcm = 1n;
  for (const c of ascending) lcm = (lcm * c.d) / gcd(lcm, c.d);
  const scaled = ascending.map((c) => c.s * c.n * (lcm / c.d));
  let common = 0n;
  for (const v of scaled) common = gcd(common, v);
  if (scaled[scaled.length - 1] < 0n) common = -common;
  return { integers: scaled.map((v) => v / common), content: rational(common, lcm) };
}

/** sum z_k x^k h^(d-k), highest power of x first: "3*x^2 - 3*x*h - h^2" or "3x^{2} - 3xh - h^{2}". */
function homogeneousText(ascending: readonly bigint[], style: 'plain' | 'latex'): string {
  const d = ascending.length - 1;
  const power = (v: string, e: number) =>
    e === 0 ? '' : e === 1 ? v : style === 'plain' ? `${v}^${e}` : `${v}^{${e}}`;
  const terms: string[] = [];
  for (let k = d; k >= 0; k--) {
    const z = ascending[k];
    if (z === 0n) continue;
    const magnitude = z < 0n ? -z : z;
    const factors = [power('x', k), power('h', d - k)].filter((f) => f !== '');
    const body =
      style === 'plain'
        ? [...(magnitude === 1n && factors.length > 0 ? [] : [String(magnitude)]), ...factors].join('*')
        : (magnitude === 1n && factors.length > 0 ? '' : String(magnitude)) + factors.join('');
    terms.push(terms.length === 0 ? `${z < 0n ? '-' : ''}${body}` : ` ${z < 0n ? '-' : '+'} ${body}`);
  }
  return terms.join('');
}
