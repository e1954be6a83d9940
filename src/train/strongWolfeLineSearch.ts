/**
 * A line search for a step t > 0 along a descent direction that satisfies the strong Wolfe conditions
 *   phi(t)        <= phi(0) + c1 t phi'(0)     (sufficient decrease)
 *   |phi'(t)|     <= c2 |phi'(0)|              (curvature)
 * with 0 < c1 < c2 < 1, phi(t) = loss(theta + t d) and phi'(t) its exact derivative along d.
 *
 * Algorithm: Nocedal & Wright, Numerical Optimization (2nd ed.), Algorithms 3.5 (bracketing) and 3.6
 * (zoom), with the cubic interpolation of eq. 3.59 for every new trial, safeguarded: in the bracketing
 * phase the next trial lies in [2 t, 10 t]; in zoom it stays at least a tenth of the bracket away from
 * both ends (bisection when the cubic has no minimiser); two values equal to rounding are ordered by
 * their slopes (Moré & Thuente, ACM TOMS 20, 1994, use derivatives the same way). Defaults are those of the paper's reference
 * optimizer (its strong-Wolfe search: c1 = 1e-4, c2 = 0.9, first trial t = 1, at most 25 evaluations,
 * stop when the bracket moves the parameters by less than 1e-9).
 *
 * On an exactly quadratic phi with an exact Newton direction t = 1 satisfies both conditions and is
 * accepted after one evaluation; the search is nevertheless complete (tested on non-quadratic phi).
 * When the budget runs out, the best point found that satisfies sufficient decrease is returned
 * (t = 0 when there is none) and `strongWolfe` says whether both conditions hold there.
 *
 * Examples:  strongWolfeLineSearch((t) => ({ value: (t - 3) ** 2, slope: 2 * (t - 3) }), 9, -6)  // step 3
 */
import { EPS64 } from '../core/floatPrecision.js';

export interface LineSearchPoint {
  /** phi(t) */
  readonly value: number;
  /** phi'(t) = gradient(theta + t d) . d */
  readonly slope: number;
}

export interface StrongWolfeOptions {
  /** sufficient-decrease constant c1 (default 1e-4) */
  readonly c1?: number;
  /** curvature constant c2 (default 0.9) */
  readonly c2?: number;
  /** first trial step (default 1) */
  readonly initialStep?: number;
  /** most evaluations of phi (default 25) */
  readonly maxEvaluations?: number;
  /** stop when |bracket| * directionScale falls below this (default 1e-9) */
  readonly tolerance?: number;
  /** max |d_j|: converts a step interval into a parameter change (default 1) */
  readonly directionScale?: number;
}

export interface LineSearchResult {
  readonly step: number;
  readonly value: number;
  readonly slope: number;
  readonly evaluations: number;
  /** both strong Wolfe conditions hold at `step` */
  readonly strongWolfe: boolean;
}

export const STRONG_WOLFE_DEFAULTS = {
  c1: 1e-4,
  c2: 0.9,
  initialStep: 1,
  maxEvaluations: 25,
  tolerance: 1e-9,
  directionScale: 1,
} as const;

interface Sample extends LineSearchPoint {
  readonly t: number;
}

/**
 * Minimiser of the cubic matching value and slope at a and b (Nocedal & Wright eq. 3.59), or null
 * when that cubic has no local minimiser.
 */
function cubicMinimiser(a: Sample, b: Sample): number | null {
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.t - b.t);
  const discriminant = d1 * d1 - a.slope * b.slope;
  if (!(discriminant >= 0)) return null;
  const d2 = Math.sign(b.t - a.t) * Math.sqrt(discriminant);
  const denominator = b.slope - a.slope + 2 * d2;
  if (denominator === 0) return null;
  const t = b.t - ((b.t - a.t) * (b.slope + d2 - d1)) / denominator;
  return Number.isFinite(t) ? t : null;
}

export function strongWolfeLineSearch(
  phi: (t: number) => LineSearchPoint,
  value0: number,
  slope0: number,
  options: StrongWolfeOptions = {},
): LineSearchResult {
  const o = { ...STRONG_WOLFE_DEFAULTS, ...options };
  if (!(slope0 < 0)) throw new RangeError(`strongWolfeLineSearch: phi'(0) = ${slope0} is not a descent slope`);
  const origin: Sample = { t: 0, value: value0, slope: slope0 };
  let evaluations = 0;
  const evaluate = (t: number): Sample => {
    evaluations++;
    const p = phi(t);
    return { t, value: p.value, slope: p.slope };
  };
  const sufficient = (s: Sample): boolean => s.value <= value0 + o.c1 * s.t * slope0;
  const curvature = (s: Sample): boolean => Math.abs(s.slope) <= -o.c2 * slope0;
  const result = (s: Sample): LineSearchResult => ({
    step: s.t,
    value: s.value,
    slope: s.slope,
    evaluations,
    strongWolfe: s.t > 0 && sufficient(s) && curvature(s),
  });

  // Algorithm 3.6: lo satisfies sufficient decrease and has the lowest phi so far; hi brackets a Wolfe point.
  const zoom = (loStart: Sample, hiStart: Sample): LineSearchResult => {
    let lo = loStart;
    let hi = hiStart;
    while (evaluations < o.maxEvaluations) {
      const width = Math.abs(hi.t - lo.t);
      if (width * o.directionScale < o.tolerance) break;
      const left = Math.min(lo.t, hi.t);
      const right = Math.max(lo.t, hi.t);
      const margin = 0.1 * width;
      const cubic = cubicMinimiser(lo, hi);
      const t = cubic === null ? (left + right) / 2 : Math.min(Math.max(cubic, left + margin), right - margin);
      const s = evaluate(t);
      // Values within rounding of each other cannot order two points; the slope then decides (the else
      // branch keeps the sign change of phi' inside the bracket), as in More & Thuente's search.
      const rounding = 4 * EPS64 * Math.max(Math.abs(s.value), Math.abs(lo.value));
      if (!Number.isFinite(s.value) || !sufficient(s) || s.value > lo.value + rounding) {
        hi = s;
      } else {
        if (curvature(s)) return result(s);
        if (s.slope * (hi.t - lo.t) >= 0) hi = lo;
        lo = s;
      }
    }
    return result(lo);
  };

  // Algorithm 3.5: grow the step until it brackets an acceptable one.
  let previous = origin;
  let t = o.initialStep;
  while (evaluations < o.maxEvaluations) {
    const s = evaluate(t);
    if (!Number.isFinite(s.value) || !sufficient(s) || (previous.t > 0 && s.value >= previous.value))
      return zoom(previous, s);
    if (curvature(s)) return result(s);
    if (s.slope >= 0) return zoom(s, previous);
    const cubic = cubicMinimiser(previous, s);
    const next = cubic === null ? 10 * t : Math.min(Math.max(cubic, 2 * t), 10 * t);
    previous = s;
    t = next;
  }
  return result(previous);
}
