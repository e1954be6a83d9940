/**
 * --confirm of the unit designer: each listed unit (the front and the best unit of each order) is
 * measured at the width n = floor((P - 1)/p) of each budget in two ways:
 *   construct  built by its explicit construction (construct/constructNetwork), evaluated as a network
 *              on the test grid (testGridPoints(n) points); the prediction L(P) describes exactly this
 *              network, so ratio = measured / predicted tests the prefactor.
 *   lsq        gates frozen at the spline initialisation's knots, the rest solved by exact float64 least
 *              squares on DEFAULT_TRAINING_POINTS uniform random points (seed 0), as
 *              `measure --method lsq` does (measure/runMeasurement). A best fit on data is not the
 *              construction, so its ratio is expected below 1 by a unit-dependent factor; it is shown,
 *              and its ranking compared, but the 1.5 band is the construction's.
 * The ranking of the units by measured RMSE is compared with the predicted ranking at every budget,
 * for each method. Where they differ, the usual causes are named: a pre-asymptotic width (few cells,
 * the O(h^(m+2)) term not yet small) or the float64 floor (the construction's rounding above 1% of its
 * RMSE; for lsq, an RMSE within LSQ_FLOOR_FACTOR of the construction's rounding at the same width).
 */
import { compileTarget } from '../core/target.js';
import { parseUnit } from '../core/unitForm.js';
import { rootMeanSquareDifference, testGridPoints, uniformGrid } from '../core/testGrid.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { constructNetwork } from '../construct/constructNetwork.js';
import { constructionRoundingError } from '../construct/constructionRoundingError.js';
import { DEFAULT_TRAINING_POINTS } from '../core/methods.js';
import { runMeasurement } from '../measure/runMeasurement.js';
import type { DesignedUnit, UnitDesign } from './designUnits.js';

/**
 * A measurement is at the float64 floor when the network's own rounding (its RMS difference from the
 * spline it writes, construct/constructionRoundingError) exceeds this fraction of its RMSE: the
 * fit stage's cut for the same question.
 */
export const FLOOR_ROUNDING_FRACTION = 0.01;

/**
 * An lsq RMSE below this multiple of the construction's float64 rounding at the same width is called
 * at the floor: the two networks have the same kind of cancellation, so the lsq fit cannot be resolved
 * below about the construction's rounding.
 */
export const LSQ_FLOOR_FACTOR = 100;

/** The lsq fit of --confirm: the training seed and data (as `measure --method lsq --seeds 1`). */
export const CONFIRM_LSQ_SEED = 0;

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
  /** lsq at the same n: test-grid RMSE, its ratio to the prediction, and whether it is at the floor */
  readonly lsq: { readonly measured: number; readonly ratio: number; readonly atFloor: boolean };
}

export interface DesignConfirmation {
  readonly rows: readonly ConfirmRow[];
  /** one line per budget where the constructions' measured ranking differs from the predicted one */
  readonly rankingDifferences: readonly string[];
  /** the same for the lsq fits */
  readonly lsqRankingDifferences: readonly string[];
}

export async function confirmDesign(design: UnitDesign, units: readonly DesignedUnit[]): Promise<DesignConfirmation> {
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
      const lsq = await runMeasurement({
        unit: u.expression,
        target: design.target,
        domain: design.domain,
        data: DEFAULT_TRAINING_POINTS,
        method: 'lsq',
        init: 'spline',
        n: b.neurons,
        seed: CONFIRM_LSQ_SEED,
        maxIterations: 1,
      });
      rows.push({
        unit: u.expression,
        params: b.params,
        neurons: b.neurons,
        predicted: b.rmse,
        measured,
        ratio: measured / b.rmse,
        roundingError,
        atFloor: roundingError > FLOOR_ROUNDING_FRACTION * measured,
        lsq: {
          measured: lsq.testRmse,
          ratio: lsq.testRmse / b.rmse,
          atFloor: lsq.testRmse < LSQ_FLOOR_FACTOR * roundingError,
        },
      });
    }
  }
  return {
    rows,
    rankingDifferences: rankingDifferences(design.params, rows, (r) => r),
    lsqRankingDifferences: rankingDifferences(design.params, rows, (r) => r.lsq),
  };
}

/** One line per budget where the ranking by measured RMSE (of the method `of` picks) differs from the predicted one. */
function rankingDifferences(
  budgets: readonly number[],
  rows: readonly ConfirmRow[],
  of: (r: ConfirmRow) => { readonly measured: number; readonly ratio: number; readonly atFloor: boolean },
): string[] {
  const lines: string[] = [];
  for (const P of budgets) {
    const at = rows.filter((r) => r.params === P);
    const predicted = [...at].sort((x, y) => x.predicted - y.predicted).map((r) => r.unit);
    const measured = [...at].sort((x, y) => of(x).measured - of(y).measured).map((r) => r.unit);
    if (predicted.join() === measured.join()) continue;
    const causes = at
      .filter((r) => of(r).atFloor || of(r).ratio > 1.5 || of(r).ratio < 1 / 1.5)
      .map(
        (r) =>
          `${r.unit} ${of(r).atFloor ? 'at the float64 floor' : `measured/predicted ${of(r).ratio.toFixed(2)} (${of(r).ratio > 1 ? `pre-asymptotic: ${r.neurons} neurons` : 'below the prediction, which describes the construction'})`}`,
      );
    lines.push(
      `P = ${P}: measured order ${measured.join(' < ')}, predicted ${predicted.join(' < ')}` +
        (causes.length > 0 ? `; ${causes.join('; ')}` : ''),
    );
  }
  return lines;
}
