/**
 * sin and atan correctly rounded to float64 (in all but astronomically rare hard cases), by a
 * double-double evaluation (linalg/doubleDouble, ~106 bits) rounded once.
 *
 * Why: numpy evaluates scikit-learn's Friedman 1 and 3 targets with the platform's libm (glibc),
 * which is within about half an ulp; V8's Math.sin / Math.atan are faithful but differ from it by
 * one ulp on 1-5% of those targets. A correctly rounded value agrees with glibc wherever glibc is
 * correctly rounded, i.e. on all but about 1 in 1000 of the Friedman targets (measured: test/data).
 * Scope: sin for |x| <= 2^20 (Math.sin beyond, never reached by the Friedman problems), atan for all x.
 *
 * Examples:  correctlyRoundedSin(Math.PI / 6) === 0.49999999999999994
 */
import { ddAdd, ddDiv, ddLow, ddMul, ddTwoSum } from '../linalg/doubleDouble.js';

const PIO2_1 = 1.5707963267948966; // pi/2 as a triple-double: PIO2_1 + PIO2_2 + PIO2_3
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const SERIES_TERMS = 16;
const NEGLIGIBLE = 1e-36;

/** sin(r) and cos(r) for |r| <= pi/4 (a little more), each as [hi, lo], Taylor series in double-double. */
function sinCosKernel(rh: number, rl: number): [number, number, number, number] {
  const r2h = ddMul(rh, rl, rh, rl);
  const r2l = ddLow;
  let th = rh;
  let tl = rl;
  let sh = rh;
  let sl = rl;
  for (let k = 1; k <= SERIES_TERMS; k++) {
    const ph = ddMul(th, tl, r2h, r2l);
    th = ddDiv(ph, ddLow, -(2 * k) * (2 * k + 1), 0);
    tl = ddLow;
    sh = ddAdd(sh, sl, th, tl);
    sl = ddLow;
    if (Math.abs(th) < NEGLIGIBLE) break;
  }
  let ch = 1;
  let cl = 0;
  th = 1;
  tl = 0;
  for (let k = 1; k <= SERIES_TERMS; k++) {
    const ph = ddMul(th, tl, r2h, r2l);
    th = ddDiv(ph, ddLow, -(2 * k - 1) * (2 * k), 0);
    tl = ddLow;
    ch = ddAdd(ch, cl, th, tl);
    cl = ddLow;
    if (Math.abs(th) < NEGLIGIBLE) break;
  }
  return [sh, sl, ch, cl];
}

/** sin(x) and cos(x) in double-double, |x| <= 2^20: reduction by pi/2 in triple precision, then the kernel. */
function sinCosDoubleDouble(x: number): [number, number, number, number] {
  const k = Math.round(x / PIO2_1);
  let rh = ddAdd(x, 0, ddMul(-k, 0, PIO2_1, 0), ddLow);
  let rl = ddLow;
  rh = ddAdd(rh, rl, ddMul(-k, 0, PIO2_2, 0), ddLow);
  rl = ddLow;
  rh = ddAdd(rh, rl, -k * PIO2_3, 0);
  rl = ddLow;
  const [sh, sl, ch, cl] = sinCosKernel(rh, rl);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return [sh, sl, ch, cl];
    case 1:
      return [ch, cl, -sh, -sl];
    case 2:
      return [-sh, -sl, -ch, -cl];
    default:
      return [-ch, -cl, sh, sl];
  }
}

export function correctlyRoundedSin(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1048576) return Math.sin(x);
  if (x === 0) return x; // keeps -0
  const [sh, sl] = sinCosDoubleDouble(x);
  return sh + sl;
}

export function correctlyRoundedAtan(x: number): number {
  if (Number.isNaN(x) || x === 0) return x; // keeps -0
  if (!Number.isFinite(x)) return x > 0 ? PIO2_1 : -PIO2_1;
  // Math.atan is within an ulp; one Newton step on g(y) = sin y - x cos y in double-double finishes it.
  const y0 = Math.atan(x);
  const [sh, sl, ch, cl] = sinCosDoubleDouble(y0);
  const numerator = ddAdd(sh, sl, -ddMul(ch, cl, x, 0), -ddLow);
  const numeratorLow = ddLow;
  const denominator = ch + cl + x * (sh + sl);
  const delta = (numerator + numeratorLow) / denominator;
  const yh = ddTwoSum(y0, -delta);
  return yh + ddLow;
}
