/**
 * Step 6 of the banded frozen-gate fit, the cross-check (never an unchecked result), in two parts:
 *   1. the whole network built from the coefficients is evaluated at m + 2 points inside cells of I
 *      (every cell while that costs at most FULL_CHECK_WORK column evaluations, else an evenly spaced
 *      set of cells, the first and the last included) and must match the spline;
 *   2. every interior neuron's own columns, at m + 1 points on its active side, must equal the jump
 *      polynomial of the fit at its knot, sum_r jump_r (x - t)^r / r! (for a left-facing neuron its
 *      negative), to NETWORK_MATCH_TOLERANCE relative to the sum of |terms|.
 * Why part 2 with the first cell of part 1 pins the whole spline: on I the network is the constant,
 * the edge polynomials and each left-facing neuron's full polynomial (all active on the first cell),
 * plus, right of each knot, the right-facing neuron's columns minus the left-facing neuron's
 * polynomial. The spline is its first piece p_0 plus, right of each knot, its jump polynomial. So if
 * the network equals p_0 on the first cell (m + 2 points pin a degree-m polynomial) and each neuron's
 * columns equal its knot's jump polynomial (m + 1 points each), the two are the same function on I.
 * Part 1 on further cells checks the float64 sums and the jumps themselves end to end. Part 2 costs
 * O(n m), part 1 at most FULL_CHECK_WORK: a cross-check of all (K + 1)(m + 2) points against all n
 * neurons cost O(n^2) (7 s for relu3 at n = 4,000; hours at n = 100,000).
 */
import { CheckFailedError } from '../../core/errors.js';
import { bsplineScratch } from '../bsplineBasis.js';
import { countAtMost } from '../knotSpan.js';
import { evaluateFrozenGateColumns, type FrozenGateColumns } from '../frozenGateColumns.js';
import { splineValue } from './bandedDesign.js';
import type { SplineKnots } from './splineKnots.js';

/**
 * Network vs spline at the check points, relative to the sum of |terms|. Measured deviations are
 * 1e-16..1e-13 (reading jumps of the m-th derivative loses about log10(1/h) digits); a wrong
 * coefficient gives O(1). The bound sits far above rounding and far below any real mismatch.
 */
export const NETWORK_MATCH_TOLERANCE = 1e-9;

/** Column evaluations (neurons x points) part 1 may spend: every cell while n (K + 1)(m + 2) <= 4e6, about n = 900. */
export const FULL_CHECK_WORK = 4e6;

/** The cells part 1 checks: all of them, or an evenly spaced subset with the first and the last. */
function checkedCells(cells: number, neurons: number, pointsPerCell: number): number[] {
  const affordable = Math.max(2, Math.floor(FULL_CHECK_WORK / (neurons * pointsPerCell)));
  if (cells <= affordable) return Array.from({ length: cells }, (_, c) => c);
  return Array.from({ length: affordable }, (_, k) => Math.round((k * (cells - 1)) / (affordable - 1)));
}

function fail(family: FrozenGateColumns, deviation: number, where: string): never {
  throw new CheckFailedError(
    'frozen-gate spline: network parameters reproduce the spline',
    `relative deviation ${deviation.toExponential(3)} > ${NETWORK_MATCH_TOLERANCE} ${where} (n = ${family.knots.length}, a = ${family.knotPower}, s = ${family.freeDegree})`,
  );
}

/** The largest relative deviation of the network from the spline; throws CheckFailedError beyond the tolerance. */
export function checkNetworkMatchesSpline(
  family: FrozenGateColumns,
  knots: SplineKnots,
  alpha: Float64Array,
  splineCoefficients: Float64Array,
  jumpOfFit: (kappa: number, r: number) => number,
): number {
  const { lo, hi, tau, m, width, interior, kind } = knots;
  const cellEdges = [lo, ...tau, hi];
  const K = tau.length;
  const cells = checkedCells(K + 1, family.knots.length, m + 2);
  const checkXs = new Float64Array(cells.length * (m + 2));
  cells.forEach((c, k) => {
    for (let q = 0; q < m + 2; q++)
      checkXs[k * (m + 2) + q] = cellEdges[c] + ((cellEdges[c + 1] - cellEdges[c]) * (q + 0.5)) / (m + 2);
  });
  const network = evaluateFrozenGateColumns(family, alpha, checkXs);
  const scratch = bsplineScratch(m);
  const tmp = new Float64Array(width);
  let networkDeviation = 0;
  for (let q = 0; q < checkXs.length; q++) {
    const f = splineValue(knots, splineCoefficients, checkXs[q], countAtMost(tau, checkXs[q]), tmp, scratch);
    const deviation = Math.abs(network.values[q] - f) / (network.magnitudes[q] + Math.abs(f) || 1);
    if (!(deviation <= NETWORK_MATCH_TOLERANCE)) fail(family, deviation, `at x = ${checkXs[q]}`);
    networkDeviation = Math.max(networkDeviation, deviation);
  }

  // Part 2: neuron by neuron, its columns against the jump polynomial at its knot.
  const s = family.freeDegree;
  const mu = s + 1;
  const single = new Float64Array(mu + 1);
  const xs = new Float64Array(m + 1);
  const factorials = [1];
  for (let r = 1; r <= m; r++) factorials.push(factorials[r - 1] * r);
  for (let kappa = 0; kappa < K; kappa++) {
    const i = interior[kappa];
    const t = tau[kappa];
    const right = kind[i] === 'right';
    const side = right ? cellEdges[kappa + 2] - t : t - cellEdges[kappa];
    for (let q = 0; q <= m; q++) xs[q] = t + (right ? 1 : -1) * side * ((q + 1) / (m + 2));
    single.set(alpha.subarray(i * mu, (i + 1) * mu));
    const neuron = { ...family, knots: Float64Array.of(t), gateWeights: Float64Array.of(family.gateWeights[i]) };
    const own = evaluateFrozenGateColumns(neuron, single, xs);
    for (let q = 0; q <= m; q++) {
      let jump = 0;
      let magnitude = 0;
      for (let r = family.knotPower; r <= m; r++) {
        const term = (jumpOfFit(kappa, r) * (xs[q] - t) ** r) / factorials[r];
        jump += term;
        magnitude += Math.abs(term);
      }
      const expected = right ? jump : -jump;
      const deviation = Math.abs(own.values[q] - expected) / (own.magnitudes[q] + magnitude || 1);
      if (!(deviation <= NETWORK_MATCH_TOLERANCE)) fail(family, deviation, `for neuron ${i} at its knot ${t}`);
      networkDeviation = Math.max(networkDeviation, deviation);
    }
  }
  return networkDeviation;
}
