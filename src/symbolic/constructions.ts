/**
 * The one registry of explicit constructions, keyed by the spline space S_m^r (degree m, C^r knots)
 * a unit's best increment family spans: for each, the cell conditions the proof derives its error
 * from (symbolic/cellDerivation), the lemma its knot data rest on, the builder that computes the
 * spline on uniform knots (src/spline), the number of head neurons the network needs, and the text
 * the proof and the construct verb print. A unit gets the construction of its (m, r), never one
 * chosen by its name, so relu(g)^2*u gets the GQU's cubic Hermite spline.
 *
 * Conditions fix the cell polynomial p(x) = a_0 + ... + a_m x^m on one cell [0, h] (local coordinate
 * x, cell width h, left knot at x = 0). "inherited" conditions hold automatically: an increment
 * (x - t)^(r+1) p(x) leaves the value and the first r derivatives at the knot unchanged. "smooth mode"
 * data are f^(k) - h^2 f^(k+2) / 12, the value the slope recurrence (r = 1, m = 2) or the spline moment
 * equations (r = 2, m = 3) produce on smooth targets (proved in the lemma of the proof).
 *
 * Examples:  findConstruction(3, 1)?.title === 'C1 cubic Hermite spline';  headNeuronCount(3, 2) === 3
 */
import type { Target } from '../core/target.js';
import type { CellPolynomials } from '../spline/cellPolynomials.js';
import { linearInterpolant } from '../spline/linearInterpolant.js';
import { gluCurvatureRecurrence } from '../spline/gluCurvatureRecurrence.js';
import { c1QuadraticSpline, smoothStartSlope } from '../spline/c1QuadraticSpline.js';
import { cubicHermiteSpline } from '../spline/cubicHermiteSpline.js';
import { c2CubicSpline, smoothEndMoments } from '../spline/c2CubicSpline.js';

export interface CellCondition {
  /** which derivative of p is fixed */
  readonly derivative: number;
  /** where: the left knot (0) or the right knot (1, i.e. x = h) */
  readonly at: 0 | 1;
  /** fixed to f^(k) (false) or to the smooth mode f^(k) - h^2 f^(k+2) / 12 (true) */
  readonly smoothMode: boolean;
  /** why this condition holds, one phrase */
  readonly reason: string;
}

export type CellLemma = 'slopeRecurrence' | 'momentEquations' | null;

export interface SplineConstruction {
  readonly degree: number;
  readonly continuity: number;
  /** e.g. "linear interpolant" */
  readonly title: string;
  /** one paragraph: what the construction does cell by cell */
  readonly description: string;
  /** one line for tables and the construct verb, e.g. "linear interpolant (paper eq. 6)" */
  readonly summary: string;
  readonly conditions: readonly CellCondition[];
  readonly lemma: CellLemma;
  /** neurons that write the first cell's full polynomial (headNeuronCount) */
  readonly headNeurons: number;
  /** the spline on `cells` uniform cells of the target's domain */
  build(target: Target, cells: number): CellPolynomials;
}

const INHERITED = 'inherited from the previous cell (the increment vanishes there to this order)';

/**
 * Neurons needed to write the first cell's full degree-m polynomial (the "head"): with the output
 * bias d, k neurons (x - s_i)^(r+1) q_i(x), deg q_i = m - r - 1, give 1 + k (m - r) coefficients,
 * and m + 1 are needed, so k = ceil(m / (m - r)). MLP, GLU: 1; relu2, GQU: 2; relu3: 3.
 */
export function headNeuronCount(degree: number, continuity: number): number {
  return Math.ceil(degree / (degree - continuity));
}

const cellWidth = (target: Target, cells: number): number => (target.domain[1] - target.domain[0]) / cells;

