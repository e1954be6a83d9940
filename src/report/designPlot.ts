/**
 * The unit designer's plot (SVG): predicted L(P) of each listed unit as a line over the budgets
 * (the step function of n = floor((P - 1)/p) at 80 log-spaced integer budgets from the smallest to
 * the largest, a factor 2 either side when only one is given), and the measured RMSE of --confirm
 * as points (filled: the construction; triangles: lsq), on log-log axes.
 */
import { budgetPrediction, type DesignedUnit, type UnitDesign } from '../verify/designUnits.js';
import type { DesignConfirmation } from '../verify/confirmDesign.js';
import { render } from './convergencePlots.js';

const CURVE_POINTS = 80;

export async function designPlot(
  design: UnitDesign,
  units: readonly DesignedUnit[],
  confirmation: DesignConfirmation | null,
): Promise<string> {
  let lo = design.params[0];
  let hi = design.params[design.params.length - 1];
  if (lo === hi) [lo, hi] = [Math.max(2, Math.floor(lo / 2)), hi * 2];
  const budgets = [
    ...new Set(Array.from({ length: CURVE_POINTS }, (_, i) => Math.round(lo * (hi / lo) ** (i / (CURVE_POINTS - 1))))),
  ];
  const values: Array<Record<string, unknown>> = [];
  for (const u of units)
    for (const P of budgets) {
      const { rmse } = budgetPrediction(P, u.paramsPerNeuron, u.shape, u.scale);
      if (rmse !== null && rmse > 0) values.push({ unit: u.expression, P, rmse, kind: 'predicted' });
    }
  for (const row of confirmation?.rows ?? []) {
    if (row.measured > 0) values.push({ unit: row.unit, P: row.params, rmse: row.measured, kind: 'construct' });
    if (row.lsq.measured > 0) values.push({ unit: row.unit, P: row.params, rmse: row.lsq.measured, kind: 'lsq' });
  }
  const x = { field: 'P', type: 'quantitative', scale: { type: 'log' }, title: 'parameters P' };
  const y = { field: 'rmse', type: 'quantitative', scale: { type: 'log' }, title: 'RMSE' };
  const color = { field: 'unit', type: 'nominal', title: 'unit' };
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `predicted L(P) (lines), construct (dots) and lsq (triangles), ${design.target}`,
    width: 420,
    height: 300,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'predicted'" }],
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: { x, y, color },
      },
      {
        transform: [{ filter: "datum.kind === 'construct'" }],
        mark: { type: 'point', filled: true, size: 50 },
        encoding: { x, y, color },
      },
      {
        transform: [{ filter: "datum.kind === 'lsq'" }],
        mark: { type: 'point', shape: 'triangle-up', filled: false, size: 50 },
        encoding: { x, y, color },
      },
    ],
  });
}
