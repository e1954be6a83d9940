/**
 * The verdict on one convergence series: does its extrapolated order (extrapolatedOrder.ts) agree
 * with the predicted slope to within the tolerance (slope units; the spec's default is 0.15)?
 * The first rule that applies wins:
 *  1. INCONCLUSIVE (no-prediction): the gate is not piecewise polynomial;
 *  2. INCONCLUSIVE (no-extrapolation): too few widths or doublings for the local orders;
 *  3. INCONCLUSIVE (not-asymptotic): the local orders over the last three doublings spread over more
 *     than MAX_SPREAD. For a single 1/n term delta(n) = -(B/n)/(1 + B/n), so |delta| <= 1 over the
 *     doublings iff |B|/n <= 1/2 at their start: the first correction is at most half the leading
 *     term. Beyond that the expansion is not yet a guide;
 *  4. INCONCLUSIVE (not-monotone): the departure V from the drift pattern exceeds the tolerance: the
 *     local orders do not converge monotonically at a rate q >= 1, even allowing the tolerance;
 *  5. INCONCLUSIVE (unconfirmed): the pattern could not be checked over confirmDoublings doublings
 *     (the usable widths span fewer than confirmDoublings - 1/2);
 *  6. PASS (agrees): |p_inf - predicted| <= tolerance and the whole interval lies in
 *     [predicted - tolerance, predicted + tolerance];
 *  7. FAIL (disagrees): the interval lies entirely outside that band (steeper or shallower: a
 *     too-high order fails too);
 *  8. INCONCLUSIVE otherwise, naming the largest part of the interval's width: the drift (drifting,
 *     with a width to extend to), the scatter of the RMSE about the fit, or the departure V.
 * Why a false verdict needs a wrong interval: a FAIL of the true order needs the interval to miss it
 * by more than the tolerance, and a PASS of an order off by 2 tolerances needs the interval to lie a
 * tolerance away from the truth. Both need the interval to miss the true limit by more than the
 * tolerance; the bracket and V are there to prevent that.
 *
 * The width to extend to (suggestedWidth): the drift per doubling and the spread both fall like n^-q.
 * N_q = n_max max(|D0| / (tolerance/2), spread / MAX_SPREAD)^(1/q) is where the drift reaches half the
 * tolerance and the spread MAX_SPREAD; q = 1 (the slowest rate the expansion allows) gives the
 * largest N, q = 2 the rate when B = 0. Both are reported, rounded up to 2 significant digits.
 */
import type { SlopeFit } from './fitSlope.js';
import type { ExtrapolatedOrder } from './extrapolatedOrder.js';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';
export type VerdictCause =
  | 'agrees'
  | 'disagrees'
  | 'no-prediction'
  | 'no-extrapolation'
  | 'not-asymptotic'
  | 'not-monotone'
  | 'unconfirmed'
  | 'drifting'
  | 'scatter'
  | 'departure'
  | 'no-measurement'
  | 'not-converged';

/** Local orders over three doublings may differ by at most one order (rule 3). */
export const MAX_SPREAD = 1;

export interface OrderJudgement {
  readonly verdict: Verdict;
  /** which rule decided */
  readonly cause: VerdictCause;
  /** one line: why, with the numbers */
  readonly reason: string;
  /** for an INCONCLUSIVE that more widths can settle: about how far to extend them (n) */
  readonly extendTo: number | null;
}

type Usable = Extract<ExtrapolatedOrder, { usable: true }>;

const f2 = (v: number): string => v.toFixed(2);

/** A drift or slope change with its sign, 2 decimals: "+0.21", "-0.03", and "+0.00" for anything that rounds to zero. */
export function signedSlope(v: number): string {
  const s = v.toFixed(2);
  return s === '-0.00' ? '+0.00' : v >= 0 ? `+${s}` : s;
}
const signed = signedSlope;

/** 2 significant digits, rounded up: 1234 -> 1300. */
export function roundUpTwoDigits(v: number): number {
  const e = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / e) * e;
}

/** N_q (see the header); null when the drift and spread are already below their targets. */
export function suggestedWidth(est: Usable, tolerance: number, q = 1): number | null {
  const factor = Math.max(Math.abs(est.drift.value) / (tolerance / 2), est.spread / MAX_SPREAD);
  return factor > 1 ? roundUpTwoDigits(est.range[1] * factor ** (1 / q)) : null;
}

function extendText(est: Usable, tolerance: number): string {
  const slow = suggestedWidth(est, tolerance, 1);
  const fast = suggestedWidth(est, tolerance, 2);
  return fast !== null && slow !== null && fast < slow
    ? `about ${fast} if the drift falls like n^-2, ${slow} if like n^-1`
    : `about ${slow}`;
}

