// Exact float64 <-> rational conversions: the exact value of a float64, one rounding back.
import t from 'tap';
import {
  doubleDoubleFromRational,
  float64FromRational,
  rational,
  rationalFromFloat64,
} from '../../src/linalg/exactRational.js';
import { seededRandom } from '../../src/core/seededRandom.js';

t.test('rationalFromFloat64 is exact and float64FromRational inverts it', async (t) => {
  t.equal(rationalFromFloat64(0.1).toFraction(), '3602879701896397/36028797018963968');
  t.equal(rationalFromFloat64(-2.5).toFraction(), '-5/2');
  t.equal(rationalFromFloat64(2 ** 80).toFraction(), String(2n ** 80n));
  t.equal(rationalFromFloat64(5e-324).toFraction(), `1/${2n ** 1074n}`, 'subnormal');
  const rng = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    const x = (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 40 - 20);
    t.equal(float64FromRational(rationalFromFloat64(x)), x, `round trip ${x}`);
  }
});

t.test('float64FromRational rounds once, to nearest', async (t) => {
  // p/q with p, q < 2^53: IEEE division is the correctly rounded reference
  const rng = seededRandom(11);
  for (let i = 0; i < 500; i++) {
    const p = Math.floor(rng.uniform() * 2 ** 52) + 1;
    const q = Math.floor(rng.uniform() * 2 ** 52) + 1;
    t.equal(float64FromRational(rational(p, q)), p / q, `${p}/${q}`);
  }
  // beyond the float64 range of numerator and denominator
  t.equal(float64FromRational(rational(2n ** 1100n, 3n * 2n ** 1100n)), 1 / 3);
  t.equal(float64FromRational(rational(1n, 10n ** 400n)), 0, 'below the smallest subnormal');
  // ties to even: 1 + 2^-53 is halfway between 1 and 1 + 2^-52
  t.equal(float64FromRational(rational(2n ** 53n + 1n, 2n ** 53n)), 1);
  t.equal(float64FromRational(rational(2n ** 53n + 3n, 2n ** 53n)), 1 + 2 ** -51);
});

t.test('doubleDoubleFromRational: hi + lo carries 106 bits', async (t) => {
  const [hi, lo] = doubleDoubleFromRational(rational(1, 3));
  t.equal(hi, 1 / 3);
  const rest = rational(1, 3).sub(rationalFromFloat64(hi)).sub(rationalFromFloat64(lo)).abs();
  t.ok(rest.compare(rational(1n, 2n ** 106n)) < 0, `|1/3 - hi - lo| = ${rest.valueOf()} < 2^-106`);
});
