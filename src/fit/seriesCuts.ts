/**
 * The widths no slope of a convergence series may use, whatever the window or the extrapolation:
 * shared by asymptoticWindow (the window slope) and extrapolatedOrder, so both rest on the same
 * widths. Inputs: widths n (increasing), RMSE L (units of the target), the float floor of the
 * method, and optionally a per-width estimate of the rounding error in the RMSE itself (same units;
 * e.g. a construction evaluated in float64 whose head coefficients grow with n).
 *
 * Rules, in order; a width keeps the first reason that applies:
 *  1. no measurement: L is not a positive finite number;
 *  2. precision floor: from the first width with L <= FLOOR_MARGIN * eps * |f| on (eps = 2^-52 or
 *     2^-23 by precision, |f| = RMS of the target): two decades above rounding of values of size
 *     |f|, and later widths cannot be trusted to be above it either;
 *  3. rounding: from the first width whose rounding estimate exceeds ROUNDING_FRACTION * L on.
 *     Rounding adds to the truncation error at most coherently, so a fraction phi shifts ln L by at
 *     most ln(1 + phi) ~ phi, and a local order over a doubling by at most phi / ln 2: 0.014 for
 *     phi = 0.01, a tenth of the default tolerance 0.15. It is the same two-decade margin as rule 2,
 *     applied to the error the evaluation actually makes. Rounding grows with n while truncation
 *     falls, so later widths are excluded too;
 *  4. stopped falling: widths after the smallest remaining RMSE (no larger width improves on it).
 * Each excluded width carries a one-line detail with the numbers.
 */
import { FLOAT_EPSILON, type FloatPrecision } from '../core/floatPrecision.js';

/** Widths at or below 100 eps |f|: two decades above rounding, where it starts to show in the slope. */
export const FLOOR_MARGIN = 100;
/** A rounding estimate above 1% of the RMSE can bias a local order by up to 0.014 per doubling (rule 3). */
export const ROUNDING_FRACTION = 0.01;

export type ExclusionReason =
  'no-measurement' | 'precision-floor' | 'rounding' | 'stopped-falling' | 'pre-asymptotic' | 'unsettled';

export interface ExcludedWidth {
  readonly n: number;
  readonly reason: ExclusionReason;
  /** one line, numbers included */
  readonly detail: string;
}

export interface FloatFloor {
  readonly precision: FloatPrecision;
  /** |f|: the RMS of the target over the domain, units of the target */
  readonly targetScale: number;
}

export interface SeriesCuts {
  /** indices into the input of the widths every fit may use, increasing */
  readonly kept: number[];
  /** the others, with the rule that removed them, sorted by n */
  readonly excluded: ExcludedWidth[];
  /** L <= this is at the floor: FLOOR_MARGIN * eps * |f| */
  readonly floorThreshold: number;
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

export function seriesCuts(
  ns: readonly number[],
  rmses: readonly number[],
  floor: FloatFloor,
  roundingErrors?: readonly (number | null)[],
): SeriesCuts {
  if (rmses.length !== ns.length || (roundingErrors && roundingErrors.length !== ns.length))
    throw new Error(`seriesCuts: ${ns.length} widths but ${rmses.length} RMSE values`);
  const excluded: ExcludedWidth[] = [];
  const floorThreshold = FLOOR_MARGIN * FLOAT_EPSILON[floor.precision] * floor.targetScale;
  const aboveFloor: number[] = [];
  let floored = false;
  let rounded: number | null = null;
  for (let i = 0; i < ns.length; i++) {
    const L = rmses[i];
    const rounding = roundingErrors?.[i] ?? null;
    if (!(L > 0) || !Number.isFinite(L)) {
      excluded.push({ n: ns[i], reason: 'no-measurement', detail: `RMSE ${L} is not a positive number` });
    } else if (floored || L <= floorThreshold) {
      floored = true;
      excluded.push({
        n: ns[i],
        reason: 'precision-floor',
        detail: `at or past the ${floor.precision} floor: RMSE ${fmt(L)} <= ${FLOOR_MARGIN} eps |f| = ${fmt(floorThreshold)} (reached by n <= ${ns[i]})`,
      });
    } else if (rounded !== null || (rounding !== null && rounding > ROUNDING_FRACTION * L)) {
      rounded ??= ns[i];
      excluded.push({
        n: ns[i],
        reason: 'rounding',
        detail:
          `rounding error ${rounding === null ? 'not estimated' : `${fmt(rounding)} = ${fmt(rounding / L)} of`} RMSE ${fmt(L)}` +
          `; above ${ROUNDING_FRACTION} of the RMSE from n = ${rounded} on`,
      });
    } else {
      aboveFloor.push(i);
    }
  }
  let argMin = -1;
  for (const i of aboveFloor) if (argMin < 0 || rmses[i] < rmses[argMin]) argMin = i;
  for (const i of aboveFloor) {
    if (i > argMin) {
      excluded.push({
        n: ns[i],
        reason: 'stopped-falling',
        detail: `RMSE ${fmt(rmses[i])} is above the series minimum ${fmt(rmses[argMin])} at n = ${ns[argMin]}`,
      });
    }
  }
  excluded.sort((p, q) => p.n - q.n);
  return { kept: aboveFloor.filter((i) => i <= argMin), excluded, floorThreshold };
}
