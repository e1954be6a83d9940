/**
 * The explicit cell-by-cell constructions, one per spline space S_m^r (degree m, C^r knots), as the
 * conditions that fix the cell polynomial p(x) = a_0 + ... + a_m x^m on one cell [0, h] (local
 * coordinate x, cell width h, left knot at x = 0). The construction code (src/construct) builds
 * exactly these; proveUnit derives their truncation error.
 *
 * "inherited" conditions hold automatically: an increment (x - t)^(r+1) p(x) leaves the value and
 * the first r derivatives at the knot unchanged. "smooth mode" data are f^(k) - h^2 f^(k+2) / 12,
 * the value the slope recurrence (r = 1, m = 2) or the spline moment equations (r = 2, m = 3)
 * produce on smooth targets (proved in the lemma of the proof).
 */
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

export interface CellConstruction {
  readonly degree: number;
  readonly continuity: number;
  /** e.g. "linear interpolant" */
  readonly title: string;
  /** one paragraph: what the construction does cell by cell */
  readonly description: string;
  readonly conditions: readonly CellCondition[];
  readonly lemma: CellLemma;
}

const INHERITED = 'inherited from the previous cell (the increment vanishes there to this order)';

export const CELL_CONSTRUCTIONS: readonly CellConstruction[] = [
  {
    degree: 1, continuity: 0, title: 'piecewise-linear interpolant',
    description: 'Each cell polynomial takes the value of the previous cell at its left knot and is matched to $f$ at its right knot: the network is the linear interpolant of $f$ at the knots.',
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
  },
  {
    degree: 2, continuity: 0, title: 'C0 quadratic with the target curvature (the paper\'s construction)',
    description: "Each cell polynomial takes the value of the previous cell at its left knot, has second derivative $f''(t_i)$ (the curvature of the target at the left knot), and is matched to $f$ at its right knot. The knots are $C^0$: the slope jumps.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 2, at: 0, smoothMode: false, reason: 'imposed: the curvature of the target at the left knot' },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
  },
  {
    degree: 2, continuity: 1, title: 'C1 quadratic spline',
    description: "Each cell polynomial inherits value and slope at its left knot and is matched to $f$ at its right knot, so the slope follows the recurrence $s_{i+1} = 2 (f(t_{i+1}) - f(t_i))/h - s_i$. Started with $s_0 = f'(t_0) - h^2 f'''(t_0)/12$, the recurrence keeps $s_i = f'(t_i) - h^2 f'''(t_i)/12 + O(h^3)$ (lemma).",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 1, at: 0, smoothMode: true, reason: 'inherited; its value is the smooth mode of the slope recurrence (lemma)' },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: 'slopeRecurrence',
  },
  {
    degree: 3, continuity: 1, title: 'C1 cubic Hermite spline',
    description: "Each cell polynomial inherits value and slope at its left knot (both equal to the target's, matched by the previous cell) and is matched to $f$ and $f'$ at its right knot: the cubic Hermite interpolant.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 1, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
      { derivative: 1, at: 1, smoothMode: false, reason: 'matched to the target' },
    ],
    lemma: null,
  },
  {
    degree: 3, continuity: 2, title: 'C2 cubic interpolating spline',
    description: "The cubic spline that interpolates $f$ at the knots, with moments (second derivatives at the knots) $M_i$ from the tridiagonal equations $M_{i-1} + 4 M_i + M_{i+1} = 6 (f(t_{i-1}) - 2 f(t_i) + f(t_{i+1}))/h^2$ and end moments $M_0, M_N$ ($N$ cells) set to $f'' - h^2 f''''/12$ at the end knots. The smooth mode $M_i = f''(t_i) - h^2 f''''(t_i)/12$ satisfies those equations up to $O(h^4)$ (lemma), and the system is diagonally dominant ($\\|A^{-1}\\|_\\infty \\le 1/2$), so the solved moments equal it up to $O(h^4)$. On each cell: values matched at both knots, these moments at both knots.",
    conditions: [
      { derivative: 0, at: 0, smoothMode: false, reason: INHERITED },
      { derivative: 2, at: 0, smoothMode: true, reason: 'the moment $M_i$ (lemma)' },
      { derivative: 0, at: 1, smoothMode: false, reason: 'matched to the target' },
      { derivative: 2, at: 1, smoothMode: true, reason: 'the moment $M_{i+1}$ (lemma)' },
    ],
    lemma: 'momentEquations',
  },
];

export function findCellConstruction(degree: number, continuity: number): CellConstruction | undefined {
  return CELL_CONSTRUCTIONS.find((c) => c.degree === degree && c.continuity === continuity);
}

export const SUPPORTED_SPLINE_SPACES = CELL_CONSTRUCTIONS.map((c) => `(${c.degree}, ${c.continuity})`).join(', ');
