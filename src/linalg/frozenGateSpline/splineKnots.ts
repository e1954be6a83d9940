/**
 * Step 1 of the banded frozen-gate fit: check the problem, classify the neurons on the fit interval
 * I = [lo, hi] (the domain joined with the data's range) and build the spline's knot vector.
 *   - interior knot (lo < t_i < hi), right-facing (G_i > 0): right-sided truncated powers at t_i;
 *   - interior, left-facing (G_i < 0): left-sided ones;
 *   - edge (t_i <= lo facing right, t_i >= hi facing left): a polynomial on all of I;
 *   - dead (facing away from I): zero on I.
 * The spline has degree m = a + s and interior knots of multiplicity mu = s + 1 (derivatives a..m jump).
 * See ../frozenGateSpline.ts for why the column space is this spline space cut by constraints.
 */
import type { FrozenGateColumns } from '../frozenGateColumns.js';
import type { SortedSample } from '../sortedSample.js';

export type NeuronKind = 'right' | 'left' | 'edge' | 'dead';

export interface SplineKnots {
  readonly applicable: true;
  /** m = a + s, the spline degree; mu = s + 1 the knot multiplicity; width = m + 1 nonzeros per row */
  readonly m: number;
  readonly mu: number;
  readonly width: number;
  /** the fit interval [lo, hi] and the data's range */
  readonly lo: number;
  readonly hi: number;
  /** per neuron */
  readonly kind: readonly NeuronKind[];
  /** neuron indices of the interior knots, sorted by knot */
  readonly interior: readonly number[];
  /** the interior knots, ascending (K of them) */
  readonly tau: Float64Array;
  /** number of B-spline coefficients, width + K mu */
  readonly nb: number;
  /** open knot vector, length nb + width */
  readonly knotVector: Float64Array;
}

export interface NotApplicable {
  readonly applicable: false;
  /** one line: why the banded path declined (solve densely instead) */
  readonly reason: string;
}

/** The knot span of cell c (0 = left of every interior knot): m + c mu. */
export function spanOfCell(knots: Pick<SplineKnots, 'm' | 'mu'>, cell: number): number {
  return knots.m + cell * knots.mu;
}

/** Invariants the caller guarantees (a bug otherwise, never user input): RangeError when broken. */
function validate(family: FrozenGateColumns, sample: SortedSample): void {
  const { knots, gateWeights, knotPower: a, freeDegree: s } = family;
  if (!Number.isInteger(a) || a < 1) throw new RangeError(`knot power must be an integer >= 1, got ${a}`);
  if (!Number.isInteger(s) || s < 0) throw new RangeError(`free degree must be an integer >= 0, got ${s}`);
  if (knots.length !== gateWeights.length)
    throw new RangeError(`${knots.length} knots but ${gateWeights.length} gate weights`);
  if (knots.length < 1) throw new RangeError('a frozen-gate fit needs at least one neuron');
  if (sample.xs.length < 1) throw new RangeError('a frozen-gate fit needs at least one data point');
  for (let i = 0; i < knots.length; i++) {
    if (!Number.isFinite(knots[i]) || !Number.isFinite(gateWeights[i])) {
      throw new RangeError(`neuron ${i} has a non-finite knot or gate weight (t = ${knots[i]}, G = ${gateWeights[i]})`);
    }
  }
  for (let i = 1; i < sample.xs.length; i++) {
    if (!(sample.xs[i] >= sample.xs[i - 1]))
      throw new RangeError('fitFrozenGateSpline: sample is not sorted (use sortSample)');
  }
}

export function splineKnots(family: FrozenGateColumns, sample: SortedSample): SplineKnots | NotApplicable {
  validate(family, sample);
  const { knots, gateWeights, knotPower: a, freeDegree: s, domain } = family;
  const n = knots.length;
  const N = sample.xs.length;
  const m = a + s;
  const mu = s + 1;
  const width = m + 1;
  const xmin = sample.xs[0];
  const xmax = sample.xs[N - 1];
  const lo = Math.min(domain[0], xmin);
  const hi = Math.max(domain[1], xmax);
  for (let i = 0; i < n; i++) {
    if (gateWeights[i] === 0) return { applicable: false, reason: `neuron ${i} has a zero gate weight (no knot)` };
  }
  const kind: NeuronKind[] = [];
  const interior: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = knots[i];
    const right = gateWeights[i] > 0;
    if ((right && t >= xmax) || (!right && t <= xmin)) {
      // Facing away from every data point: its column is zero on the data, and its coefficient 0 (as the dense
      // minimum-norm solve gives); the spline then has no knot there and continues its neighbouring piece.
      kind.push('dead');
    } else if (t > lo && t < hi) {
      kind.push(right ? 'right' : 'left');
      interior.push(i);
    } else if ((t <= lo && right) || (t >= hi && !right)) {
      kind.push('edge');
    } else {
      kind.push('dead');
    }
  }
  interior.sort((i, j) => knots[i] - knots[j]); // neurons may come in any order; the spline needs its knots sorted
  const K = interior.length;
  const tau = Float64Array.from(interior, (i) => knots[i]);
  for (let kappa = 1; kappa < K; kappa++) {
    if (!(tau[kappa] > tau[kappa - 1])) {
      return {
        applicable: false,
        reason: `neurons ${interior[kappa - 1]} and ${interior[kappa]} share the knot ${tau[kappa]}`,
      };
    }
  }
  const nb = width + K * mu;
  // Fewer points than coefficients, a knot beyond the outermost point, an empty cell: the tie-break (tieBreak.ts)
  // chooses among the least-squares optima. It needs m + 1 distinct points, which determine a polynomial.
  let distinct = 1;
  for (let p = 1; p < N && distinct <= m; p++) if (sample.xs[p] > sample.xs[p - 1]) distinct++;
  if (distinct <= m) {
    return {
      applicable: false,
      reason: `${distinct} distinct data points cannot determine a polynomial of degree ${m}`,
    };
  }
  const knotVector = new Float64Array(nb + width);
  knotVector.fill(lo, 0, width);
  for (let k = 0; k < K; k++) knotVector.fill(tau[k], width + k * mu, width + (k + 1) * mu);
  knotVector.fill(hi, width + K * mu);
  return { applicable: true, m, mu, width, lo, hi, kind, interior, tau, nb, knotVector };
}
