/**
 * Explicit parameters of width n that attain the unit's predicted order on a target: the spline
 * construction chosen by (m, r), on N = n - k + 1 uniform cells of [a, b] (h = (b - a)/N, k head
 * neurons), converted to a network. No training.
 *
 * Cross-check before anything is returned (otherwise CheckFailedError), in the same float64 forward
 * pass the trainer uses:
 *   1. the whole network equals the spline at the knots and cell midpoints, to within
 *      64 n eps termMagnitude + 64 eps |p| (the rounding bound of the sum it evaluates): at every
 *      cell while that costs at most CHECK_WORK neuron evaluations (n (2N + 1) <= 4e6, n up to about
 *      1,400), else at an evenly spaced set of cells, the first and the last included;
 *   2. (Hermite constructions) every interior neuron alone equals its knot's jump polynomial (x - t_j)^(r+1) q_j(x), at m + 1
 *      points right of its knot, to 64 eps relative to the sum of |terms|.
 * Why 2 with the first cell of 1 pins the whole spline, at O(n m) cost: on [a, b] the network is d
 * plus the head neurons (knots at or left of a, so one polynomial on [a, b]) plus, right of each
 * interior knot, that neuron's polynomial; the spline is its first cell's polynomial p_0 plus, right of
 * each knot, its jump. The first cell pins d + head = p_0 (m + 2 points, degree m) and 2 pins each
 * jump (m + 1 points), so the two are the same function on [a, b]. The full check on the other cells
 * checks the float64 sums end to end. (Checking every probe against all n neurons cost O(n^2): no
 * result after 300 s at n = 100,000.)
 *
 * The caller checks that the unit has a construction (analysed.construction) and that n is at least its
 * smallest width (analysed.minimumWidth): the boundary reports those with their reasons.
 *
 * Examples:  constructNetwork(analysedUnit(parseUnit('gqu')), compileTarget('sin(4*x)', [-1, 1]), 64).params
 */
import type { Target } from '../core/target.js';
import { CheckFailedError } from '../core/errors.js';
import { EPS64 as EPS } from '../core/floatPrecision.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { zeroParams, type NetworkParams } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import type { IncrementSpecialisation } from '../symbolic/incrementFamily.js';
import { evaluateCellPolynomials, shiftedCoefficients, type CellPolynomials } from '../spline/cellPolynomials.js';
import { splineToNetwork, type SplineNetwork } from './splineToNetwork.js';
import { quasiInterpolantToNetwork } from './quasiInterpolantNetwork.js';

export interface ConstructionOptions {
  /** spacing of the head neurons' knots left of a, in x units; default b - a (see splineToNetwork; the quasi-interpolant places its own) */
  readonly headKnotSpacing?: number;
}

export interface ConstructedNetwork {
  readonly params: NetworkParams;
  readonly spec: IncrementSpecialisation;
  readonly description: string;
  /** the spline the network reproduces */
  readonly spline: CellPolynomials;
  /** cells N */
  readonly cells: number;
  /** cell width actually used, h = (b - a) / N, x units */
  readonly h: number;
  readonly headKnots: readonly number[];
  /** sum of |terms| bound of the network's output (target units); divided by max |f| it measures cancellation */
  readonly termMagnitude: number;
}

export function constructNetwork(
  analysed: AnalysedUnit,
  target: Target,
  n: number,
  options: ConstructionOptions = {},
): ConstructedNetwork {
  const { construction, family } = analysed;
  const unit = analysed.form;
  if (!construction || !family) throw new Error(`constructNetwork: ${analysed.noConstruction}`);
  const spec = family.best;
  const head = construction.headNeurons;
  const cells = n - head + 1;
  if (!Number.isInteger(n) || cells < construction.minimumCells)
    throw new RangeError(
      `constructNetwork: width ${n} is below the ${unit.name} construction's smallest width ${head + construction.minimumCells - 1}`,
    );
  const [a, b] = target.domain;
  let spline: CellPolynomials;
  let converted: SplineNetwork;
  if (construction.kind === 'quasiInterpolant') {
    const bspline = construction.build(target, cells);
    spline = bspline;
    converted = quasiInterpolantToNetwork(analysed, bspline);
  } else {
    spline = construction.build(target, cells);
    converted = splineToNetwork(analysed, spline, options.headKnotSpacing ?? b - a);
  }
  const { params, headKnots, termMagnitude } = converted;

  const probes = checkProbes(spline, n);
  const y = evaluateNetwork(unit, params, probes);
  for (let i = 0; i < probes.length; i++) {
    const p = evaluateCellPolynomials(spline, probes[i]);
    const tolerance = 64 * n * EPS * termMagnitude + 64 * EPS * Math.abs(p);
    if (!(Math.abs(y[i] - p) <= tolerance)) {
      throw new CheckFailedError(
        'network reproduces the spline',
        `${unit.name}, n = ${n}: network ${y[i]} but spline ${p} at x = ${probes[i]} (tolerance ${tolerance})`,
      );
    }
  }
  // Part 2 reads the Hermite conversion's layout (head neurons first, then one right-facing neuron
  // per interior knot); the quasi-interpolant's neurons face away from the middle cell with head
  // knots on both sides (construct/quasiInterpolantNetwork), so it rests on part 1 and the
  // conversion's own exact-jump check.
  if (construction.kind !== 'quasiInterpolant') checkNeuronsReproduceJumps(analysed, params, spline, head);
  return { params, spec, description: construction.summary, spline, cells, h: spline.h, headKnots, termMagnitude };
}

