/**
 * Poles between the samples of a grid: points where |f| grows without bound although every sample
 * is finite. 1/(x - 0.00005) on the 20001-point grid of [-1, 1] (spacing 1e-4) is 2e4 at the two
 * samples around its pole: nothing on the grid alone tells it from a steep smooth target.
 *
 * Deterministic, no tolerance tuned to a target, a bounded number of evaluations:
 *  1. Candidates: grid intervals (x_i, x_(i+1)) towards which |f| rises from both sides (around a pole
 *     of any order on a small background), where f has an extremum (it rises into the interval from
 *     one side and falls out of it on the other: an even pole on any background), or where its step
 *     across the interval exceeds both neighbouring steps (an odd pole on any background). Smooth
 *     extrema and inflections qualify too: candidates are only suspects. Changes below RISE |f| are
 *     rounding wiggles and count as flat. At most MAX_CANDIDATES are examined, the largest steps first.
 *  2. Golden-section search for the largest |f(x) - f(e)| on the interval, e its end with the smaller
 *     |f| (for r/(x-c)^p + B that deviation is unimodal on the interval), run until the bracket
 *     collapses to adjacent floats: at most GOLDEN_STEPS evaluations. A cheaper screening (24 steps,
 *     then the first step of the test below) drops most smooth candidates first.
 *  3. Blow-up test at the point x* found, on each side s = -1, +1 inside the domain:
 *     g(w) = max_s |f(x* + s w) - f(x* + s W)|, W half the grid spacing, at w = W/64, W/64^2, ...
 *     while w is at least 64 ulp(x*). A pole r/(x-c)^p at x* gives g(w) ~ |r| w^-p: it grows 64^p-fold
 *     per step whatever the background; a smooth f (or a spike wider than the finest w) makes g(w)
 *     settle to |f(x*) - f(x* + s W)|. x* is a pole when g grows more than GROWTH-fold at every step,
 *     over at least MIN_STEPS steps, and ends above rounding (SIGNIFICANT eps |f(x* + s W)|):
 *     p >= log 4 / log 64 = 1/3, i.e. poles and |x - c|^-p singularities for p >= 1/3 (a log
 *     singularity grows too slowly, and is reported only where a probe hits it: f = -Infinity).
 * Any non-finite value met on the way is reported at that point.
 *
 * Examples:  findPole(f, xs, ys) === null for tanh(50*x), exp(-200*x^2);  { x: 5e-5, value: Infinity } for 1/(x-0.00005)
 */
import { EPS64 } from './floatPrecision.js';

/** f(x), float64 (the shape of core/target's ScalarFunction, not imported: target imports this module) */
type ScalarFunction = (x: number) => number;

export interface Pole {
  /** where |f| blows up (to float resolution), or where f was found not finite */
  readonly x: number;
  /** f(x): huge, or Infinity or NaN */
  readonly value: number;
}

/** Relative change of f between neighbouring samples below which it counts as flat (rounding wiggles are below it). */
const RISE = 1e-9;
/** Candidate intervals examined at most (the largest steps first): a bound on the work, about 100 evaluations each. */
const MAX_CANDIDATES = 2000;
/** Golden-section steps at most: from a grid spacing down to the spacing of floats near 0 takes about 100. */
const GOLDEN_STEPS = 200;
/**
 * Screening before the full search: COARSE_STEPS golden steps put x* within 0.618^24 = 1e-5 of a grid
 * spacing of a pole, and the first two blow-up probes (W/64, W/64^2) must then grow SCREEN_GROWTH-fold
 * (a pole of order 1/3 grows at least 60^(1/3) = 3.9-fold there). A smooth extremum fails at once,
 * which saves about 35 of the search's evaluations per candidate.
 */
const COARSE_STEPS = 24;
const SCREEN_GROWTH = 2;
/** Factor between successive probe distances of the blow-up test, the growth asked of each step, and the steps needed. */
const SHRINK = 64;
const GROWTH = 4;
const MIN_STEPS = 2;
/** The final deviation must exceed this many eps of |f| at distance W: growth out of rounding noise is not a pole. */
const SIGNIFICANT = 1e3;
const INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

/** ulp(x): the gap from |x| to the next float above it. */
function ulp(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2 ** -1022) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(ax)) - 52);
}

/** A point and |g| there. */
interface Probe {
  readonly x: number;
  readonly magnitude: number;
}

/** The argmax of |g| on [lo, hi] by golden-section search (step 2), or the first probe where g is not finite. */
function largestMagnitude(g: ScalarFunction, lo: number, hi: number, steps: number): Probe {
  let x1 = hi - INVERSE_PHI * (hi - lo);
  let x2 = lo + INVERSE_PHI * (hi - lo);
  let g1 = Math.abs(g(x1));
  let g2 = Math.abs(g(x2));
  for (let step = 0; step < steps; step++) {
    if (!Number.isFinite(g1)) return { x: x1, magnitude: g1 };
    if (!Number.isFinite(g2)) return { x: x2, magnitude: g2 };
    if (g1 >= g2) {
      hi = x2;
      x2 = x1;
      g2 = g1;
      x1 = hi - INVERSE_PHI * (hi - lo);
      if (!(x1 > lo && x1 < x2)) break;
      g1 = Math.abs(g(x1));
    } else {
      lo = x1;
      x1 = x2;
      g1 = g2;
      x2 = lo + INVERSE_PHI * (hi - lo);
      if (!(x2 < hi && x2 > x1)) break;
      g2 = Math.abs(g(x2));
    }
  }
  return g1 >= g2 ? { x: x1, magnitude: g1 } : { x: x2, magnitude: g2 };
}

