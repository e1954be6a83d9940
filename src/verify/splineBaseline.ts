/**
 * Spline baselines (paper Fig. 4): the least-squares spline of degree k (linear 1, quadratic 2,
 * cubic 3) with maximal smoothness C^(k-1) on the knots of the spline-initialised network of width n
 * (splineInitialGates: the knots strictly inside the domain, plus the domain's ends), fitted to the
 * target on FIT_GRID_POINTS uniform points by the project's banded Givens QR (linalg/bandedGivensQr:
 * the B-spline design has k + 1 consecutive nonzeros per row, so the problem is banded and well
 * conditioned, and the fit costs O(points * (k+1)^2) instead of a dense QR's O(points * count^2));
 * RMSE on the trainer's 20001-point test grid, units of the target.
 * Where the banded R has a zero diagonal (a B-spline with no fit point in its support: more than
 * ~1000 knots on the 4001 points), the dense pivoted QR (linalg/leastSquaresQr) returns its
 * minimum-norm solution instead, as it always did.
 *
 * Why least squares, not interpolation: it is the best any function of that spline space does in
 * the RMSE the networks are judged by, so "network / baseline" is a constant factor that says how
 * close training came to the space's optimum; and it is defined the same way for every degree
 * (interpolating quadratic splines need an extra end condition and can oscillate).
 */
import type { Domain } from '../core/domain.js';
import type { Target } from '../core/target.js';
import { bsplineValues, bsplineScratch } from '../linalg/bsplineBasis.js';
import { addBandedRow, bandedDiagonalRatio, createBandedQr, solveBandedUpper } from '../linalg/bandedGivensQr.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { countAtMost } from '../linalg/knotSpan.js';
import { splineInitialGates } from '../network/splineInitialisation.js';
import { uniformGrid } from '../core/testGrid.js';

export type BaselineKind = 'linear' | 'quadratic' | 'cubic';
export const BASELINE_DEGREE: Readonly<Record<BaselineKind, number>> = { linear: 1, quadratic: 2, cubic: 3 };
/** 40 points per cell at n = 100: the discrete least-squares spline is the L2 projection to well below its error. */
export const FIT_GRID_POINTS = 4001;

export interface BaselinePoint {
  readonly n: number;
  /** dimension of the spline space: interior knots + k + 1 */
  readonly params: number;
  /** test RMSE, units of the target */
  readonly rmse: number;
}

function openKnotVector(domain: Domain, interior: number[], k: number): Float64Array {
  return Float64Array.from([...Array(k + 1).fill(domain[0]), ...interior, ...Array(k + 1).fill(domain[1])]);
}

function designRow(
  knots: Float64Array,
  k: number,
  count: number,
  x: number,
  out: Float64Array,
  scratch: ReturnType<typeof bsplineScratch>,
): number {
  // span s with knots[s] <= x < knots[s+1], s in [k, count-1]; x = b belongs to the last span
  const span = countAtMost(knots, x, k + 1, count) - 1;
  bsplineValues(knots, k, span, x, out, scratch);
  return span - k;
}

/**
 * The target on the fit and test grids, once per target and domain: every width and degree of a
 * spec's baselines samples the same points (FIT_GRID_POINTS + 20001 target evaluations each, before).
 */
const sampledTargets = new WeakMap<Target, Map<string, { fitY: Float64Array; testY: Float64Array }>>();
function sampledTarget(target: Target, domain: Domain): { fitY: Float64Array; testY: Float64Array } {
  let byDomain = sampledTargets.get(target);
  if (!byDomain) sampledTargets.set(target, (byDomain = new Map()));
  const key = domain.join(',');
  let sampled = byDomain.get(key);
  if (!sampled) {
    sampled = {
      fitY: uniformGrid(domain, FIT_GRID_POINTS).map(target.value),
      testY: uniformGrid(domain).map(target.value),
    };
    byDomain.set(key, sampled);
  }
  return sampled;
}

/** Spline coefficients of the least-squares fit on the fit grid (banded QR; dense where it is singular). */
function fitCoefficients(
  knots: Float64Array,
  k: number,
  count: number,
  fitX: Float64Array,
  fitY: Float64Array,
): Float64Array {
  const row = new Float64Array(k + 1);
  const scratch = bsplineScratch(k);
  // fitX ascends, so the rows' first columns never decrease, as the banded QR requires
  const qr = createBandedQr(count, k + 1);
  fitX.forEach((x, i) => addBandedRow(qr, designRow(knots, k, count, x, row, scratch), row, fitY[i]));
  if (Number.isFinite(bandedDiagonalRatio(qr))) return solveBandedUpper(qr, qr.qtb);
  const A = new Float64Array(fitX.length * count);
  fitX.forEach((x, i) => {
    const first = designRow(knots, k, count, x, row, scratch);
    for (let j = 0; j <= k; j++) A[i + (first + j) * fitX.length] = row[j];
  });
  return solveLeastSquares(A, fitX.length, count, fitY).x;
}

export function splineBaseline(target: Target, domain: Domain, kind: BaselineKind, n: number): BaselinePoint {
  const k = BASELINE_DEGREE[kind];
  const interior = [...splineInitialGates(n, domain).knots].filter((t) => t > domain[0] && t < domain[1]);
  const knots = openKnotVector(domain, interior, k);
  const count = interior.length + k + 1;
  const { fitY, testY } = sampledTarget(target, domain);
  const coefficients = fitCoefficients(knots, k, count, uniformGrid(domain, FIT_GRID_POINTS), fitY);
  const row = new Float64Array(k + 1);
  const scratch = bsplineScratch(k);
  const testX = uniformGrid(domain);
  let sum = 0;
  testX.forEach((x, i) => {
    const first = designRow(knots, k, count, x, row, scratch);
    let y = 0;
    for (let j = 0; j <= k; j++) y += row[j] * coefficients[first + j];
    sum += (y - testY[i]) ** 2;
  });
  return { n, params: count, rmse: Math.sqrt(sum / testX.length) };
}