/** Neuron evaluations the whole-network check may spend (part 1 above). */
export const CHECK_WORK = 4e6;

/** The knots and cell midpoints of every cell, or of an evenly spaced set of cells beyond CHECK_WORK; b last. */
function checkProbes(spline: CellPolynomials, n: number): Float64Array {
  const { cells, h } = spline;
  const [a, b] = spline.domain;
  const affordable = Math.max(2, Math.floor((CHECK_WORK / n - 1) / 2));
  const chosen =
    cells <= affordable
      ? Array.from({ length: cells }, (_, j) => j)
      : Array.from({ length: affordable }, (_, k) => Math.round((k * (cells - 1)) / (affordable - 1)));
  const probes = new Float64Array(2 * chosen.length + 1);
  chosen.forEach((j, k) => {
    probes[2 * k] = a + j * h;
    probes[2 * k + 1] = a + (2 * j + 1) * (h / 2);
  });
  probes[2 * chosen.length] = b;
  return probes;
}

/** Part 2 of the cross-check: each interior neuron alone against its knot's jump polynomial (orders r + 1..m). */
function checkNeuronsReproduceJumps(
  analysed: AnalysedUnit,
  params: NetworkParams,
  spline: CellPolynomials,
  head: number,
): void {
  const unit = analysed.form;
  const { degree: m, continuity: r, h } = spline;
  // The rounding scale of one neuron's value: the same forward pass with |weights|, |biases| and |x|, i.e.
  // |D| prod (|L x| + |l|)^p (relu of a non-negative argument is the argument itself).
  const single = zeroParams(unit, 1);
  const bound = zeroParams(unit, 1);
  const xs = new Float64Array(m + 1);
  for (let j = 1; j < spline.cells; j++) {
    const i = head + j - 1;
    for (const map of unit.maps) {
      single.maps[map].weight[0] = params.maps[map].weight[i];
      single.maps[map].bias[0] = params.maps[map].bias[i];
      bound.maps[map].weight[0] = Math.abs(params.maps[map].weight[i]);
      bound.maps[map].bias[0] = Math.abs(params.maps[map].bias[i]);
    }
    single.D[0] = params.D[i];
    bound.D[0] = Math.abs(params.D[i]);
    const t = spline.knots[j];
    const before = shiftedCoefficients(spline, j - 1, h);
    for (let q = 0; q <= m; q++) xs[q] = t + (h * (q + 1)) / (m + 2);
    const y = evaluateNetwork(unit, single, xs);
    const scale = evaluateNetwork(unit, bound, xs.map(Math.abs));
    for (let q = 0; q <= m; q++) {
      let jump = 0;
      let magnitude = scale[q];
      for (let k = r + 1; k <= m; k++) {
        const term = (spline.coefficients[j * (m + 1) + k] - before[k]) * (xs[q] - t) ** k;
        jump += term;
        magnitude += Math.abs(term);
      }
      if (!(Math.abs(y[q] - jump) <= 64 * EPS * magnitude)) {
        throw new CheckFailedError(
          "each neuron reproduces its knot's jump",
          `${unit.name}, neuron ${i} (knot ${t}): ${y[q]} but the jump polynomial is ${jump} at x = ${xs[q]}`,
        );
      }
    }
  }
}
