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
import { quasiInterpolant, type UniformBSpline } from '../spline/quasiInterpolant.js';
import { quasiInterpolantMinimumCells } from '../spline/quasiInterpolantStencil.js';
import { MAX_ACTIVE_DEGREE } from '../core/unitForm.js';
import { rational, type Fraction } from '../linalg/exactRational.js';

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

interface ConstructionCommon {
  /** degree m of the spline built */
  readonly degree: number;
  /** continuity of the spline built (for a quasi-interpolant m - 1, whatever the unit's space) */
  readonly continuity: number;
  /** e.g. "linear interpolant" */
  readonly title: string;
  /** one paragraph: what the construction does cell by cell */
  readonly description: string;
  /** one line for tables and the construct verb, e.g. "linear interpolant (paper eq. 6)" */
  readonly summary: string;
  /** neurons that write a full degree-m polynomial on the whole domain (headNeuronCount; m for a quasi-interpolant) */
  readonly headNeurons: number;
  /** the fewest cells the scheme accepts (1, or 2m + 2 j0 for a quasi-interpolant) */
  readonly minimumCells: number;
}

/** A construction whose cell polynomial is fixed by conditions at the cell's knots. */
export interface CellConditionConstruction extends ConstructionCommon {
  readonly kind: 'cellConditions';
  readonly conditions: readonly CellCondition[];
  readonly lemma: CellLemma;
  /** the spline on `cells` uniform cells of the target's domain */
  build(target: Target, cells: number): CellPolynomials;
}

/** The local quasi-interpolant of S_m^(m-1) (spline/quasiInterpolantStencil). */
export interface QuasiInterpolantConstruction extends ConstructionCommon {
  readonly kind: 'quasiInterpolant';
  /** continuity r of the unit's best space: m - 1, or less when the free factor is tied to the gate */
  readonly spaceContinuity: number;
  /**
   * v_i of the m head neurons (knot x0 - R/v_i, gate sign(v_i); x0, R the domain's centre and
   * half-length): m + 1 equispaced values on [-1, 1] less the one nearest 0 (the first of two for odd m)
   */
  readonly headDirections: readonly Fraction[];
  build(target: Target, cells: number): UniformBSpline;
}

export type SplineConstruction = CellConditionConstruction | QuasiInterpolantConstruction;

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

export const SPLINE_CONSTRUCTIONS: readonly CellConditionConstruction[] = [
  {
    kind: 'cellConditions',
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
    minimumCells: 1,
    build: linearInterpolant,
  },
  {
    kind: 'cellConditions',
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
    minimumCells: 1,
    build: gluCurvatureRecurrence,
  },
  {
    kind: 'cellConditions',
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
    minimumCells: 1,
    build: (target, cells) => c1QuadraticSpline(target, cells, smoothStartSlope(target, cellWidth(target, cells))),
  },
  {
    kind: 'cellConditions',
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
    minimumCells: 1,
    build: cubicHermiteSpline,
  },
  {
    kind: 'cellConditions',
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
    minimumCells: 1,
    build: (target, cells) => c2CubicSpline(target, cells, smoothEndMoments(target, cellWidth(target, cells))),
  },
];

/** The lowest degree served by the quasi-interpolant: below it the five cell-condition constructions. */
export const QUASI_INTERPOLANT_MIN_DEGREE = 4;

const quasiInterpolants = new Map<string, QuasiInterpolantConstruction>();

/** The head's v_i: both sides of the domain, equispaced in v = -1/(knot offset in half-lengths). */
function headDirections(m: number): Fraction[] {
  const all = Array.from({ length: m + 1 }, (_, j) => rational(2 * j - m, m));
  let nearest = 0;
  all.forEach((v, j) => {
    if (v.abs().compare(all[nearest].abs()) < 0) nearest = j;
  });
  return all.filter((_, j) => j !== nearest);
}

function quasiInterpolantConstruction(m: number, r: number): QuasiInterpolantConstruction {
  const key = `${m},${r}`;
  const cached = quasiInterpolants.get(key);
  if (cached) return cached;
  const grid = m % 2 === 1 ? 'knots' : 'cell midpoints';
  const points = 2 * (Math.floor(m / 2) + 2) + 1;
  const tie =
    r < m - 1
      ? ` The unit's best space is $S_{${m}}^{${r}}$; its free factor is tied to the gate as well, so every neuron is $D\\,\\mathrm{relu}(z)^{${m}}$ and the network spans $S_{${m}}^{${m - 1}} \\subset S_{${m}}^{${r}}$, which has the same order ${m + 1}.`
      : '';
  const construction: QuasiInterpolantConstruction = {
    kind: 'quasiInterpolant',
    degree: m,
    continuity: m - 1,
    spaceContinuity: r,
    title: `C${m - 1} quasi-interpolant of degree ${m}`,
    description:
      `A local quasi-interpolant $Qf = \\sum_j c_j B_j$ in the $C^{${m - 1}}$ splines of degree ${m} (B-splines $B_j$ on the knots continued beyond the domain). ` +
      `In the interior each coefficient is a fixed symmetric stencil of ${points} values of $f$ at ${grid}, with rational weights from $\\sum_i w_i e^{iz} = ((z/2)/\\sinh(z/2))^{${m + 1}}$; ` +
      `the ${m + (m % 2 === 1 ? 1 : 2)} coefficients at each end come from a small least-squares fit to $f$ on the cells they touch. Nothing global is solved, and only values of $f$ inside the domain are used.` +
      tie,
    summary:
      `quasi-interpolant: ${points}-point stencil of f at ${grid}, least-squares ends` +
      (r < m - 1 ? `; free factor tied to the gate (degree-${m} C${m - 1} inside S_${m}^${r})` : ''),
    headNeurons: m,
    headDirections: headDirections(m),
    minimumCells: quasiInterpolantMinimumCells(m),
    build: (target, cells) => quasiInterpolant(target, cells, m),
  };
  quasiInterpolants.set(key, construction);
  return construction;
}

/**
 * The construction of spline space (m, r): one of the five for m <= 3, the quasi-interpolant for
 * 4 <= m <= MAX_ACTIVE_DEGREE and any r < m, null otherwise.
 */
export function findConstruction(degree: number, continuity: number): SplineConstruction | null {
  const cellConditions = SPLINE_CONSTRUCTIONS.find((c) => c.degree === degree && c.continuity === continuity);
  if (cellConditions) return cellConditions;
  if (degree >= QUASI_INTERPOLANT_MIN_DEGREE && degree <= MAX_ACTIVE_DEGREE && continuity >= 0 && continuity < degree)
    return quasiInterpolantConstruction(degree, continuity);
  return null;
}

/** The spline spaces with a construction, e.g. "degree 1 C0, degree 2 C0, ...". */
export const AVAILABLE_CONSTRUCTIONS = [
  ...SPLINE_CONSTRUCTIONS.map((c) => `degree ${c.degree} C${c.continuity}`),
  `degree ${QUASI_INTERPOLANT_MIN_DEGREE} to ${MAX_ACTIVE_DEGREE} (any continuity)`,
].join(', ');

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
