// The constructions' orders and constants, measured on the real networks over the 20001-point test grid.
// Paper target 1/(1+cos(pi*x)^2) and sin(4x) on [-1, 1], widths 16, 32, 64, 128, 256.
// Tolerances: local order 128 -> 256 within 0.1 of -(m+1); fitted slope within 0.35;
// RMSE / predicted leading term within 10% of 1 at n = 128 for MLP and GLU.
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { logLogSlope } from '../../src/fit/logLogSlope.js';
import { observedLocalOrders } from '../../src/fit/observedLocalOrders.js';
import { constructSweep, type ConstructSweep } from '../../src/construct/constructSweep.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { TEST_GRID_POINTS } from '../../src/core/testGrid.js';

const WIDTHS = [16, 32, 64, 128, 256];
const PREDICTED: Record<string, number> = { mlp: -2, glu: -3, relu2: -3, gqu: -4, relu3: -4, 'relu(g)^2*u': -4 };
const paper = compileTarget('1/(1+cos(pi*x)^2)', [-1, 1]);
const sine = compileTarget('sin(4*x)', [-1, 1]);

const sweepOf = (name: string, target: typeof sine, widths: number[]): ConstructSweep =>
  constructSweep(analysedUnit(parseUnit(name)), target, widths);
/** Local order into row i (from row i - 1), by the fit stage. */
const localOrder = (sweep: ConstructSweep, i: number): number =>
  observedLocalOrders(
    sweep.rows.map((r) => r.n),
    sweep.rows.map((r) => r.rmse),
  )[i - 1].order;
/** Log-log slope over all rows against n or P. */
const slopeOver = (sweep: ConstructSweep, x: 'n' | 'params'): number =>
  logLogSlope(
    sweep.rows.map((r) => r[x]),
    sweep.rows.map((r) => r.rmse),
  ).slope;

t.test('paper target: local orders, fitted slopes, constants', async (t) => {
  for (const name of Object.keys(PREDICTED)) {
    const sweep = sweepOf(name, paper, WIDTHS);
    const predicted = PREDICTED[name];
    t.equal(sweep.construction.predictedSlope, predicted, `${name}: predicted slope ${predicted}`);
    t.equal(sweep.testPoints, TEST_GRID_POINTS);
    t.same(
      sweep.rows.map((r) => r.n),
      WIDTHS,
    );
    const last = localOrder(sweep, 4);
    t.ok(
      Math.abs(last - predicted) <= 0.1,
      `${name}: local order 128 -> 256 = ${last.toFixed(3)}, within 0.1 of ${predicted}`,
    );
    const fitted = slopeOver(sweep, 'n');
    if (name === 'relu2' || name === 'relu3') {
      // Measured: the globally coupled splines (slope recurrence, moment system) are pre-asymptotic at
      // n = 16 on this target (h = 0.13-0.14 against features of width ~0.1 at x = +-1/2; RMSE 4-5 x
      // the leading term), so the fit over all five widths overshoots: relu2 -3.55, relu3 -4.63.
      // From n = 32 on the fit is within the tolerance.
      t.ok(
        sweep.rows[0].ratioToPredicted! > 3,
        `${name}: n = 16 is pre-asymptotic (RMSE / leading term ${sweep.rows[0].ratioToPredicted!.toFixed(2)})`,
      );
      t.ok(
        fitted < predicted - 0.35,
        `${name}: fit over 16..256 = ${fitted.toFixed(3)} overshoots ${predicted} by more than 0.35 (recorded, see README)`,
      );
      const from32 = logLogSlope(
        WIDTHS.slice(1),
        sweep.rows.slice(1).map((r) => r.rmse),
      ).slope;
      t.ok(
        Math.abs(from32 - predicted) <= 0.35,
        `${name}: fit over 32..256 = ${from32.toFixed(3)}, within 0.35 of ${predicted}`,
      );
    } else {
      t.ok(
        Math.abs(fitted - predicted) <= 0.35,
        `${name}: fit over 16..256 = ${fitted.toFixed(3)}, within 0.35 of ${predicted}`,
      );
    }
    t.ok(
      Math.abs(slopeOver(sweep, 'params') - predicted) <= Math.abs(fitted - predicted) + 0.05,
      `${name}: slope vs P ${slopeOver(sweep, 'params').toFixed(3)} close to vs n`,
    );
    const ratio = sweep.rows[3].ratioToPredicted!;
    t.ok(
      Math.abs(ratio - 1) <= 0.1,
      `${name}: RMSE / (C h^${-predicted} RMS f^(${-predicted})) = ${ratio.toFixed(4)} at n = 128`,
    );
  }
});

t.test('second target sin(4x): local orders and fitted slopes', async (t) => {
  for (const name of ['mlp', 'glu', 'relu2', 'gqu', 'relu3']) {
    const sweep = sweepOf(name, sine, WIDTHS);
    const predicted = PREDICTED[name];
    const last = localOrder(sweep, 4);
    t.ok(
      Math.abs(last - predicted) <= 0.1,
      `${name}: local order 128 -> 256 = ${last.toFixed(3)}, within 0.1 of ${predicted}`,
    );
    t.ok(
      Math.abs(slopeOver(sweep, 'n') - predicted) <= 0.35,
      `${name}: fit over 16..256 = ${slopeOver(sweep, 'n').toFixed(3)}, within 0.35`,
    );
    t.ok(
      Math.abs(sweep.rows[3].ratioToPredicted! - 1) <= 0.1,
      `${name}: ratio at n = 128 = ${sweep.rows[3].ratioToPredicted!.toFixed(4)}`,
    );
  }
});

t.test('rows: P, h follow from the widths', async (t) => {
  const sweep = sweepOf('gqu', sine, [16, 8, 16]);
  t.same(
    sweep.rows.map((r) => [r.n, r.params, r.cells, r.h]),
    [
      [8, 57, 7, 2 / 7],
      [16, 113, 15, 2 / 15],
    ],
    'gqu: P = 7n + 1, N = n - 1, h = 2/N; widths sorted, duplicates dropped',
  );
  t.same(
    sweep.rows.map((r) => r.headKnots),
    [
      [-1, -3],
      [-1, -3],
    ],
    'gqu head neurons at a and a - (b - a)',
  );
  t.equal(sweep.construction.rmseConstant.exact, '1/sqrt(362880)');
  // A target the spline reproduces exactly: RMSE at rounding level, ratio undefined (f'' = 0)
  const line = sweepOf('mlp', compileTarget('3*x - 1', [-1, 1]), [4, 8]);
  t.ok(
    line.rows.every((r) => r.rmse < 1e-14 && r.ratioToPredicted === null),
    'linear target on mlp: RMSE < 1e-14, no ratio',
  );
});
