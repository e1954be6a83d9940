import t from 'tap';
import { studentTQuantile, studentTCdf } from '../../src/fit/studentTQuantile.js';

// Reference two-sided 95% quantiles t_(0.975, df), from R's qt(0.975, df) to 10 digits.
const REFERENCE: Array<[number, number]> = [
  [1, 12.70620474],
  [2, 4.30265273],
  [3, 3.182446305],
  [5, 2.570581836],
  [10, 2.228138852],
  [30, 2.042272456],
  [100, 1.983971519],
];

t.test('t quantiles match the reference table to 1e-8', async (t) => {
  for (const [df, q] of REFERENCE) {
    const got = studentTQuantile(0.975, df);
    t.ok(Math.abs(got - q) < 1e-8 * q, `df ${df}: ${got} vs ${q}`);
  }
});

t.test('the CDF inverts the quantile and is symmetric', async (t) => {
  t.ok(Math.abs(studentTCdf(studentTQuantile(0.9, 4), 4) - 0.9) < 1e-12);
  t.ok(Math.abs(studentTQuantile(0.025, 7) + studentTQuantile(0.975, 7)) < 1e-12);
  t.equal(studentTCdf(0, 3), 0.5);
});
