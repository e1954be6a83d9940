/**
 * Whether a trained method can run on a unit from a start, before any run begins: one line saying
 * why not, or null. The boundary (measure, verify's spec parser) turns the line into a UsageError.
 *   lsq, and any method started from lsq: the frozen-gate family (relu gates, or smooth gates whose
 *     non-gate factors are one affine map to the first power: GeGLU, SwiGLU);
 *   varpro: relu gates only (its knot Jacobian), whatever the start;
 * The line never tells the user to choose the method refused: lm refused for its start is told to start elsewhere.
 *   paper-newton: every stage linear in its parameters (non-gate factors to the first power).
 *
 * Examples:  methodRefusal('varpro', 'spline', analysedUnit(parseUnit('swiglu')))  // "method varpro needs a relu gate: ..."
 */
import type { Start, TrainedMethod } from '../core/methods.js';
import { frozenGateRefusal, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { paperNewtonRefusal } from './paperNewton.js';

export function methodRefusal(method: TrainedMethod, init: Start, unit: AnalysedUnit): string | null {
  if (method === 'lsq') return frozenGateRefusal(unit);
  if (init === 'lsq') {
    const why = frozenGateRefusal(unit);
    return why === null
      ? null
      : `${method} cannot start from lsq (--init lsq${method === 'lm' ? ', its default' : ''}): ${why}; use --init spline`;
  }
  if (method === 'varpro') return frozenGateRefusal(unit, 'varpro');
  if (method === 'paper-newton') return paperNewtonRefusal(unit.form);
  return null;
}
