/**
 * How far the local orders of a segmented fit depart from the drift pattern of an asymptotic
 * series, net of noise (slope units, >= 0).
 *
 * For a smooth target L(n) = A n^-p (1 + B n^-1 + C n^-2 + ...), so the local order is
 * -p + delta(n) with delta ~ c n^-q, q >= 1 (q = 1 unless B = 0). Averaged over segments of equal
 * length in ln n, successive drifts then satisfy D_j = rho D_(j+1) with 0 <= rho <= r^q <= r, r the
 * factor by which n^-1 falls over one segment (1/2 per doubling, 2^-1/2 per half doubling): each drift
 * keeps the sign of the one before and shrinks by at least that factor. The departure is
 *
 *     V = max over successive drift pairs j of max(0, min over rho in [0, maxDecayRatio] of
 *             |D_j - rho D_(j+1)| - t se(D_j - rho D_(j+1)))
 *
 * (D_j - rho D_(j+1) = s_j - (1 + rho) s_(j+1) + rho s_(j+2), its standard error from the fit's
 * covariance): 0 when the drifts fit the pattern to within their t standard errors, otherwise by
 * how much they miss. rho runs over DECAY_RATIO_STEPS + 1 equally spaced values, so V is within
 * maxDecayRatio |D_(j+1)| / (2 DECAY_RATIO_STEPS) (0.0025 |D_(j+1)| per doubling) of the exact minimum.
 */
import type { SegmentedFit } from './segmentedLogLogFit.js';

/** n^-1 halves per doubling: the largest ratio of successive drifts per doubling when q >= 1. */
export const MAX_DECAY_RATIO_PER_DOUBLING = 0.5;
export const DECAY_RATIO_STEPS = 100;

export function patternDeparture(fit: SegmentedFit, maxDecayRatio: number): number {
  const K = fit.slopesFromLast.length;
  const D = fit.driftsFromLast;
  let worst = 0;
  for (let j = 0; j + 1 < D.length; j++) {
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k <= DECAY_RATIO_STEPS; k++) {
      const rho = (maxDecayRatio * k) / DECAY_RATIO_STEPS;
      const w = new Array<number>(K).fill(0);
      w[j] = 1;
      w[j + 1] = -(1 + rho);
      w[j + 2] = rho;
      best = Math.min(best, Math.abs(D[j] - rho * D[j + 1]) - fit.t * fit.standardError(w));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}
