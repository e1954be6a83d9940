/**
 * Double-double arithmetic (an unevaluated sum hi + lo of two float64, ~106 bits, relative error
 * ~1e-32), from the error-free transformations of Knuth (TwoSum) and Dekker (Split, TwoProduct).
 * Used where float64 would amplify rounding by a large factor that we cannot avoid: reading the
 * jump of the m-th derivative of a spline from its B-spline coefficients cancels ~(1/h)^m.
 *
 * Allocation-free calling convention (these run in inner loops): each operation takes the words of
 * its operands, returns the high word of the result and leaves the low word in `ddLow`, read it
 * before the next operation.
 *
 * Examples:  const hi = ddMul(1, 1e-20, 1, 1e-20); const lo = ddLow;   // (1 + 1e-20)^2, lo = 2e-20
 */

/** Low word of the last result. */
export let ddLow = 0;

const SPLITTER = 134217729; // 2^27 + 1

/** hi + lo of the exact sum a + b of two float64. */
export function ddTwoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  ddLow = a - (s - bb) + (b - bb);
  return s;
}

export function ddAdd(xh: number, xl: number, yh: number, yl: number): number {
  const s = xh + yh;
  const bb = s - xh;
  const e = xh - (s - bb) + (yh - bb) + xl + yl;
  const hi = s + e;
  ddLow = e - (hi - s);
  return hi;
}

export function ddMul(xh: number, xl: number, yh: number, yl: number): number {
  const p = xh * yh;
  let c = SPLITTER * xh;
  const ah = c - (c - xh);
  const al = xh - ah;
  c = SPLITTER * yh;
  const bh = c - (c - yh);
  const bl = yh - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl + (xh * yl + xl * yh);
  const hi = p + e;
  ddLow = e - (hi - p);
  return hi;
}

export function ddDiv(xh: number, xl: number, yh: number, yl: number): number {
  const q1 = xh / yh;
  let ph = ddMul(yh, yl, q1, 0);
  let rh = ddAdd(xh, xl, -ph, -ddLow);
  const rl = ddLow;
  const q2 = rh / yh;
  ph = ddMul(yh, yl, q2, 0);
  rh = ddAdd(rh, rl, -ph, -ddLow); // the low word of this remainder is below q3's resolution
  const q3 = rh / yh;
  const s = ddTwoSum(q1, q2);
  return ddAdd(s, ddLow, q3, 0);
}
