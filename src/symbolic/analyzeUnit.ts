/**
 * analyzeUnit: what the form of a unit alone says about its order of approximation, derived (not
 * looked up) and checked:
 *   - the active side of one neuron in 1-D, expanded by the CAS with coefficients in the parameters
 *     (checked against the unexpanded product in exact rationals), and its degree m in x;
 *   - the continuity r at the knots and the specialisation (ties, constants) that reaches it, from
 *     incrementFamily; the specialised neuron is checked to equal D (Gx+g)^(r+1) (Lx+l) exactly;
 *   - whether the increment set is a linear space, the predicted order m+1 and slope -(m+1)/dim,
 *     the parameter count.
 * Smooth gates give no prediction (a normal result, predictedSlope null).
 *
 * Example: analyzeUnit(parseUnit('glu'), 2).predictedSlope === -1.5
 */
import type { UnitForm } from '../core/unitForm.js';
import { activeSideDegree } from '../core/unitForm.js';
import { CheckFailedError, UsageError } from '../core/errors.js';
import { casExpand } from './cas.js';
import { checkIdentity } from './exactCheck.js';
import { analysedUnit } from './analysedUnit.js';
import { parameterCountOf, type ParameterCount } from './parameterCount.js';
import { collectIn, polynomialFromExpression, renderLatex, renderPlain } from './sparsePolynomial.js';

export const NO_PREDICTION_NOTE = 'no prediction: gate is not piecewise polynomial';

export interface UnitAnalysis {
  readonly unit: string;
  readonly expression: string;
  readonly dim: number;
  readonly gate: { readonly activation: string; readonly piecewisePolynomial: boolean };
  /** one neuron on its active side (z = Gx + g > 0), 1-D; null for smooth gates */
  readonly activeSide: {
    readonly polynomial: string;
    readonly latex: string;
    /** [power of x, coefficient], highest power first */
    readonly coefficients: ReadonlyArray<{ readonly power: number; readonly coefficient: string }>;
  } | null;
  readonly degree: number | null;
  readonly continuity: number | null;
  /** the specialisation that reaches the predicted order; null for smooth gates */
  readonly specialisation: {
    readonly ties: readonly string[];
    readonly constants: readonly string[];
    readonly freeMap: string | null;
    /** the specialised neuron's active side, checked: "D*(G*x + g)^2*(Q*x + q)" */
    readonly increment: string;
    /** the spline space spanned, e.g. "S_3^1 (degree 3, C^1)" */
    readonly splineSpace: string;
  } | null;
  readonly incrementIsLinearSpace: boolean | null;
  readonly nonLinearWitness: string | null;
  readonly predictedOrder: number | null;
  readonly predictedSlope: number | null;
  readonly paramCount: ParameterCount;
  readonly notes: readonly string[];
}

// CAS-safe internal names (single letters such as e, i, E would be constants to the CAS and mathjs).
const weightName = (map: string) => `w${map}`;
const biasName = (map: string) => `b${map}`;
const OUTPUT = 'dout';

function displayNames(unit: UnitForm): Record<string, string> {
  const names: Record<string, string> = { [OUTPUT]: 'D' };
  for (const map of unit.maps) {
    names[weightName(map)] = map.toUpperCase();
    names[biasName(map)] = map;
  }
  return names;
}

function affine(map: string): string {
  return `(${weightName(map)}*x + ${biasName(map)})`;
}

function activeSideProduct(unit: UnitForm): string {
  const pow = (s: string, k: number) => (k === 1 ? s : `${s}^${k}`);
  return [
    OUTPUT,
    pow(affine(unit.gate.map), unit.gate.power),
    ...unit.factors.map((f) => pow(affine(f.map), f.power)),
  ].join('*');
}

function variablesOf(unit: UnitForm): string[] {
  return ['x', OUTPUT, ...unit.maps.flatMap((m) => [weightName(m), biasName(m)])];
}

function display(text: string, names: Record<string, string>): string {
  return text.replace(/\b(dout|[wb][a-z])\b/g, (s) => names[s] ?? s);
}

