import t from 'tap';
import { fitSlope } from '../../src/fit/fitSlope.js';
import { judgeOrder } from '../../src/fit/orderVerdict.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import type { ConvergenceSample } from '../../src/fit/convergenceSeries.js';

// Synthetic series with a known asymptotic slope: RMSE = A n^slope for n >= knee, a flatter
// pre-asymptotic stretch (slope -1) below the knee, a floor where it would fall below `floor`,
// and 1% multiplicative noise (seeded), one seed per width unless `seeds` says otherwise.
function synthetic(opts: {
  slope: number;
  knee: number;
  floor: number;
  widths: number[];
  seeds?: number;
  noise?: number;
  seed?: number;
}): ConvergenceSample[] {
  const rng = seededRandom(opts.seed ?? 7);
  const A = 1;
  const out: ConvergenceSample[] = [];
  for (const n of opts.widths) {
    const clean = n >= opts.knee ? A * n ** opts.slope : A * opts.knee ** opts.slope * (opts.knee / n) ** 1;
    for (let s = 0; s < (opts.seeds ?? 1); s++) {
      const noisy = clean * Math.exp((opts.noise ?? 0.01) * rng.normal());
      const floored = Math.max(noisy, opts.floor * (1 + 0.5 * rng.uniform()));
      out.push({ n, params: 5 * n + 1, seed: s, rmse: floored });
    }
  }
  return out;
}
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

t.test(
  'known slope -3 with a bend below n = 10 and the float64 floor: slope within 0.02, bend and floor excluded',
  async (t) => {
    // A n^-3 reaches 1e-14 (the floor, < 100 eps |f| = 2.2e-14 with |f| = 1) near n = 46416.
    // Scale instead so that the floor is crossed inside the sweep: A = 1, floor 1e-6 * 2.2e-16 ... use |f| so that
    // 100 eps |f| = 2e-6, i.e. |f| = 2e-6 / (100 * 2^-52) ~ 9.0e7 (a large-valued target).
    const widths = range(2, 200);
    const samples = synthetic({ slope: -3, knee: 10, floor: 1e-7, widths });
    const fit = fitSlope(samples, { precision: 'float64', targetScale: 9.0e7 });
    t.ok(fit.vsN, 'fitted');
    t.ok(Math.abs(fit.vsN!.slope + 3) <= 0.02, `slope ${fit.vsN!.slope} within 0.02 of -3`);
    const [lo, hi] = [fit.windowWidths[0], fit.windowWidths.at(-1)!];
    t.ok(lo >= 10, `window starts at ${lo}, past the bend at 10`);
    // The floor: 1e-7 is reached at n = 215 > 200, and 100 eps |f| = 2.0e-6 at n ~ 79.
    t.ok(hi <= 79, `window ends at ${hi}, before the float floor at n ~ 79`);
    t.ok(
      fit.excluded.some((e) => e.reason === 'pre-asymptotic' && e.n === 4),
      'n = 4 is pre-asymptotic',
    );
    t.ok(
      fit.excluded.some((e) => e.reason === 'precision-floor' && e.n === 100),
      'n = 100 is at the precision floor',
    );
    t.ok(fit.vsN!.ci![0] <= -3 && -3 <= fit.vsN!.ci![1], `95% CI ${fit.vsN!.ci} contains -3`);
    t.equal(fit.vsN!.ciMethod, 'regression-standard-error');
    t.ok(Math.abs(fit.vsN!.prefactor - 1) < 0.05, `prefactor ${fit.vsN!.prefactor} ~ 1`);
    t.equal(judgeOrder(fit, -3, 0.15).verdict, 'PASS', judgeOrder(fit, -3, 0.15).reason);
  },
);

t.test('a plateau above the float floor (RMSE stops falling) is excluded, bend too', async (t) => {
  const samples = synthetic({ slope: -2, knee: 8, floor: 1e-5, widths: range(2, 100) });
  // 1 * n^-2 = 1e-5 at n ~ 316: no plateau inside; use a higher one.
  const plateau = synthetic({ slope: -2, knee: 8, floor: 3e-4, widths: range(2, 100) });
  const fit = fitSlope(plateau, { precision: 'float64', targetScale: 1 });
  t.ok(Math.abs(fit.vsN!.slope + 2) <= 0.02, `slope ${fit.vsN!.slope} within 0.02 of -2`);
  t.ok(
    fit.windowWidths.at(-1)! <= 58,
    `window ends at ${fit.windowWidths.at(-1)} before the plateau (3e-4 reached at n ~ 58)`,
  );
  t.ok(fit.windowWidths[0] >= 8, `window starts at ${fit.windowWidths[0]}`);
  const clean = fitSlope(samples, { precision: 'float64', targetScale: 1 });
  t.ok(Math.abs(clean.vsN!.slope + 2) <= 0.02, `no plateau: slope ${clean.vsN!.slope}`);
  t.ok(clean.windowWidths.at(-1)! >= 95, 'no plateau: window runs to the last widths');
});

