/**
 * The verdict on one (unit, target, method): does the measured slope (against n) agree with the
 * predicted one to within the tolerance (slope units, default 0.15 from the spec)?
 *  - INCONCLUSIVE: no prediction, or a window of fewer than MIN_WINDOW_WIDTHS widths;
 *  - PASS: |measured - predicted| <= tolerance;
 *  - FAIL: off by more than the tolerance and the 95% CI excludes the prediction (clearly steeper
 *    or clearly shallower: a too-high order fails too);
 *  - INCONCLUSIVE: off by more than the tolerance but the CI still contains the prediction (the
 *    data are too noisy to call it either way).
 * The verdict is on the slope against n, the variable of the theory (h ~ 1/n); the slope against P
 * is reported beside it and agrees asymptotically.
 */
import { MIN_WINDOW_WIDTHS } from './asymptoticWindow.js';
import type { SlopeFit } from './fitSlope.js';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

export interface SlopeJudgement {
  readonly verdict: Verdict;
  /** one line: why */
  readonly reason: string;
}

const f2 = (v: number): string => v.toFixed(2);

export function judgeSlope(fit: SlopeFit, predictedSlope: number | null, tolerance: number): SlopeJudgement {
  if (predictedSlope === null)
    return { verdict: 'INCONCLUSIVE', reason: 'no prediction: the gate is not piecewise polynomial' };
  const k = fit.windowWidths.length;
  if (k === 0)
    return {
      verdict: 'INCONCLUSIVE',
      reason: 'no asymptotic window: no run of widths with settled local orders (see the excluded widths)',
    };
  if (k < MIN_WINDOW_WIDTHS || !fit.vsN) {
    return {
      verdict: 'INCONCLUSIVE',
      reason: `asymptotic window has ${k} width${k === 1 ? '' : 's'}; a verdict needs at least ${MIN_WINDOW_WIDTHS}`,
    };
  }
  const { slope, ci } = fit.vsN;
  const off = slope - predictedSlope;
  if (Math.abs(off) <= tolerance) {
    return {
      verdict: 'PASS',
      reason: `measured ${f2(slope)} is within ${tolerance} of predicted ${f2(predictedSlope)}`,
    };
  }
  const direction = off < 0 ? 'steeper' : 'shallower';
  if (ci && (predictedSlope < ci[0] || predictedSlope > ci[1])) {
    return {
      verdict: 'FAIL',
      reason: `measured ${f2(slope)} is ${direction} than predicted ${f2(predictedSlope)} by ${f2(Math.abs(off))} > ${tolerance}, and the 95% CI [${f2(ci[0])}, ${f2(ci[1])}] excludes it`,
    };
  }
  return {
    verdict: 'INCONCLUSIVE',
    reason: `measured ${f2(slope)} is off by ${f2(Math.abs(off))} > ${tolerance}, but the 95% CI ${ci ? `[${f2(ci[0])}, ${f2(ci[1])}]` : '(none)'} contains the prediction ${f2(predictedSlope)}`,
  };
}
