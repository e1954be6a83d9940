/**
 * Local orders over consecutive stretches of ln n: a continuous piecewise-linear least-squares fit
 *
 *     ln L_i = a - sum_(j=0..K-1) s_j len_j(ln n_i)  [+ e pi(n_i) + f pi(n_i) / n_i]  + noise
 *
 * with K segments of equal length `segmentLength` in ln n (ln 2: a doubling) ending at ln n_max, the
 * largest width. len_j(x) = max(0, kappa_j - max(kappa_(j+1), x)) is how much of segment j lies in
 * [x, ln n_max] (kappa_j = ln n_max - j segmentLength), so the fit is continuous with slope s_j on
 * segment j: s_0 is the local order averaged over the last segment, s_1 over the one before, and so
 * on (slopes d ln L / d ln n, negative when converging). Inputs: widths n increasing, RMSE L > 0.
 *
 * Parity columns pi(n) = +1 (n even) / -1 (odd) and pi(n)/n enter when the widths used hold at least
 * PARITY_MIN_WIDTHS of each parity: with frozen alternating spline gates an even n has both edge
 * neurons linear and an odd n one dead neuron (README "How it measures"), so the effective knot count
 * is about n - 2 or n - 1 and ln L carries a parity-dependent offset and 1/n shift. Without them,
 * consecutive-width local orders swing by +-0.4 near n = 100.
 *
 * Solved by the project's pivoted QR (solveLeastSquares) with its covariance (A^T A)^-1; the slopes'
 * covariance is sigma^2 (A^T A)^-1 with sigma^2 = RSS / dof. Requirements, else null: the first width
 * lies at most half-way into the leftmost segment (so it is covered at least half), every other
 * segment holds a width, the design has full rank and dof = widths - columns >= 2. Knot comparisons
 * allow 1e-9 in ln n, so a width exactly on a knot (n_max / 2) counts as on it despite rounding.
 */
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { tHalfWidthFactor } from './confidenceLevel.js';

/** A parity class needs this many widths before its offset and 1/n shift are fitted (2 parameters and a residual). */
export const PARITY_MIN_WIDTHS = 3;
const KNOT_SLACK = 1e-9;

export interface SegmentedFit {
  /** kappa_j = ln n_max - j segmentLength, j = 0..K */
  readonly knots: number[];
  /** s_0 (last segment, ending at n_max), s_1, ...: averaged local orders */
  readonly slopesFromLast: number[];
  /** D_j = s_j - s_(j+1): the drift of the local order from one segment to the next */
  readonly driftsFromLast: number[];
  /** indices into the input of the widths fitted */
  readonly used: number[];
  readonly parityTerms: boolean;
  /** residual degrees of freedom */
  readonly dof: number;
  /** t factor of a CONFIDENCE interval with dof degrees of freedom */
  readonly t: number;
  /** standard error of sum_j w_j s_j, w indexed like slopesFromLast */
  readonly standardError: (w: readonly number[]) => number;
}

const parityOf = (n: number): number => (n % 2 === 0 ? 1 : -1);

function hasBothParities(ns: readonly number[]): boolean {
  const even = ns.filter((n) => n % 2 === 0).length;
  return even >= PARITY_MIN_WIDTHS && ns.length - even >= PARITY_MIN_WIDTHS;
}

/** The widths a K-segment fit uses, or null when the segments are not covered. */
function coveredWidths(lx: readonly number[], knots: readonly number[], length: number): number[] | null {
  const K = knots.length - 1;
  const used = lx.flatMap((x, i) => (x >= knots[K] - KNOT_SLACK ? [i] : []));
  if (used.length === 0 || lx[used[0]] > knots[K - 1] - 0.5 * length + KNOT_SLACK) return null;
  for (let j = 0; j < K - 1; j++) {
    const inside = used.some((i) => lx[i] < knots[j] - KNOT_SLACK && lx[i] >= knots[j + 1] - KNOT_SLACK);
    if (!inside) return null;
  }
  return used;
}

export function segmentedLogLogFit(
  ns: readonly number[],
  rmses: readonly number[],
  segments: number,
  segmentLength: number,
): SegmentedFit | null {
  if (ns.length < 2) return null;
  const lx = ns.map(Math.log);
  const top = lx[lx.length - 1];
  const knots = Array.from({ length: segments + 1 }, (_, j) => top - j * segmentLength);
  const used = coveredWidths(lx, knots, segmentLength);
  if (!used) return null;
  const nsUsed = used.map((i) => ns[i]);
  const parityTerms = hasBothParities(nsUsed);
  const columns: number[][] = [used.map(() => 1)];
  for (let j = 0; j < segments; j++)
    columns.push(used.map((i) => -Math.max(0, knots[j] - Math.max(knots[j + 1], lx[i]))));
  if (parityTerms) {
    columns.push(nsUsed.map(parityOf));
    columns.push(nsUsed.map((n) => parityOf(n) / n));
  }
  const m = used.length;
  const p = columns.length;
  const dof = m - p;
  if (dof < 2) return null;
  const A = new Float64Array(m * p);
  columns.forEach((c, j) => A.set(c, j * m));
  const fit = solveLeastSquares(
    A,
    m,
    p,
    Float64Array.from(used, (i) => Math.log(rmses[i])),
    { covariance: true },
  );
  if (!fit.covariance) return null;
  const cov = fit.covariance;
  const sigma2 = (fit.residualNorm * fit.residualNorm) / dof;
  const slopesFromLast = Array.from(fit.x.subarray(1, segments + 1));
  const standardError = (w: readonly number[]): number => {
    let v = 0;
    for (let a = 0; a < w.length; a++) for (let b = 0; b < w.length; b++) v += w[a] * w[b] * cov[(a + 1) * p + b + 1];
    return Math.sqrt(Math.max(0, v * sigma2));
  };
  return {
    knots,
    slopesFromLast,
    driftsFromLast: slopesFromLast.slice(0, -1).map((s, j) => s - slopesFromLast[j + 1]),
    used,
    parityTerms,
    dof,
    t: tHalfWidthFactor(dof),
    standardError,
  };
}
