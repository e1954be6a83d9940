// Slopes of d-dimensional studies: window, data-limited onset, paired GLU-vs-MLP verdict.
import t from 'tap';
import { ddimSlope, steeperSlope, type SeriesPoint } from '../../src/fit/ddimSlopes.js';

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