t.test('a long pre-asymptotic stretch at -3.5 does not win over the asymptotic -4 at large n', async (t) => {
  // Slope -3.5 up to n = 40 (wider in log n than the asymptotic part), then -4: the GQU under least squares.
  const widths = [...range(1, 40).map((k) => 4 * k)].filter((n) => n <= 160);
  const samples = widths.map((n) => ({
    n,
    params: 7 * n + 1,
    seed: 0,
    rmse: (n <= 40 ? n ** -3.5 : 40 ** -3.5 * (n / 40) ** -4) * (1 + 0.005 * Math.sin(n)),
  }));
  const fit = fitSlope(samples, { precision: 'float64', targetScale: 1 });
  t.ok(Math.abs(fit.vsN!.slope + 4) <= 0.02, `slope ${fit.vsN!.slope} within 0.02 of -4`);
  t.ok(fit.windowWidths[0] >= 40, `window starts at ${fit.windowWidths[0]}`);
  t.equal(fit.windowWidths.at(-1), 160);
});

t.test('several seeds: bootstrap over seeds, deterministic, and the 95% CI covers the truth', async (t) => {
  const widths = [4, 6, 8, 12, 16, 24, 32, 48, 64];
  const a = fitSlope(synthetic({ slope: -4, knee: 6, floor: 0, widths, seeds: 5, noise: 0.05 }), {
    precision: 'float64',
    targetScale: 1,
  });
  const b = fitSlope(synthetic({ slope: -4, knee: 6, floor: 0, widths, seeds: 5, noise: 0.05 }), {
    precision: 'float64',
    targetScale: 1,
  });
  t.equal(a.vsN!.ciMethod, 'bootstrap-over-seeds');
  t.ok(a.vsN!.bootstrapCi && a.vsN!.regressionCi, 'both intervals kept');
  t.same(a.vsN!.ci, b.vsN!.ci, 'same interval twice');
  t.ok(a.vsN!.ci![1] - a.vsN!.ci![0] < 0.2, `CI ${a.vsN!.ci} is narrow with 5% noise`);
  t.equal(a.seeds, 5);
  // Coverage over 40 independent realisations: a 95% interval should miss about 2; more than 6
  // misses (P < 1e-3 for a true 95% interval) means the interval is too narrow.
  let misses = 0;
  for (let r = 0; r < 40; r++) {
    const fit = fitSlope(synthetic({ slope: -4, knee: 6, floor: 0, widths, seeds: 5, noise: 0.05, seed: 100 + r }), {
      precision: 'float64',
      targetScale: 1,
    });
    const [lo, hi] = fit.vsN!.ci!;
    if (!(lo <= -4 && -4 <= hi)) misses++;
  }
  t.ok(misses <= 6, `${misses} of 40 intervals miss the true slope`);
});

t.test('float32 floor sits at 100 * 2^-23 * |f|', async (t) => {
  const fit = fitSlope(synthetic({ slope: -2, knee: 1, floor: 0, widths: range(2, 100) }), {
    precision: 'float32',
    targetScale: 1,
  });
  t.equal(fit.floorThreshold, 100 * 2 ** -23);
  // n^-2 <= 1.19e-5 from n = 290: nothing floored here; with |f| = 100, from n = 29.
  const big = fitSlope(synthetic({ slope: -2, knee: 1, floor: 0, widths: range(2, 100) }), {
    precision: 'float32',
    targetScale: 100,
  });
  t.ok(big.windowWidths.at(-1)! <= 29, `float32 floor cuts the window at ${big.windowWidths.at(-1)}`);
  t.ok(big.excluded.filter((e) => e.reason === 'precision-floor').length >= 70);
});

t.test(
  'a width whose own rounding error exceeds ROUNDING_FRACTION (1%) of its RMSE is excluded as "rounding"',
  async (t) => {
    // L = n^-4 above the 100 eps |f| floor everywhere (|f| = 1e-3); the measurement reports its own
    // rounding error, 1e-12 for every width: from n = 1e-10^(-1/4) ~ 316 on it is > 0.01 L.
    const widths = [32, 64, 128, 256, 512, 600, 1024];
    const samples: ConvergenceSample[] = widths.map((n) => ({
      n,
      params: n,
      seed: 0,
      rmse: n ** -4,
      roundingError: 1e-12,
    }));
    const fit = fitSlope(samples, { precision: 'float64', targetScale: 1e-3 });
    t.same(
      fit.excluded.filter((e) => e.reason === 'rounding').map((e) => e.n),
      [512, 600, 1024],
      'the three widths past n ~ 316',
    );
    t.same(fit.windowWidths, [32, 64, 128, 256]);
    const clean = fitSlope(
      samples.map(({ roundingError: _, ...s }) => s),
      { precision: 'float64', targetScale: 1e-3 },
    );
    t.same(clean.windowWidths, widths, 'without a rounding measurement every width is kept');
  },
);