export const SPLINE_CONSTRUCTIONS: readonly SplineConstruction[] = [
  {
    degree: 1,
    continuity: 0,
    title: 'piecewise-linear interpolant',
    description:
      'Each cell polynomial takes the value of the previous cell at its left knot and is matched to $f$ at its right knot: the network is the linear interpolant of $f$ at the knots.',
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
    summary: 'linear interpolant (paper eq. 6)',
    headNeurons: headNeuronCount(1, 0),
    build: linearInterpolant,
  },
  {
    degree: 2,
    continuity: 0,
    title: "C0 quadratic with the target curvature (the paper's construction)",
    description:
      "Each cell polynomial takes the value of the previous cell at its left knot, has second derivative $f''(t_i)$ (the curvature of the target at the left knot), and is matched to $f$ at its right knot. The knots are $C^0$: the slope jumps.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 2, at: 0, smoothMode: false, reason: 'imposed: the curvature of the target at the left knot' },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
    summary: "quadratic, curvature f''(left knot), the paper's GLU recurrence (eqs. 10-12)",
    headNeurons: headNeuronCount(2, 0),
    build: gluCurvatureRecurrence,
  },
  {
    degree: 2,
    continuity: 1,
    title: 'C1 quadratic spline',
    description:
      "Each cell polynomial inherits value and slope at its left knot and is matched to $f$ at its right knot, so the slope follows the recurrence $s_{i+1} = 2 (f(t_{i+1}) - f(t_i))/h - s_i$. Started with $s_0 = f'(t_0) - h^2 f'''(t_0)/12$, the recurrence keeps $s_i = f'(t_i) - h^2 f'''(t_i)/12 + O(h^3)$ (lemma).",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      {
        derivative: 1,
        at: 0,
        smoothMode: true,
        reason: 'inherited; its value is the smooth mode of the slope recurrence (lemma)',
      },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: 'slopeRecurrence',
    summary: "C1 quadratic spline, start slope f'(a) - h^2 f'''(a)/12",
    headNeurons: headNeuronCount(2, 1),
    build: (target, cells) => c1QuadraticSpline(target, cells, smoothStartSlope(target, cellWidth(target, cells))),
  },
  {
    degree: 3,
    continuity: 1,
    title: 'C1 cubic Hermite spline',
    description:
      "Each cell polynomial inherits value and slope at its left knot (both equal to the target's, matched by the previous cell) and is matched to $f$ and $f'$ at its right knot: the cubic Hermite interpolant.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 1, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
      { derivative: 1, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
    summary: "cubic Hermite spline (f and f' at every knot)",
    headNeurons: headNeuronCount(3, 1),
    build: cubicHermiteSpline,
  },
  {
    degree: 3,
    continuity: 2,
    title: 'C2 cubic interpolating spline',
    description:
      "The cubic spline that interpolates $f$ at the knots, with moments (second derivatives at the knots) $M_i$ from the tridiagonal equations $M_{i-1} + 4 M_i + M_{i+1} = 6 (f(t_{i-1}) - 2 f(t_i) + f(t_{i+1}))/h^2$ and end moments $M_0, M_N$ ($N$ cells) set to $f'' - h^2 f''''/12$ at the end knots. The smooth mode $M_i = f''(t_i) - h^2 f''''(t_i)/12$ satisfies those equations up to $O(h^4)$ (lemma), and the system is diagonally dominant ($\\|A^{-1}\\|_\\infty \\le 1/2$), so the solved moments equal it up to $O(h^4)$. On each cell: values matched at both knots, these moments at both knots.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 2, at: 0, smoothMode: true, reason: 'the moment $M_i$ (lemma)' },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
      { derivative: 2, at: 1, smoothMode: true, reason: 'the moment $M_{i+1}$ (lemma)' },
    ],
    lemma: 'momentEquations',
    summary: "C2 cubic interpolating spline, end moments f'' - h^2 f''''/12",
    headNeurons: headNeuronCount(3, 2),
    build: (target, cells) => c2CubicSpline(target, cells, smoothEndMoments(target, cellWidth(target, cells))),
  },
];

export function findConstruction(degree: number, continuity: number): SplineConstruction | null {
  return SPLINE_CONSTRUCTIONS.find((c) => c.degree === degree && c.continuity === continuity) ?? null;
}

/** The spline spaces with a construction, e.g. "degree 1 C0, degree 2 C0, ...". */
export const AVAILABLE_CONSTRUCTIONS = SPLINE_CONSTRUCTIONS.map((c) => `degree ${c.degree} C${c.continuity}`).join(
  ', ',
);

/** Why a unit of spline space (m, r) has no construction (one line). */
export function noConstructionReason(unitName: string, degree: number, continuity: number): string {
  return `no construction for degree-${degree} C${continuity} splines (unit ${unitName}); constructions exist for ${AVAILABLE_CONSTRUCTIONS}`;
}

/** Why a smooth-gated unit has no construction (one line). */
export function smoothGateNoConstructionReason(unitName: string, activation: string): string {
  return (
    `no construction for ${unitName}: its gate ${activation} is not piecewise polynomial, so it spans no spline space; ` +
    `constructions exist for relu-gated units whose best increment family gives ${AVAILABLE_CONSTRUCTIONS} splines`
  );
}
