// Issue 4's must-show on the paper target, now cheap enough for CI (banded lsq, ~0.5 s):
// f = 1/(1+cos(pi x)^2), N = 10,000, seed 0, widths 4..100 in steps of 4.
// Same-parity widths on purpose: with the alternating spline start, even n has both edge neurons
// linear on the domain and odd n a dead last neuron, so a 99 -> 100 local order mixes two problems
// (MLP reads -2.42 there; README, "How it measures").
import t from 'tap';
import { measureSweep } from '../../src/measure/measureSweep.js';
import { logLogSlope } from '../../src/fit/logLogSlope.js';
import type { ResultRecord } from '../../src/measure/resultRecord.js';

const TARGET = '1/(1+cos(pi*x)^2)';
const WIDTHS = Array.from({ length: 25 }, (_, i) => 4 + 4 * i); // 4, 8, ..., 100

function byUnit(records: ResultRecord[], unit: string): ResultRecord[] {
  return records.filter((r) => r.unit === unit).sort((p, q) => p.n - q.n);
}

t.test('lsq local orders at the two largest widths and log-log fits over n >= 16', async (t) => {
  const records = await measureSweep({
    units: ['mlp', 'glu', 'gqu'],
    target: TARGET,
    widths: WIDTHS,
    method: 'lsq',
    data: 10000,
    jobs: 1,
  });
  // Tolerances: +-0.1 for MLP and GLU, +-0.2 for the GQU (tied family).
  for (const [unit, predicted, tolerance] of [
    ['mlp', -2, 0.1],
    ['glu', -3, 0.1],
    ['gqu', -4, 0.2],
  ] as const) {
    const rows = byUnit(records, unit);
    const [a, b] = rows.slice(-2);
    const local = Math.log(b.testRmse / a.testRmse) / Math.log(b.n / a.n);
    t.ok(
      Math.abs(local - predicted) <= tolerance,
      `${unit}: local order ${a.n} -> ${b.n} = ${local.toFixed(3)}, within ${tolerance} of ${predicted}`,
    );
    const tail = rows.filter((r) => r.n >= 16);
    const line = logLogSlope(
      tail.map((r) => r.n),
      tail.map((r) => r.testRmse),
    );
    if (unit !== 'gqu')
      t.ok(
        line.rSquared >= 0.995,
        `${unit}: fit over n >= 16 has R^2 ${line.rSquared.toFixed(4)} >= 0.995 (slope ${line.slope.toFixed(3)})`,
      );
  }
});

t.test('lm from the lsq optimum never ends with a higher train RMSE', async (t) => {
  const widths = [8, 16];
  const lsq = await measureSweep({ units: ['gqu'], target: TARGET, widths, method: 'lsq', data: 2000, jobs: 1 });
  const lm = await measureSweep({
    units: ['gqu'],
    target: TARGET,
    widths,
    method: 'lm',
    init: 'lsq',
    data: 2000,
    maxIterations: 5,
    jobs: 1,
  });
  for (const n of widths) {
    const start = lsq.find((r) => r.n === n)!;
    const end = lm.find((r) => r.n === n)!;
    t.ok(
      end.trainRmse <= start.trainRmse * (1 + 1e-12),
      `gqu n=${n}: lm ${end.trainRmse.toExponential(4)} <= lsq ${start.trainRmse.toExponential(4)}`,
    );
  }
});