/** The blow-up test's thresholds: the full test (step 3), or the screening before the full search. */
interface GrowthTest {
  readonly growth: number;
  /** probe steps at most (Infinity: down to 64 ulp) and at least */
  readonly maxSteps: number;
  readonly minSteps: number;
}
const FULL_TEST: GrowthTest = { growth: GROWTH, maxSteps: Infinity, minSteps: MIN_STEPS };
const SCREEN: GrowthTest = { growth: SCREEN_GROWTH, maxSteps: 1, minSteps: 1 };

/**
 * Whether |f| blows up at x (blow-up test, step 3), probing inside [a, b] only; `spacing` is the
 * grid's. Returns where it blows up (x, or a probe where f was not finite), or null.
 */
function blowsUpAt(
  f: ScalarFunction,
  x: number,
  spacing: number,
  [a, b]: readonly [number, number],
  test: GrowthTest,
): number | null {
  const far = spacing / 2;
  const sides = [-1, 1].filter((s) => x + s * far >= a && x + s * far <= b);
  const references = sides.map((s) => f(x + s * far));
  const badReference = references.findIndex((v) => !Number.isFinite(v));
  if (badReference >= 0) return x + sides[badReference] * far;
  let nonFinite: number | null = null;
  const deviation = (w: number) => {
    let largest = 0;
    sides.forEach((s, k) => {
      const v = f(x + s * w);
      if (!Number.isFinite(v)) nonFinite ??= x + s * w;
      largest = Math.max(largest, Math.abs(v - references[k]));
    });
    return largest;
  };
  const finest = 64 * ulp(x);
  let w = far / SHRINK;
  let previous = deviation(w);
  let steps = 0;
  for (w /= SHRINK; w >= finest && steps < test.maxSteps; w /= SHRINK) {
    const current = deviation(w);
    if (nonFinite !== null) return nonFinite;
    if (!(current > test.growth * previous)) return null;
    previous = current;
    steps++;
  }
  const noise = SIGNIFICANT * EPS64 * Math.max(...references.map(Math.abs));
  return steps >= test.minSteps && previous > noise ? x : null;
}

/** Candidate intervals (step 1), most suspicious (largest neighbouring step) first, at most MAX_CANDIDATES. */
function candidateIntervals(ys: Float64Array): number[] {
  const last = ys.length - 1;
  const magnitude = (k: number) => (k < 0 || k > last ? 0 : Math.abs(ys[k]));
  const step = (k: number) => (k < 0 || k >= last ? Number.NaN : ys[k + 1] - ys[k]);
  const flat = (k: number) => !(Math.abs(step(k)) > RISE * Math.max(magnitude(k), magnitude(k + 1)));
  const candidates: Array<{ i: number; strength: number }> = [];
  for (let i = 0; i < last; i++) {
    const [before, across, after] = [step(i - 1), step(i), step(i + 1)];
    const rises = magnitude(i) > (1 + RISE) * magnitude(i - 1) && magnitude(i + 1) > (1 + RISE) * magnitude(i + 2);
    const extremum = !flat(i - 1) && !flat(i + 1) && before * after < 0;
    const jump =
      !flat(i) &&
      !(Math.abs(before) * (1 + RISE) >= Math.abs(across)) &&
      !(Math.abs(after) * (1 + RISE) >= Math.abs(across));
    if (rises || extremum || jump) {
      const strength = Math.max(Math.abs(before) || 0, Math.abs(across), Math.abs(after) || 0);
      candidates.push({ i, strength });
    }
  }
  candidates.sort((p, q) => q.strength - p.strength || p.i - q.i);
  return candidates.slice(0, MAX_CANDIDATES).map((c) => c.i);
}

/**
 * The first pole of f between the samples (xs[i], ys[i]) of an increasing uniform grid (all ys
 * finite), or null. A pole exactly on a sample is the caller's: that sample is not finite.
 */
export function findPole(f: ScalarFunction, xs: Float64Array, ys: Float64Array): Pole | null {
  const last = xs.length - 1;
  const spacing = (xs[last] - xs[0]) / last;
  const domain = [xs[0], xs[last]] as const;
  for (const i of candidateIntervals(ys)) {
    const reference = Math.abs(ys[i]) <= Math.abs(ys[i + 1]) ? ys[i] : ys[i + 1];
    const deviation = (x: number) => f(x) - reference;
    const coarse = largestMagnitude(deviation, xs[i], xs[i + 1], COARSE_STEPS);
    if (!Number.isFinite(coarse.magnitude)) return { x: coarse.x, value: f(coarse.x) };
    const suspect = blowsUpAt(f, coarse.x, spacing, domain, SCREEN);
    if (suspect === null) continue;
    if (suspect !== coarse.x) return { x: suspect, value: f(suspect) };
    const peak = largestMagnitude(deviation, xs[i], xs[i + 1], GOLDEN_STEPS);
    const at = Number.isFinite(peak.magnitude) ? blowsUpAt(f, peak.x, spacing, domain, FULL_TEST) : peak.x;
    if (at !== null) return { x: at, value: f(at) };
  }
  return null;
}
