/**
 * Double-double arithmetic (an unevaluated sum hi + lo of two float64, ~106 bits, relative error
 * ~1e-32), from the error-free transformations of Knuth (TwoSum) and Dekker (Split, TwoProduct).
 * Used where float64 would amplify rounding by a large factor that we cannot avoid: reading the
 * jump of the m-th derivative of a spline from its B-spline coefficients cancels ~(1/h)^m.
 *
 * Examples:  const x = ddFromSum(1, 1e-20);  ddMul(x, x)[1]  // the low word survives
 */

/** [hi, lo] with |lo| <= ulp(hi) / 2. */
export type DoubleDouble = readonly [number, number];

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): [number, number] {
  const s = a + b;
  return [s, b - (s - a)];
}

function split(a: number): [number, number] {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** The exact sum a + b of two float64. */
export function ddFromSum(a: number, b: number): DoubleDouble {
  return twoSum(a, b);
}

export function ddAdd(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [s, e] = twoSum(x[0], y[0]);
  return quickTwoSum(s, e + x[1] + y[1]);
}

export function ddSub(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  return ddAdd(x, [-y[0], -y[1]]);
}

export function ddMul(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(x[0], y[0]);
  return quickTwoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}

export function ddDiv(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const q1 = x[0] / y[0];
  const r = ddSub(x, ddMul(y, [q1, 0]));
  const q2 = r[0] / y[0];
  const r2 = ddSub(r, ddMul(y, [q2, 0]));
  const q3 = r2[0] / y[0];
  const [s, e] = quickTwoSum(q1, q2);
  return ddAdd([s, e], [q3, 0]);
}
