/**
 * The unit language: a neuron written as a product of one gate activation and affine maps of x.
 *
 * Syntax:   unit   := builtin | factor ('*' factor)*
 *           factor := gate '(' letter ')' ['^' k] | letter ['^' k]
 * Each single letter (a-z except x, the input, d, the output bias, and n, the width) names its own affine map
 * `L x + l` (weight: the upper-case letter, bias: the letter itself). The gate's argument is the
 * gate map, conventionally `g`. k is a positive integer.
 *
 * Examples:  parseUnit('glu')          -> relu(g)*u
 *            parseUnit('relu(g)^2*u')  -> gate relu^2 of g, one free factor u
 * See also: symbolic/incrementFamily (what a form can represent on one side of its knot).
 */
import type { MathNode } from 'mathjs/number';
import { numberMath } from './numberMath.js';
import { UsageError } from './errors.js';
import { expressionTextProblem, MAX_UNIT_LENGTH } from './expressionText.js';
import { clipMessage, quoteUserText } from './userText.js';

export type GateActivation = 'relu' | 'gelu' | 'silu' | 'sigmoid' | 'tanh';

/** Gates that are polynomial (zero, or the identity) on each side of their knot. */
export const PIECEWISE_POLYNOMIAL_GATES: readonly GateActivation[] = ['relu'];
/** Smooth gates: accepted, but the piecewise-polynomial theory makes no prediction for them. */
export const SMOOTH_GATES: readonly GateActivation[] = ['gelu', 'silu', 'sigmoid', 'tanh'];
// Maps, not plain objects: a user's name is looked up here, and every plain object answers
// "constructor", "toString" or "__proto__" (analyze 'constructor(g)' printed a gate named
// "function Object() { [native code] }").
const GATE_ALIASES: ReadonlyMap<string, GateActivation> = new Map([
  ['relu', 'relu'],
  ['gelu', 'gelu'],
  ['silu', 'silu'],
  ['swish', 'silu'],
  ['sigmoid', 'sigmoid'],
  ['tanh', 'tanh'],
]);

export const BUILTIN_UNITS: Readonly<Record<string, string>> = {
  mlp: 'relu(g)',
  glu: 'relu(g)*u',
  reglu: 'relu(g)*u',
  gqu: 'relu(g)*u*q',
  relu2: 'relu(g)^2',
  relu3: 'relu(g)^3',
  geglu: 'gelu(g)*u',
  swiglu: 'silu(g)*u',
};

/** The built-in unit named `name` (any case), or undefined; never a property every object has. */
function builtinExpression(name: string): string | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(BUILTIN_UNITS, key) ? BUILTIN_UNITS[key] : undefined;
}

/**
 * Largest active-side degree accepted. The CAS expansion slows sharply past ~20 (nerdamer times out
 * at 50), and an order m + 1 > 13 cannot be measured in float64: the RMSE reaches the 1e-16 floor
 * within a handful of widths.
 */
export const MAX_ACTIVE_DEGREE = 12;

export interface AffineFactor {
  /** the map's letter; its weight is the upper-case letter */
  readonly map: string;
  readonly power: number;
}

export interface UnitForm {
  /** built-in name, or the canonical expression for a written form */
  readonly name: string;
  /** canonical expression, e.g. `relu(g)*u*q` */
  readonly expression: string;
  readonly gate: { readonly activation: GateActivation; readonly map: string; readonly power: number };
  /** affine factors outside the gate, merged by map, in order of first appearance */
  readonly factors: readonly AffineFactor[];
  /** distinct affine maps, the gate map first */
  readonly maps: readonly string[];
  readonly piecewisePolynomial: boolean;
}

const ALLOWED =
  'a unit is a product of one gate (relu, gelu, silu/swish, sigmoid, tanh) of a single letter and powers of single letters ' +
  '(not x, d or n), e.g. relu(g)*u, or a built-in: ' +
  Object.keys(BUILTIN_UNITS).join(', ');

function fail(problem: string): never {
  throw new UsageError(`${problem}; ${ALLOWED}`);
}

function mapLetter(node: MathNode, where: string): string {
  if (node.type !== 'SymbolNode') fail(`${where} must be a single letter, got ${quoteUserText(node.toString())}`);
  const name = (node as unknown as { name: string }).name;
  if (name === 'x') fail(`"x" is the input, not an affine map (in ${where})`);
  if (name === 'd') fail(`"d" is reserved for the output bias (in ${where})`);
  // The parameter record's JSON form has a field "n" (the width); a map letter n would collide with it.
  if (name === 'n') fail(`"n" is reserved for the width (in ${where})`);
  if (!/^[a-z]$/.test(name)) fail(`unknown symbol ${quoteUserText(name)}`);
  return name;
}

function positiveIntegerExponent(node: MathNode, of: string): number {
  const value = node.type === 'ConstantNode' ? (node as unknown as { value: unknown }).value : undefined;
  const k = typeof value === 'number' ? value : Number(value);
  if (!(node.type === 'ConstantNode' && Number.isInteger(k) && k >= 1)) {
    fail(`the exponent of ${of} must be a positive integer, got ${quoteUserText(node.toString())}`);
  }
  return k;
}

