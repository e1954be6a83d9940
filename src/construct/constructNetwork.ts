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
 * Examples:  constructNetwork(parseUnit('gqu'), compileTarget('sin(4*x)', [-1, 1]), 64).params
 */
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import { CheckFailedError, UsageError } from '../core/errors.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import type { NetworkParams } from '../network/networkParams.js';
import type { IncrementSpecialisation } from '../symbolic/incrementFamily.js';
import { evaluateCellPolynomials, type CellPolynomials } from '../spline/cellPolynomials.js';
import { headNeuronCount } from './headNeuronCount.js';
import { splineForUnit } from './splineForSpec.js';
import { splineToNetwork } from './splineToNetwork.js';

export interface ConstructionOptions {
  /** spacing of the head neurons' knots left of a, in x units; default b - a (see splineToNetwork) */
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

const EPS = 2.220446049250313e-16;

/** Smallest width with a construction for the unit: the head neurons plus one cell. */
export function minimumConstructionWidth(unit: UnitForm): number {
  const { spec } = splineForUnit(unit);
  return headNeuronCount(spec.degree, spec.continuity);
}

export function constructNetwork(unit: UnitForm, target: Target, n: number, options: ConstructionOptions = {}): ConstructedNetwork {
  const { spec, construction } = splineForUnit(unit);
  const head = headNeuronCount(spec.degree, spec.continuity);
  const cells = n - head + 1;
  if (!Number.isInteger(n) || cells < 1) {
    throw new UsageError(
      `width ${n} is too small for the ${unit.name} construction: it needs at least ${head} neurons (${head} for the first cell's polynomial, one per further knot)`,
    );
  }
  const [a, b] = target.domain;
  const spline = construction.build(target, cells);
  const { params, headKnots, termMagnitude } = splineToNetwork(unit, spec, spline, options.headKnotSpacing ?? b - a);

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
  return { params, spec, description: construction.description, spline, cells, h: spline.h, headKnots, termMagnitude };
}