/** Rules 3-5: is the series asymptotic enough for the bracket to mean anything? */
function notYetAsymptotic(est: Usable, tolerance: number): OrderJudgement | null {
  const nMax = est.range[1];
  const [s2, s1, s0] = est.doublingOrders;
  const orders = `local orders over the doublings ending at n = ${s2.to}, ${s1.to}, ${s0.to}: ${f2(s2.order)}, ${f2(s1.order)}, ${f2(s0.order)}`;
  if (est.spread > MAX_SPREAD) {
    return {
      verdict: 'INCONCLUSIVE',
      cause: 'not-asymptotic',
      reason: `not yet asymptotic: ${orders}, a spread of ${f2(est.spread)} > ${MAX_SPREAD}; extend widths to ${extendText(est, tolerance)}`,
      extendTo: suggestedWidth(est, tolerance),
    };
  }
  if (est.patternDeparture > tolerance) {
    const to = roundUpTwoDigits(4 * nMax);
    return {
      verdict: 'INCONCLUSIVE',
      cause: 'not-monotone',
      reason:
        `not yet asymptotic: ${orders}, which do not converge monotonically (drift ${signed(est.previousDrift)} then ${signed(est.drift.value)} per doubling; ` +
        `departure from the asymptotic pattern ${f2(est.patternDeparture)} > ${tolerance}); extend widths by at least two doublings, to about ${to}`,
      extendTo: to,
    };
  }
  if (!est.confirmed) {
    const reach = roundUpTwoDigits(est.range[0] * 2 ** (est.confirmDoublings - 0.5));
    const down = Math.floor(nMax / 2 ** (est.confirmDoublings - 0.5));
    return {
      verdict: 'INCONCLUSIVE',
      cause: 'unconfirmed',
      reason:
        `${orders}; a verdict needs the drift pattern over ${est.confirmDoublings} doublings and the usable widths ` +
        `${est.range[0]}..${nMax} span less; add widths down to about n = ${down} or up to about ${reach}`,
      extendTo: reach,
    };
  }
  return null;
}

/** Rule 8: the largest part of the interval's width. */
function undecided(est: Usable, tolerance: number): Pick<OrderJudgement, 'cause' | 'reason' | 'extendTo'> {
  const drift = Math.abs(est.drift.value);
  const scatter = 2 * est.statisticalHalfWidth;
  const departure = 2 * est.patternDeparture;
  if (drift >= scatter && drift >= departure) {
    const to = suggestedWidth(est, tolerance);
    if (to !== null)
      return {
        cause: 'drifting',
        reason: `local orders still drifting by ${signed(est.drift.value)} per doubling; extend widths to ${extendText(est, tolerance)}`,
        extendTo: to,
      };
    const twice = roundUpTwoDigits(2 * est.range[1]);
    return {
      cause: 'drifting',
      reason: `the drift of ${signed(est.drift.value)} per doubling is below ${f2(tolerance / 2)} but, with the scatter, still too large to decide; extend widths by a doubling, to about ${twice}, or add seeds`,
      extendTo: twice,
    };
  }
  if (scatter >= departure)
    return {
      cause: 'scatter',
      reason: `scatter of the RMSE about the fit (statistical half-width ${f2(est.statisticalHalfWidth)}); add widths per doubling or seeds`,
      extendTo: null,
    };
  return {
    cause: 'departure',
    reason: `local orders depart from the asymptotic pattern by ${f2(est.patternDeparture)}`,
    extendTo: null,
  };
}

export function judgeOrder(
  fit: Pick<SlopeFit, 'extrapolation' | 'vsN'>,
  predictedSlope: number | null,
  tolerance: number,
): OrderJudgement {
  if (predictedSlope === null)
    return {
      verdict: 'INCONCLUSIVE',
      cause: 'no-prediction',
      reason: 'no prediction: the gate is not piecewise polynomial',
      extendTo: null,
    };
  const est = fit.extrapolation;
  if (!est.usable)
    return {
      verdict: 'INCONCLUSIVE',
      cause: 'no-extrapolation',
      reason: `no extrapolation: ${est.problem}`,
      extendTo: null,
    };
  const early = notYetAsymptotic(est, tolerance);
  if (early) return early;
  const { value, ci } = est.extrapolated;
  const band: [number, number] = [predictedSlope - tolerance, predictedSlope + tolerance];
  const window = fit.vsN ? `window slope ${f2(fit.vsN.slope)}` : 'no window slope';
  const desc = `extrapolated ${f2(value)} [${f2(ci[0])}, ${f2(ci[1])}] (${window}, drift ${signed(est.drift.value)} per doubling at n = ${est.range[1]})`;
  if (Math.abs(value - predictedSlope) <= tolerance && ci[0] >= band[0] && ci[1] <= band[1])
    return {
      verdict: 'PASS',
      cause: 'agrees',
      reason: `${desc} lies within ${tolerance} of predicted ${f2(predictedSlope)}`,
      extendTo: null,
    };
  if (ci[1] < band[0] || ci[0] > band[1]) {
    const steeper = ci[1] < band[0];
    const by = steeper ? predictedSlope - ci[1] : ci[0] - predictedSlope;
    return {
      verdict: 'FAIL',
      cause: 'disagrees',
      reason: `${desc} lies outside predicted ${f2(predictedSlope)} +- ${tolerance}: ${steeper ? 'steeper' : 'shallower'} by at least ${f2(by)}`,
      extendTo: null,
    };
  }
  const why = undecided(est, tolerance);
  return {
    verdict: 'INCONCLUSIVE',
    ...why,
    reason: `${desc}, width ${f2(ci[1] - ci[0])}, overlaps predicted ${f2(predictedSlope)} +- ${tolerance} without lying inside it: ${why.reason}`,
  };
}
