import t from 'tap';
import { extrapolatedOrder, CONFIRM_DOUBLINGS, type ExtrapolatedOrder } from '../../src/fit/extrapolatedOrder.js';

const range = (a: number, b: number, s = 1): number[] =>
  Array.from({ length: Math.floor((b - a) / s) + 1 }, (_, i) => a + i * s);
// |f| so small that the float floor never cuts
const noFloor = { floor: { precision: 'float64' as const, targetScale: 1e-30 } };
type Usable = Extract<ExtrapolatedOrder, { usable: true }>;
const usable = (e: ExtrapolatedOrder): Usable => {
  if (!e.usable) throw new Error(e.problem);
  return e;
};

t.test('pure power law n^-4: the extrapolated order is -4 to rounding, no drift, no departure', async (t) => {
  const ns = range(8, 256, 8);
  const est = usable(
    extrapolatedOrder(
      ns,
      ns.map((n) => 1e-2 * n ** -4),
      noFloor,
    ),
  );
  t.ok(est.confirmed);
  t.ok(Math.abs(est.extrapolated.value + 4) < 1e-9, `${est.extrapolated.value}`);
  t.ok(est.extrapolated.ci[1] - est.extrapolated.ci[0] < 1e-6, 'an exact series has a point interval');
  t.ok(Math.abs(est.drift.value) < 1e-9);
  t.equal(est.patternDeparture, 0);
  t.same(
    est.doublingOrders.map((d) => [d.from, d.to]),
    [
      [32, 64],
      [64, 128],
      [128, 256],
    ],
  );
  t.same(est.range, [32, 256]);
});

t.test(
  'strong 1/n correction (local order -5 + 40/n): the interval contains the limit the window slope misses',
  async (t) => {
    // L = n^-5 exp(-40/n): d ln L / d ln n = -5 + 40/n exactly.
    const ns = range(16, 512, 16);
    const est = usable(
      extrapolatedOrder(
        ns,
        ns.map((n) => n ** -5 * Math.exp(-40 / n)),
        noFloor,
      ),
    );
    const [s2, s1, s0] = est.doublingOrders.map((d) => d.order);
    t.ok(s0 > -4.95 && s1 > s0 && s2 > s1, `local orders ${s2}, ${s1}, ${s0} still falling towards -5`);
    t.ok(est.extrapolated.ci[0] <= -5 && -5 <= est.extrapolated.ci[1], `interval ${est.extrapolated.ci} contains -5`);
    t.ok(est.drift.value < 0, 'drifting towards steeper');
    const ratio = est.decayRatio ?? -1;
    t.ok(ratio > 0.35 && ratio <= 0.5, `drift at least halves per doubling (ratio ${ratio}), as a 1/n term's does`);
    t.equal(est.patternDeparture, 0, 'so the series follows the asymptotic pattern');
  },
);

t.test('1/n^2 correction of either sign: the interval contains the limit', async (t) => {
  const ns = range(8, 256, 4);
  for (const c of [-300, 300]) {
    const est = usable(
      extrapolatedOrder(
        ns,
        ns.map((n) => n ** -3 * Math.exp(c / n ** 2)),
        noFloor,
      ),
    );
    t.ok(est.extrapolated.ci[0] <= -3 && -3 <= est.extrapolated.ci[1], `c = ${c}: interval ${est.extrapolated.ci}`);
  }
});

t.test('a local-order hump inside the range departs from the pattern', async (t) => {
  const ns = range(8, 128, 4);
  const est = usable(
    extrapolatedOrder(
      ns,
      ns.map((n) => n ** -4 * (1 + Math.exp(4 * Math.log(n / 20) - (n - 20) / 10))),
      noFloor,
    ),
  );
  t.ok(est.patternDeparture > 0.15 || est.spread > 1, `departure ${est.patternDeparture}, spread ${est.spread}`);
});

t.test('fewer than 3.5 doublings: usable but not confirmed; fewer than 2.5: not usable', async (t) => {
  const ns = range(64, 512, 16);
  const est = usable(
    extrapolatedOrder(
      ns,
      ns.map((n) => n ** -3),
      noFloor,
    ),
  );
  t.equal(est.confirmed, false);
  t.equal(est.confirmDoublings, CONFIRM_DOUBLINGS);
  t.equal(
    usable(
      extrapolatedOrder(
        ns,
        ns.map((n) => n ** -3),
        { ...noFloor, confirmDoublings: 3 },
      ),
    ).confirmed,
    true,
  );
  const short = extrapolatedOrder([8, 16, 32], [1e-2, 1e-3, 1e-4], noFloor);
  t.equal(short.usable, false);
  t.equal(
    !short.usable && short.problem,
    'needs widths over at least 2.5 doublings below the largest usable width, a width in each doubling and 2 residual degrees of freedom; have 3 usable widths over 2.0 doublings',
  );
});

t.test('the float floor and stopped-falling cuts come before the fit', async (t) => {
  const ns = range(8, 400, 8);
  const est = usable(
    extrapolatedOrder(
      ns,
      ns.map((n) => Math.max(n ** -6, 3e-16)),
      { floor: { precision: 'float64', targetScale: 1 } },
    ),
  );
  t.ok(est.excluded.some((e) => e.reason === 'precision-floor'));
  // n^-6 = 100 eps = 2.2e-14 at n ~ 182
  t.ok(est.range[1] < 190 && est.range[1] >= 176, `n_max ${est.range[1]}`);
});

t.test('bad input', async (t) => {
  t.throws(() => extrapolatedOrder([1, 2], [1], noFloor), /2 widths but 1 RMSE/);
  t.throws(() => extrapolatedOrder([2, 1], [1, 1], noFloor), /widths must increase/);
  t.throws(() => extrapolatedOrder([1, 2], [1, 1], { ...noFloor, confirmDoublings: 2 }), RangeError);
});
