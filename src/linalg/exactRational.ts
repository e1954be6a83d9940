/**
 * Exact rationals (fraction.js, the library mathjs itself builds on, BigInt numerator and
 * denominator) and their exact conversions to and from float64. Imported directly rather than
 * through mathjs: fraction.js loads in ~20 ms where mathjs takes ~0.3 s, and the spline schemes
 * that need exact tables are reached from every process (analysedUnit -> constructions -> spline).
 *
 * rationalFromFloat64 is exact (a float64 is m 2^e); float64FromRational rounds once, to nearest
 * (ties to even), for any size of numerator and denominator.
 *
 * Examples:  rational(1, 3).add(rational(1, 6)).toFraction() === '1/2'
 *            rationalFromFloat64(0.1).toFraction() === '3602879701896397/36028797018963968'
 *            float64FromRational(rational(1, 3)) === 1 / 3
 */
import Fraction from 'fraction.js';

export type { Fraction };

export function rational(numerator: number | bigint, denominator: number | bigint = 1): Fraction {
  return new Fraction(numerator, denominator);
}

const view = new DataView(new ArrayBuffer(8));

/** The exact value of a finite float64 as a rational. */
export function rationalFromFloat64(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`rationalFromFloat64: ${x} is not finite`);
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return new Fraction(x);
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & 0xfffffffffffffn;
  // normal: (2^52 + f) 2^(e - 1075); subnormal: f 2^(-1074)
  const mantissa = exponentBits === 0 ? fractionBits : fractionBits | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  const signed = negative ? -mantissa : mantissa;
  return exponent >= 0 ? new Fraction(signed << BigInt(exponent), 1n) : new Fraction(signed, 1n << BigInt(-exponent));
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** The float64 nearest to q (one rounding, ties to even), for numerators and denominators of any size. */
export function float64FromRational(q: Fraction): number {
  if (q.n === 0n) return 0;
  const n = q.n;
  const d = q.d;
  // quotient with 64 significant bits and a sticky bit, then one rounding by Number()
  const shift = bitLength(n) - bitLength(d) - 64;
  const num = shift >= 0 ? n : n << BigInt(-shift);
  const den = shift >= 0 ? d << BigInt(shift) : d;
  let quotient = num / den;
  if (quotient * den !== num) quotient |= 1n;
  // two powers of two, each in range, so the scaling is exact whenever the result is a normal float64
  const half = Math.trunc(shift / 2);
  const value = Number(quotient) * 2 ** half * 2 ** (shift - half);
  return q.s < 0n ? -value : value;
}

/** The double-double (hi, lo) nearest to q: hi = float64FromRational(q), lo = the float64 nearest to q - hi. */
export function doubleDoubleFromRational(q: Fraction): [number, number] {
  const hi = float64FromRational(q);
  return [hi, float64FromRational(q.sub(rationalFromFloat64(hi)))];
}
