/**
 * Explicit parameters of width n that attain the unit's predicted order on a target: the spline
 * construction chosen by (m, r), on N = n - k + 1 uniform cells of [a, b] (h = (b - a)/N, k head
 * neurons), converted to a network. No training.
 *
 * Cross-check before anything is returned: the network, evaluated by the same float64 forward pass
 * the trainer uses, equals the spline at every knot and cell midpoint to within
 * 64 n eps termMagnitude + 64 eps |p| (the rounding bound of the sum it evaluates); otherwise
 * CheckFailedError.
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
import type { NetworkParams } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import type { IncrementSpecialisation } from '../symbolic/incrementFamily.js';
import { evaluateCellPolynomials, type CellPolynomials } from '../spline/cellPolynomials.js';
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

  const probes = new Float64Array(2 * cells + 1);
  for (let i = 0; i <= 2 * cells; i++) probes[i] = i === 2 * cells ? b : a + (i * spline.h) / 2;
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
  return { params, spec, description: construction.summary, spline, cells, h: spline.h, headKnots, termMagnitude };
}
