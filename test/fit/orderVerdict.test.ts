import t from 'tap';
import { extrapolatedOrder, type ExtrapolatedOrder } from '../../src/fit/extrapolatedOrder.js';
import { judgeOrder, suggestedWidth, roundUpTwoDigits, signedSlope, MAX_SPREAD } from '../../src/fit/orderVerdict.js';
import { seededRandom } from '../../src/core/seededRandom.js';

const range = (a: number, b: number, s = 1): number[] =>
  Array.from({ length: Math.floor((b - a) / s) + 1 }, (_, i) => a + i * s);
const noFloor = { floor: { precision: 'float64' as const, targetScale: 1e-30 } };
/** judge a series given as L(n) on widths ns, with no window slope (vsN: null) */
function judge(ns: number[], L: (n: number) => number, predicted: number | null, tolerance = 0.15) {
  const extrapolation = extrapolatedOrder(ns, ns.map(L), noFloor);
  return { extrapolation, ...judgeOrder({ extrapolation, vsN: null }, predicted, tolerance) };
}
/** L with local order s_j exactly on each doubling ending at nMax (piecewise power law). */
function piecewise(nMax: number, slopesFromLast: number[]): (n: number) => number {
  return (n) => {
    let lnL = 0;
    let x = Math.log(nMax);
    for (const s of slopesFromLast) {
      const lo = x - Math.LN2;
      lnL -= s * (x - Math.max(lo, Math.min(x, Math.log(n))));
      x = lo;
    }
    return Math.exp(lnL + slopesFromLast[slopesFromLast.length - 1] * Math.min(0, Math.log(n) - x));
  };
}

t.test('rules 6 and 7: a settled power law PASSes its order and FAILs +-0.3, saying which way', async (t) => {
  const ns = range(8, 256, 8);
  const L = (n: number): number => 1e-2 * n ** -4;
  const pass = judge(ns, L, -4);
  t.equal(pass.verdict, 'PASS');
  t.equal(pass.cause, 'agrees');
  t.equal(
    pass.reason,
    'extrapolated -4.00 [-4.00, -4.00] (no window slope, drift +0.00 per doubling at n = 256) lies within 0.15 of predicted -4.00',
  );
  const shallower = judge(ns, L, -4.3);
  t.equal(shallower.verdict, 'FAIL');
  t.match(shallower.reason, /lies outside predicted -4\.30 \+- 0\.15: shallower by at least 0\.30$/);
  t.match(judge(ns, L, -3.7).reason, /steeper by at least 0\.30$/);
  t.equal(judge(ns, L, -4.14).verdict, 'PASS', 'inside the tolerance');
});

t.test('rules 1 and 2: no prediction, no extrapolation', async (t) => {
  const none = judge(range(8, 256, 8), (n) => n ** -4, null);
  t.same(
    [none.verdict, none.cause, none.reason],
    ['INCONCLUSIVE', 'no-prediction', 'no prediction: the gate is not piecewise polynomial'],
  );
  const short = judge([8, 16, 32], (n) => n ** -3, -3);
  t.same([short.verdict, short.cause], ['INCONCLUSIVE', 'no-extrapolation']);
  t.match(short.reason, /^no extrapolation: needs widths over at least 2\.5 doublings/);
});

t.test('rule 3: local orders spread over more than one order are not asymptotic', async (t) => {
  // local order -4 + 30/n: -1.4 near n = 11, -3.4 near n = 45
  const j = judge(range(8, 64, 2), (n) => n ** -4 * Math.exp(-30 / n), -4);
  t.equal(MAX_SPREAD, 1);
  t.same([j.verdict, j.cause], ['INCONCLUSIVE', 'not-asymptotic']);
  t.match(
    j.reason,
    /^not yet asymptotic: local orders over the doublings ending at n = 16, 32, 64: .*, a spread of \d\.\d\d > 1; extend widths to about \d+ if the drift falls like n\^-2, \d+ if like n\^-1$/,
  );
  t.ok(j.extendTo! > 64);
});

t.test('rule 4: local orders that turn back are not converging monotonically', async (t) => {
  // -4.0 on [16, 32], -3.7 on [32, 64], -4.0 on [64, 128]: the drift changes sign
  const j = judge(range(8, 128, 4), piecewise(128, [-4, -3.7, -4, -4]), -4);
  t.same([j.verdict, j.cause], ['INCONCLUSIVE', 'not-monotone']);
  t.match(
    j.reason,
    /\(drift \+0\.30 then -0\.30 per doubling; departure from the asymptotic pattern 0\.\d\d > 0\.15\); extend widths by at least two doublings, to about 520$/,
  );
  t.equal(j.extendTo, 520);
});

t.test('rule 5: fewer than 3.5 doublings of usable widths give no verdict, naming what to add', async (t) => {
  const j = judge(range(64, 512, 16), (n) => n ** -3, -3);
  t.same([j.verdict, j.cause], ['INCONCLUSIVE', 'unconfirmed']);
  t.match(
    j.reason,
    /a verdict needs the drift pattern over 4 doublings and the usable widths 64\.\.512 span less; add widths down to about n = 45 or up to about 730$/,
  );
});

t.test('rule 8: still drifting, with a width to extend to from the 1/n rate', async (t) => {
  // local order -4 - 20/n: local orders -4.90, -4.43, -4.22 over the doublings to 128, drift +0.21
  const j = judge(range(8, 128, 4), (n) => n ** -4 * Math.exp(20 / n), -4);
  t.same([j.verdict, j.cause], ['INCONCLUSIVE', 'drifting']);
  const est = j.extrapolation as Extract<ExtrapolatedOrder, { usable: true }>;
  const N = suggestedWidth(est, 0.15)!;
  t.equal(N, roundUpTwoDigits((128 * Math.abs(est.drift.value)) / 0.075), 'N_1 = n_max |D0| / (tolerance / 2)');
  t.equal(j.extendTo, N);
  t.match(
    j.reason,
    /overlaps predicted -4\.00 \+- 0\.15 without lying inside it: local orders still drifting by \+0\.21 per doubling; extend widths to about \d+ if the drift falls like n\^-2, \d+ if like n\^-1$/,
  );
  t.ok(suggestedWidth(est, 0.15, 2)! < N, 'the n^-2 rate gets there sooner');
});

t.test('rule 8: scatter-limited', async (t) => {
  const rng = seededRandom(5);
  const ns = [8, 11, 16, 22, 32, 45, 64, 90, 128];
  const L = new Map(ns.map((n) => [n, n ** -3 * Math.exp(0.15 * rng.normal())]));
  const j = judge(ns, (n) => L.get(n)!, -3);
  t.same([j.verdict, j.cause], ['INCONCLUSIVE', 'scatter'], j.reason);
  t.match(
    j.reason,
    /scatter of the RMSE about the fit \(statistical half-width \d\.\d\d\); add widths per doubling or seeds$/,
  );
});

t.test('roundUpTwoDigits and signedSlope', async (t) => {
  t.same([1234, 99, 100, 101, 5].map(roundUpTwoDigits), [1300, 99, 100, 110, 5]);
  t.same([0.214, -0.031, -0.001, 0].map(signedSlope), ['+0.21', '-0.03', '+0.00', '+0.00']);
});
