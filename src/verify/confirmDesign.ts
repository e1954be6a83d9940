/**
 * --confirm of the unit designer: each listed unit (the front and the best unit of each order) is
 * built by its explicit construction (construct/constructNetwork) at the width n = floor((P - 1)/p)
 * of each budget, evaluated as a network on the test grid (testGridPoints(n) points), and its RMSE
 * compared with the predicted L(P): ratio = measured / predicted. The ranking of the units by
 * measured RMSE is compared with the predicted ranking at every budget.
 * Only the construction is measured; a least-squares fit (lsq) at the same width is not run here
 * (a measurement of lsq is `approx-order measure --method lsq`).
 * Where they differ, the usual causes are named: a pre-asymptotic width (few cells, the O(h^(m+2))
 * term not yet small) or the float64 floor (the network's rounding above 1% of its RMSE).
 */
import { compileTarget } from '../core/target.js';
import { parseUnit } from '../core/unitForm.js';
import { rootMeanSquareDifference, testGridPoints, uniformGrid } from '../core/testGrid.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { constructNetwork } from '../construct/constructNetwork.js';
import { constructionRoundingError } from '../construct/constructionRoundingError.js';
import type { DesignedUnit, UnitDesign } from './designUnits.js';

/**
 * A measurement is at the float64 floor when the network's own rounding (its RMS difference from the
 * spline it writes, construct/constructionRoundingError) exceeds this fraction of its RMSE: the
 * fit stage's cut for the same question.
 */
export const FLOOR_ROUNDING_FRACTION = 0.01;

export interface ConfirmRow {
  readonly unit: string;
  readonly params: number;
  readonly neurons: number;
  readonly predicted: number;
  readonly measured: number;
  /** measured / predicted */
  readonly ratio: number;
  /** RMS of (float64 network - its spline), target units */
  readonly roundingError: number;
  /** roundingError above FLOOR_ROUNDING_FRACTION of the measured RMSE */
  readonly atFloor: boolean;
}

export interface DesignConfirmation {
  readonly rows: readonly ConfirmRow[];
  /** one line per budget where the measured ranking differs from the predicted one */
  readonly rankingDifferences: readonly string[];
}

export function confirmDesign(design: UnitDesign, units: readonly DesignedUnit[]): DesignConfirmation {
  const target = compileTarget(design.target, design.domain);
  const rows: ConfirmRow[] = [];
  for (const u of units) {
    const analysed = analysedUnit(parseUnit(u.expression));
    for (const b of u.predictions) {
      if (b.rmse === null) continue;
      const built = constructNetwork(analysed, target, b.neurons);
      const xs = uniformGrid(design.domain, testGridPoints(b.neurons));
      const fx = xs.map(target.value);
      const y = evaluateNetwork(analysed.form, built.params, xs);
      const measured = rootMeanSquareDifference(y, fx);
      const roundingError = constructionRoundingError(built.spline, y, xs);
      rows.push({
        unit: u.expression,
        params: b.params,
        neurons: b.neurons,
        predicted: b.rmse,
        measured,
        ratio: measured / b.rmse,
        roundingError,
        atFloor: roundingError > FLOOR_ROUNDING_FRACTION * measured,
      });
    }
  }
  const rankingDifferences: string[] = [];
  for (const P of design.params) {
    const at = rows.filter((r) => r.params === P);
    const predicted = [...at].sort((x, y) => x.predicted - y.predicted).map((r) => r.unit);
    const measured = [...at].sort((x, y) => x.measured - y.measured).map((r) => r.unit);
    if (predicted.join() === measured.join()) continue;
    const causes = at
      .filter((r) => r.atFloor || r.ratio > 1.5 || r.ratio < 1 / 1.5)
      .map(
        (r) =>
          `${r.unit} ${r.atFloor ? 'at the float64 floor' : `measured/predicted ${r.ratio.toFixed(2)} (pre-asymptotic: ${r.neurons} neurons)`}`,
      );
    rankingDifferences.push(
      `P = ${P}: measured order ${measured.join(' < ')}, predicted ${predicted.join(' < ')}` +
        (causes.length > 0 ? `; ${causes.join('; ')}` : ''),
    );
  }
  return { rows, rankingDifferences };
}