export function analyzeUnit(unit: UnitForm, dim = 1): UnitAnalysis {
  if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`--dim must be an integer >= 1, got "${dim}"`);
  const paramCount = parameterCountOf(unit, dim);
  const base = {
    unit: unit.name,
    expression: unit.expression,
    dim,
    gate: { activation: unit.gate.activation, piecewisePolynomial: unit.piecewisePolynomial },
    paramCount,
  };
  const { family } = analysedUnit(unit);
  if (!family) {
    return {
      ...base,
      activeSide: null,
      degree: null,
      continuity: null,
      specialisation: null,
      incrementIsLinearSpace: null,
      nonLinearWitness: null,
      predictedOrder: null,
      predictedSlope: null,
      notes: [
        `${NO_PREDICTION_NOTE} (${unit.gate.activation} is smooth: no knots, no cells, so the spline-order argument does not apply)`,
      ],
    };
  }
  const names = displayNames(unit);
  const variables = variablesOf(unit);

  // Active side, expanded and collected in x.
  const product = activeSideProduct(unit);
  const expanded = casExpand(product);
  checkIdentity('active-side expansion', product, expanded, variables);
  const polynomial = polynomialFromExpression(expanded);
  const collected = collectIn(polynomial, 'x');
  const coefficients = collected.map(([power, c]) => ({ power, coefficient: renderPlain(c, { names }) }));
  const degree = collected.length > 0 ? collected[0][0] : 0;
  if (degree !== activeSideDegree(unit)) {
    throw new CheckFailedError(
      'active-side degree',
      `the expansion has degree ${degree}, the form ${activeSideDegree(unit)}`,
    );
  }
  const term = (power: number, c: string, latex: boolean) => {
    const grouped = c.includes(' + ') || c.includes(' - ') ? `(${c})` : c;
    const xs = power === 0 ? '' : power === 1 ? 'x' : latex ? `x^{${power}}` : `x^${power}`;
    return power === 0 ? grouped : `${grouped}${latex ? '\\,' : '*'}${xs}`;
  };
  const plain = coefficients.map(({ power, coefficient }) => term(power, coefficient, false)).join(' + ');
  const latex = collected.map(([power, c]) => term(power, renderLatex(c, { names }), true)).join(' + ');

  // The specialisation that reaches the best spline space, checked exactly and by the CAS.
  const best = family.best;
  const substitutions: Record<string, string> = {};
  for (const [map, role] of Object.entries(best.roles)) {
    if (role === 'tie')
      Object.assign(substitutions, {
        [weightName(map)]: weightName(unit.gate.map),
        [biasName(map)]: biasName(unit.gate.map),
      });
    if (role === 'const') Object.assign(substitutions, { [weightName(map)]: '0', [biasName(map)]: '1' });
  }
  const specialised = product.replace(/\b(w[a-z]|b[a-z])\b/g, (s) => substitutions[s] ?? s);
  const incrementForm = [
    OUTPUT,
    best.knotPower === 1 ? affine(unit.gate.map) : `${affine(unit.gate.map)}^${best.knotPower}`,
    ...(best.freeMap ? [affine(best.freeMap)] : []),
  ].join('*');
  if (casExpand(`${specialised} - ${incrementForm}`) !== '0') {
    throw new CheckFailedError('specialised increment', `the CAS does not reduce ${specialised} to ${incrementForm}`);
  }
  checkIdentity('specialised increment', specialised, incrementForm, variables);

  const m = best.degree;
  const r = best.continuity;
  const notes: string[] = [];
  if (!family.isLinearSpace) notes.push(`the increment set is not a linear space: ${family.nonLinearWitness}`);
  if (best.ties.length > 0) {
    notes.push(
      `tie ${best.ties.join(', ')} (relu(z)*z = relu(z)^2) makes every increment ${display(incrementForm, names)}: ` +
        `all of (x - t)^${best.knotPower} times ${best.freeMap ? 'a linear polynomial' : 'a constant'}, which spans the C^${r} splines of degree ${m} and reaches order ${m + 1}`,
    );
  }
  if (best.constants.length > 0)
    notes.push(`with ${best.constants.join(', ')} the factor drops out; the remaining form reaches the highest order`);
  if (dim > 1)
    notes.push(
      `in ${dim} input dimensions the cells are ${dim}-dimensional and h ~ n^(-1/${dim}), so the slope is -(m+1)/${dim}`,
    );
  return {
    ...base,
    activeSide: {
      polynomial: display(plain, names),
      latex,
      coefficients: coefficients.map((c) => ({ ...c, coefficient: display(c.coefficient, names) })),
    },
    degree,
    continuity: r,
    specialisation: {
      ties: best.ties,
      constants: best.constants,
      freeMap: best.freeMap,
      increment: display(incrementForm, names),
      splineSpace: `S_${m}^${r} (degree ${m}, C^${r} at the knots)`,
    },
    incrementIsLinearSpace: family.isLinearSpace,
    nonLinearWitness: family.nonLinearWitness,
    predictedOrder: m + 1,
    predictedSlope: -(m + 1) / dim,
    notes,
  };
}
