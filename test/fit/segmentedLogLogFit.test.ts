import t from 'tap';
import { segmentedLogLogFit } from '../../src/fit/segmentedLogLogFit.js';
import { seededRandom } from '../../src/core/seededRandom.js';

const range = (a: number, b: number, s = 1): number[] =>
  Array.from({ length: Math.floor((b - a) / s) + 1 }, (_, i) => a + i * s);

t.test('recovers the slopes of an exactly piecewise power law, one per doubling', async (t) => {
  // ln L continuous and piecewise linear in ln n with knots at 64 and 32 (n_max = 128): slopes -3 on
  // [16, 32], -3.5 on [32, 64], -4 on [64, 128].
  const lnL = (n: number): number => {
    const x = Math.log(n);
    return (
      -3 * Math.min(x, Math.log(32)) -
      3.5 * Math.max(0, Math.min(x, Math.log(64)) - Math.log(32)) -
      4 * Math.max(0, x - Math.log(64))
    );
  };
  const ns = range(16, 128, 4);
  const fit = segmentedLogLogFit(
    ns,
    ns.map((n) => Math.exp(lnL(n))),
    3,
    Math.LN2,
  )!;
  t.ok(fit, 'fitted');
  const want = [-4, -3.5, -3];
  fit.slopesFromLast.forEach((s, j) =>
    t.ok(Math.abs(s - want[j]) < 1e-12, `s${j} = ${s} (want ${want[j]}, tol 1e-12)`),
  );
  fit.driftsFromLast.forEach((d) => t.ok(Math.abs(d + 0.5) < 1e-12, `drift ${d} = -0.5`));
  t.equal(fit.parityTerms, false, 'all widths even: no parity columns');
  t.equal(fit.dof, ns.length - 4);
});

t.test('standard errors: a t interval covers the true slope about 95% of the time', async (t) => {
  // 200 realisations of n^-3 with 2% multiplicative noise; a 95% interval should miss about 10.
  const ns = range(8, 64, 2);
  const rng = seededRandom(11);
  let misses = 0;
  for (let r = 0; r < 200; r++) {
    const fit = segmentedLogLogFit(
      ns,
      ns.map((n) => n ** -3 * Math.exp(0.02 * rng.normal())),
      3,
      Math.LN2,
    )!;
    const half = fit.t * fit.standardError([1, 0, 0]);
    if (Math.abs(fit.slopesFromLast[0] + 3) > half) misses++;
  }
  t.ok(misses >= 2 && misses <= 22, `${misses} of 200 intervals miss (binomial 95% range ~ 4..17)`);
});

t.test('parity columns absorb an offset and 1/n shift between even and odd widths', async (t) => {
  const ns = range(16, 128);
  const ls = ns.map((n) => (n - (n % 2 ? 1 : 2)) ** -3);
  const fit = segmentedLogLogFit(ns, ls, 3, Math.LN2)!;
  t.equal(fit.parityTerms, true);
  // Each parity class alone is a smooth series (n - 2)^-3 or (n - 1)^-3, local order about -3.05 at n ~ 100.
  const alone = [0, 1].map((parity) => {
    const sub = ns.filter((n) => n % 2 === parity);
    return segmentedLogLogFit(
      sub,
      sub.map((n) => ls[ns.indexOf(n)]),
      3,
      Math.LN2,
    )!.slopesFromLast[0];
  });
  const mean = (alone[0] + alone[1]) / 2;
  t.ok(Math.abs(fit.slopesFromLast[0] - mean) < 0.01, `s0 = ${fit.slopesFromLast[0]} vs each parity alone ${alone}`);
  // A factor-2 odd/even alternation (the paper's GLU solver): absorbed, so it adds no scatter.
  const alternating = segmentedLogLogFit(
    ns,
    ns.map((n) => n ** -3 * (n % 2 ? 2 : 1)),
    3,
    Math.LN2,
  )!;
  t.ok(Math.abs(alternating.slopesFromLast[0] + 3) < 1e-9, `s0 = ${alternating.slopesFromLast[0]}`);
  t.ok(alternating.standardError([1, 0, 0]) < 1e-9, 'no scatter left');
});

t.test('null when the segments are not covered', async (t) => {
  t.equal(
    segmentedLogLogFit([64, 96, 128], [1, 0.5, 0.3], 3, Math.LN2),
    null,
    'first width past half the leftmost doubling',
  );
  t.equal(
    segmentedLogLogFit(
      [8, 9, 10, 11, 12, 128],
      [6, 5, 4, 3, 2, 1].map((v) => v * 1e-3),
      3,
      Math.LN2,
    ),
    null,
    'an empty doubling',
  );
  t.equal(
    segmentedLogLogFit([16, 32, 64, 128], [1, 0.1, 0.01, 0.001], 3, Math.LN2),
    null,
    'no residual degrees of freedom',
  );
});
