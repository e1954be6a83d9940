/**
 * The cardinal B-spline B of degree m on the integer knots 0, 1, ..., m+1, exactly: its piece on
 * [i, i+1] (i = 0..m) as a polynomial in s = x - i in [0, 1],
 *   beta_i(s) = (1/m!) sum_{l=0}^{i} (-1)^l C(m+1, l) (s + i - l)^m      (ascending coefficients),
 * and its values at rational points. B_j(x) = B((x - t_j)/h) on uniform knots t_j = a + j h, so on
 * cell k the B-spline B_(k-i) is the piece beta_i. (de Boor, A Practical Guide to Splines, ch. IX:
 * the truncated-power form of B.)
 *
 * Examples:  cardinalBSplinePieces(1)  // [[0, 1], [1, -1]]: s on [0, 1], 1 - s on [1, 2]
 *            cardinalBSplineValue(3, rational(2))  // 2/3
 */
import { rational, type Fraction } from '../linalg/exactRational.js';

function binomial(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 1; i <= k; i++) c = (c * BigInt(n - k + i)) / BigInt(i);
  return c;
}

function factorial(k: number): bigint {
  let p = 1n;
  for (let i = 2; i <= k; i++) p *= BigInt(i);
  return p;
}

const cache = new Map<number, Fraction[][]>();

/** beta_i, i = 0..m, each m + 1 ascending coefficients in s = x - i. */
export function cardinalBSplinePieces(m: number): readonly (readonly Fraction[])[] {
  const cached = cache.get(m);
  if (cached) return cached;
  const mFactorial = factorial(m);
  const pieces: Fraction[][] = [];
  for (let i = 0; i <= m; i++) {
    const c = new Array<bigint>(m + 1).fill(0n);
    for (let l = 0; l <= i; l++) {
      const sign = l % 2 === 0 ? 1n : -1n;
      const shift = BigInt(i - l);
      // (s + shift)^m = sum_k C(m, k) s^k shift^(m-k)
      for (let k = 0; k <= m; k++) c[k] += sign * binomial(m + 1, l) * binomial(m, k) * shift ** BigInt(m - k);
    }
    pieces.push(c.map((v) => rational(v, mFactorial)));
  }
  cache.set(m, pieces);
  return pieces;
}

/** B(x) at a rational x (0 outside [0, m+1]). */
export function cardinalBSplineValue(m: number, x: Fraction): Fraction {
  const cell = x.floor();
  const i = Number(cell.s * cell.n);
  if (i < 0 || i > m) return rational(0);
  const s = x.sub(cell);
  const piece = cardinalBSplinePieces(m)[i];
  let value = rational(0);
  for (let k = m; k >= 0; k--) value = value.mul(s).add(piece[k]);
  return value;
}

export { binomial as exactBinomial, factorial as exactFactorial };
