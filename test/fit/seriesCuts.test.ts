import t from 'tap';
import { seriesCuts, ROUNDING_FRACTION } from '../../src/fit/seriesCuts.js';
import { fitSlope } from '../../src/fit/fitSlope.js';
import { judgeOrder } from '../../src/fit/orderVerdict.js';

// A series built from issue 11's relu3 / sin(x) construction: local orders -4.29 .. -4.13 below n = 64
// (pre-asymptotic, a 1/n correction), the clean -4.11, -4.07, -4.05 over 64..192, then rounding in the
// network's own float64 evaluation contaminates 256..1024 (local orders -3.81, -3.48). The rounding
// estimate (as a fraction of the RMSE) is tiny up to 192 and visible from 256 on.
const widths = [16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024];
const orders = [-4.29, -4.22, -4.17, -4.13, -4.11, -4.07, -4.05, -4.03, -3.81, -3.48];
const roundingFraction = [1e-7, 4e-7, 1e-6, 6e-6, 2e-5, 1e-4, 4e-4, 4e-3, 0.03, 0.12, 0.35];
const rmse = widths.map((_, i) => {
  let L = 1e-6;
  for (let k = 0; k < i; k++) L *= (widths[k + 1] / widths[k]) ** orders[k];
  return L;
});
const rounding = rmse.map((L, i) => L * roundingFraction[i]);
const floor = { precision: 'float64' as const, targetScale: 0.6 };

t.test(
  'rounding: widths from the first whose estimate exceeds 1% of the RMSE are cut, with a detail line',
  async (t) => {
    t.equal(ROUNDING_FRACTION, 0.01);
    const cuts = seriesCuts(widths, rmse, floor, rounding);
    t.same(
      cuts.excluded.map((e) => [e.n, e.reason]),
      [
        [256, 'rounding'],
        [512, 'rounding'],
        [1024, 'rounding'],
      ],
    );
    t.equal(
      cuts.excluded[0].detail,
      `rounding error ${rounding[8].toPrecision(3)} = 0.0300 of RMSE ${rmse[8].toPrecision(3)}; above 0.01 of the RMSE from n = 256 on`,
    );
    t.same(
      cuts.kept.map((i) => widths[i]),
      widths.slice(0, 8),
    );
    const none = seriesCuts(widths, rmse, floor);
    t.same(none.excluded, [], 'without estimates nothing is cut');
    const partial = seriesCuts(widths, rmse, floor, [...rounding.slice(0, 9), null, null]);
    t.same(
      partial.excluded.map((e) => e.n),
      [256, 512, 1024],
      'later widths follow the first contaminated one even without their own estimate',
    );
    t.match(partial.excluded[1].detail, /^rounding error not estimated/);
  },
);

t.test('issue 11 relu3 / sin(x): with the estimate the clean widths carry the verdict', async (t) => {
  const without = fitSlope(
    widths.map((n, i) => ({ n, params: 3 * n, seed: 0, rmse: rmse[i] })),
    floor,
  );
  t.ok(
    without.windowWidths.includes(256),
    `without estimates the window ${without.windowWidths} reaches into 256..1024`,
  );
  t.not(judgeOrder(without, -4, 0.15).verdict, 'PASS', 'and the contaminated widths give no PASS');
  const fit = fitSlope(
    widths.map((n, i) => ({ n, params: 3 * n, seed: 0, rmse: rmse[i], roundingError: rounding[i] })),
    floor,
  );
  t.same(
    fit.excluded.filter((e) => e.reason === 'rounding').map((e) => e.n),
    [256, 512, 1024],
  );
  t.ok(fit.windowWidths.at(-1)! <= 192, `window ${fit.windowWidths} ends by 192`);
  t.ok(fit.extrapolation.usable && fit.extrapolation.range[1] === 192, 'the extrapolation ends at 192');
  const right = judgeOrder(fit, -4, 0.15);
  t.equal(right.verdict, 'PASS', right.reason);
  t.equal(judgeOrder(fit, -4.3, 0.15).verdict, 'FAIL');
  t.equal(judgeOrder(fit, -3.7, 0.15).verdict, 'FAIL');
});

t.test('seeds: a width takes the largest rounding estimate of its seeds', async (t) => {
  const fit = fitSlope(
    [
      { n: 8, params: 8, seed: 0, rmse: 1e-3, roundingError: 1e-7 },
      { n: 8, params: 8, seed: 1, rmse: 1e-3, roundingError: 3e-7 },
      { n: 16, params: 16, seed: 0, rmse: 1e-4 },
    ],
    floor,
  );
  t.equal(fit.points[0].roundingError, 3e-7);
  t.equal(fit.points[1].roundingError, null);
});

t.test('bad input', async (t) => {
  t.throws(() => seriesCuts([1, 2], [1], floor), /2 widths but 1 RMSE/);
});
