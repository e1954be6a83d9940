// Slopes of d-dimensional studies: window, data-limited onset, paired GLU-vs-MLP verdict.
import t from 'tap';
import { ddimSlope, orderDrift, steeperSlope, type SeriesPoint } from '../../src/fit/ddimSlopes.js';

const widths = [4, 8, 16, 32, 64, 128];
/** RMSE = c n^slope per seed with a seed-dependent wiggle; test = train x ratio(n). */
function series(slope: number, ratio: (n: number) => number, wiggle = 0.02): SeriesPoint[] {
  return [0, 1, 2].flatMap((seed) =>
    widths.map((n, i) => {
      const train = n ** slope * Math.exp(wiggle * Math.sin(7 * seed + 3 * i));
      return { n, params: 4 * n + 1, seed, trainRmse: train, testRmse: train * ratio(n) };
    }),
  );
}

t.test('an exact power law gives its slope; the window starts at `from`', async (t) => {
  const s = ddimSlope(
    series(-1.5, () => 1, 0),
    { from: 8 },
  );
  t.same(s.window, [8, 16, 32, 64, 128]);
  t.ok(Math.abs((s.vsN?.estimate ?? 0) + 1.5) < 1e-12, `slope ${s.vsN?.estimate}`);
  t.equal(s.dataLimitedFrom, null);
  t.match(s.exclusions[0], /n < 8: pre-asymptotic/);
});

t.test('test RMSE that stops following train RMSE ends the window, with the reason', async (t) => {
  const s = ddimSlope(
    series(-1, (n) => (n >= 64 ? 3 : 1.05)),
    { from: 4 },
  );
  t.equal(s.dataLimitedFrom, 64);
  t.same(s.window, [4, 8, 16, 32]);
  t.match(s.exclusions.join('\n'), /n >= 64: data-limited \(test\/train RMSE 3\.00 > 1\.5/);
  const unlike = ddimSlope(
    series(-1, () => 3),
    { from: 4 },
  );
  t.equal(unlike.vsN, null);
  t.match(unlike.exclusions.join('\n'), /already at the first width: the test set is unlike the training set/);
});

t.test('GLU steeper than MLP: yes, no and inconclusive from the paired interval', async (t) => {
  const mlp = ddimSlope(
    series(-1, () => 1),
    { from: 4 },
  );
  const glu = ddimSlope(
    series(-1.5, () => 1),
    { from: 4 },
  );
  t.equal(steeperSlope(glu, mlp).verdict, 'yes');
  t.equal(steeperSlope(mlp, glu).verdict, 'no');
  const same = ddimSlope(
    series(-1, () => 1, 0.2),
    { from: 4 },
  );
  t.equal(steeperSlope(same, mlp).verdict, 'inconclusive', 'equal slopes up to noise');
  const none = ddimSlope(
    series(-1, () => 3),
    { from: 4 },
  );
  t.same(steeperSlope(none, mlp), { difference: null, verdict: 'inconclusive', reason: 'a unit has no slope window' });
});

t.test('order drift across the window: steady, steepening, flattening, undecided', async (t) => {
  const widths = [8, 16, 32, 64, 128, 256];
  // RMSE = n^-p(n) with a per-seed wobble; p(n) fixed, growing or shrinking with ln n
  const series = (order: (n: number) => number, wobble: number[]): SeriesPoint[] =>
    wobble.flatMap((w, seed) =>
      widths.map((n) => {
        const rmse = Math.exp(-order(n) * Math.log(n) + w * Math.sin(n + seed));
        return { n, params: 3 * n + 1, seed, trainRmse: rmse, testRmse: rmse };
      }),
    );
  const drift = (points: SeriesPoint[]) => orderDrift(points, ddimSlope(points, { from: 8 }), 0.15);
  const steady = drift(series(() => 1, [0.001, 0.002, 0.003]));
  t.equal(steady.verdict, 'steady', steady.reason);
  t.same(
    [steady.lowerWidths, steady.upperWidths],
    [
      [8, 16, 32],
      [64, 128, 256],
    ],
  );
  t.ok(Math.abs(steady.lower + 1) < 0.01 && Math.abs(steady.upper + 1) < 0.01, `${steady.lower}, ${steady.upper}`);
  const steepening = drift(series((n) => 0.5 + 0.1 * Math.log2(n), [0.001, 0.002, 0.003]));
  t.equal(steepening.verdict, 'steepening', steepening.reason);
  const flattening = drift(series((n) => 2 - 0.1 * Math.log2(n), [0.001, 0.002, 0.003]));
  t.equal(flattening.verdict, 'flattening', flattening.reason);
  const noisy = drift(series(() => 1, [0.3, -0.4, 0.5]));
  t.equal(noisy.verdict, 'undecided', noisy.reason);
  const oneSeed = drift(series(() => 1, [0.001]));
  t.equal(oneSeed.verdict, 'undecided');
  t.match(oneSeed.reason, /one seed/);
});
