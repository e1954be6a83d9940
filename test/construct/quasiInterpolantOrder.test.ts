// The quasi-interpolant's networks show their predicted order: relu(g)^4, relu(g)^3*u (degree 4,
// best space S_4^2, built in S_4^3) and relu(g)^5 (degree 5), each on two targets. The widths are the
// ones where float64 can see the order (README "How the claims are derived": the floor arrives at
// RMSE ~1e-13); the last local order among the widths above the floor (RMSE > FLOOR_MARGIN eps max|f|
// and own rounding error <= ROUNDING_FRACTION RMSE, the fit stage's own rules) must be within 0.1 of
// -(m + 1), and RMSE / (C h^(m+1) RMS f^(m+1)) within 1% of 1 there. Local orders are taken against
// the cell count N = n - m + 1 (h = |domain| / N), the variable of the proved expansion: against n the
// m - 1 head neurons bias them by about (m + 1)(m - 1)/n, 0.2 for relu(g)^5 at n = 100 on sin(4x)
// (-6.33 against n, -6.02 against N between n = 68 and 100), where the floor stops the widths.
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { uniformGrid } from '../../src/core/testGrid.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { constructSweep } from '../../src/construct/constructSweep.js';
import { observedLocalOrders } from '../../src/fit/observedLocalOrders.js';
import { FLOOR_MARGIN, ROUNDING_FRACTION } from '../../src/fit/seriesCuts.js';

const SINE = ['sin(4*x)', [-1, 1]] as const;
// The second targets are the cheapest where float64 shows the order above its floor: on the paper's
// target the degree-4 units need n = 387..771 (a 24,673-point test grid at 771, over 10 minutes of
// this file under CI load), on Runge's 1/(1+x^2) n = 96..192. relu(g)^5 on Runge reaches its
// order (-6.08 against N at n = 64 -> 96) but its RMSE / leading term is still 1.022 at n = 96, and
// from n = 128 rounding exceeds 1% of the RMSE, so its second target is sin(2x) (ratio 0.992 at 64).
const RUNGE = ['1/(1+x^2)', [-1, 1]] as const;
const SINE2 = ['sin(2*x)', [-1, 1]] as const;

const CASES: ReadonlyArray<[string, readonly [string, readonly [number, number]], readonly number[]]> = [
  ['relu(g)^4', SINE, [195, 259, 387]],
  ['relu(g)^4', RUNGE, [96, 128, 192]],
  ['relu(g)^3*u', SINE, [195, 259, 387]],
  ['relu(g)^3*u', RUNGE, [96, 128, 192]],
  ['relu(g)^5', SINE, [52, 68, 100]],
  ['relu(g)^5', SINE2, [32, 48, 64]],
];

for (const [unit, [expression, domain], widths] of CASES) {
  t.test(`${unit} on ${expression}: local order m + 1 at the largest widths above the floor`, async (t) => {
    const analysed = analysedUnit(parseUnit(unit));
    const m = analysed.prediction?.degree ?? 0;
    const target = compileTarget(expression, [domain[0], domain[1]]);
    const scale = Math.max(...Array.from(uniformGrid(target.domain, 2001), (x) => Math.abs(target.value(x))));
    const rows = constructSweep(analysed, target, widths).rows.filter(
      (r) => r.rmse > FLOOR_MARGIN * Number.EPSILON * scale && r.roundingError <= ROUNDING_FRACTION * r.rmse,
    );
    t.ok(rows.length >= 2, `${rows.length} widths above the floor`);
    const orders = observedLocalOrders(
      rows.map((r) => r.cells),
      rows.map((r) => r.rmse),
    );
    const last = orders[orders.length - 1];
    t.ok(
      Math.abs(last.order + (m + 1)) <= 0.1,
      `local order ${last.order.toFixed(3)} against N between n = ${rows[rows.length - 2].n} and ${rows[rows.length - 1].n} within 0.1 of -${m + 1}`,
    );
    const ratio = rows[rows.length - 1].ratioToPredicted ?? Number.NaN;
    t.ok(Math.abs(ratio - 1) <= 0.01, `RMSE / leading term ${ratio.toFixed(4)} within 1% of 1`);
  });
}