interface RawFactor {
  kind: 'gate' | 'map';
  activation?: GateActivation;
  map: string;
  power: number;
}

function collectFactors(node: MathNode, out: RawFactor[]): void {
  switch (node.type) {
    case 'ParenthesisNode':
      collectFactors((node as unknown as { content: MathNode }).content, out);
      return;
    case 'OperatorNode': {
      const op = node as unknown as { op: string; fn: string; args: MathNode[]; implicit?: boolean };
      if (op.op === '*') {
        for (const a of op.args) collectFactors(a, out);
        return;
      }
      if (op.op === '^') {
        const [base, exponent] = op.args;
        const inner: RawFactor[] = [];
        collectFactors(base, inner);
        if (inner.length !== 1)
          fail(`a power must apply to a single gate or letter, got ${quoteUserText(base.toString())}`);
        const k = positiveIntegerExponent(exponent, quoteUserText(base.toString()));
        out.push({ ...inner[0], power: inner[0].power * k });
        return;
      }
      if (op.op === '+' || op.op === '-')
        fail(`a sum or difference of terms (${quoteUserText(node.toString())}) is outside the family`);
      if (op.op === '/') fail(`a quotient (${quoteUserText(node.toString())}) is outside the family`);
      fail(`operator ${quoteUserText(op.op)} is not allowed`);
    }
    // falls through: fail() never returns
    case 'FunctionNode': {
      const fn = node as unknown as { fn: { name?: string }; args: MathNode[] };
      const fname = typeof fn.fn.name === 'string' ? fn.fn.name : fn.fn.toString();
      const activation = GATE_ALIASES.get(fname);
      if (!activation) fail(`unknown function ${quoteUserText(fname)}`);
      if (fn.args.length !== 1) fail(`${fname} takes one argument, got ${fn.args.length}`);
      out.push({ kind: 'gate', activation, map: mapLetter(fn.args[0], `the argument of ${fname}`), power: 1 });
      return;
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      if (builtinExpression(name) !== undefined) fail(`built-in "${name}" cannot be combined with other factors`);
      out.push({ kind: 'map', map: mapLetter(node, 'a factor'), power: 1 });
      return;
    }
    case 'ConstantNode':
      fail(
        `numeric factor ${quoteUserText(node.toString())} is not allowed (the output weight D already scales the unit)`,
      );
    // falls through: fail() never returns
    default:
      fail(`${quoteUserText(node.toString())} is not allowed`);
  }
}

function canonicalExpression(gate: UnitForm['gate'], factors: readonly AffineFactor[]): string {
  const pow = (s: string, k: number) => (k === 1 ? s : `${s}^${k}`);
  return [pow(`${gate.activation}(${gate.map})`, gate.power), ...factors.map((f) => pow(f.map, f.power))].join('*');
}

/** Parse a unit name or expression; throws UsageError naming the problem. */
export function parseUnit(text: string): UnitForm {
  const source = text.trim();
  // Length, nesting and control characters first: mathjs parses recursively, and a unit of 80 KB
  // overflowed the stack (exit 3) instead of being refused.
  const textProblem = expressionTextProblem('unit', source, MAX_UNIT_LENGTH);
  if (textProblem) fail(textProblem);
  const quoted = quoteUserText(source);
  const builtin = builtinExpression(source);
  let node: MathNode;
  try {
    node = numberMath().parse(builtin ?? source);
  } catch (err) {
    fail(`cannot parse unit ${quoted} (${clipMessage((err as Error).message)})`);
  }
  const raw: RawFactor[] = [];
  collectFactors(node, raw);
  const gates = raw.filter((f) => f.kind === 'gate');
  if (gates.length === 0) fail(`unit ${quoted} has no gate`);
  if (gates.length > 1 && new Set(gates.map((g) => `${g.activation}(${g.map})`)).size > 1) {
    fail(`unit ${quoted} has more than one gate`);
  }
  const gate = { activation: gates[0].activation!, map: gates[0].map, power: gates.reduce((s, g) => s + g.power, 0) };
  const factors: AffineFactor[] = [];
  for (const f of raw) {
    if (f.kind !== 'map') continue;
    const existing = factors.findIndex((e) => e.map === f.map);
    if (existing >= 0) factors[existing] = { map: f.map, power: factors[existing].power + f.power };
    else factors.push({ map: f.map, power: f.power });
  }
  const maps = [gate.map, ...factors.map((f) => f.map).filter((m) => m !== gate.map)];
  const expression = canonicalExpression(gate, factors);
  const degree = gate.power + factors.reduce((sum, f) => sum + f.power, 0);
  if (degree > MAX_ACTIVE_DEGREE) {
    throw new UsageError(
      `unit ${quoted} has degree ${degree} on its active side; at most ${MAX_ACTIVE_DEGREE} is supported`,
    );
  }
  return {
    name: builtin ? source.toLowerCase() : expression,
    expression,
    gate,
    factors,
    maps,
    piecewisePolynomial: PIECEWISE_POLYNOMIAL_GATES.includes(gate.activation),
  };
}

/** Total polynomial degree in x of one neuron's active side (relu gates only). */
export function activeSideDegree(unit: UnitForm): number {
  return unit.gate.power + unit.factors.reduce((s, f) => s + f.power, 0);
}
