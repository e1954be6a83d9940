/**
 * Exact linear algebra over the rationals (Fraction): small dense systems, n <= ~14.
 * Used to solve the cell conditions exactly (never trusting a CAS solver's decimal output), to
 * recover polynomial coefficients from exact values (interpolation), and for the exact tables of
 * the quasi-interpolant (src/spline/quasiInterpolant) and its network head (src/construct).
 */
import { CheckFailedError } from '../core/errors.js';
import { rational, type Fraction } from './exactRational.js';

/** Inverse of a square rational matrix (row-major Fraction[n][n]) by Gauss-Jordan elimination. */
export function invertRationalMatrix(
  matrix: readonly (readonly Fraction[])[],
  step = 'rational inverse',
): Fraction[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => rational(i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    // Exact arithmetic: any nonzero pivot is as good as any other.
    const pivotRow = a.findIndex((row, i) => i >= col && !row[col].equals(0));
    if (pivotRow < 0) throw new CheckFailedError(step, `the ${n}x${n} system is singular`);
    [a[col], a[pivotRow]] = [a[pivotRow], a[col]];
    const pivot = a[col][col];
    a[col] = a[col].map((v) => v.div(pivot));
    for (let i = 0; i < n; i++) {
      if (i === col || a[i][col].equals(0)) continue;
      const factor = a[i][col];
      a[i] = a[i].map((v, j) => v.sub(factor.mul(a[col][j])));
    }
  }
  return a.map((row) => row.slice(n));
}

export function multiplyMatrixVector(
  matrix: readonly (readonly Fraction[])[],
  vector: readonly Fraction[],
): Fraction[] {
  return matrix.map((row) => row.reduce((s, v, j) => s.add(v.mul(vector[j])), rational(0)));
}

/** Coefficients c[0..n-1] (ascending powers) of the polynomial of degree < n through (xs[i], ys[i]). */
export function polynomialThroughPoints(
  xs: readonly Fraction[],
  ys: readonly Fraction[],
  step = 'interpolation',
): Fraction[] {
  const vandermonde = xs.map((x) => xs.map((_, j) => x.pow(j)));
  return multiplyMatrixVector(invertRationalMatrix(vandermonde, step), ys);
}

/** Evaluate ascending coefficients at x (Horner). */
export function evaluatePolynomial(coefficients: readonly Fraction[], x: Fraction): Fraction {
  let value = rational(0);
  for (let k = coefficients.length - 1; k >= 0; k--) value = value.mul(x).add(coefficients[k]);
  return value;
}

export function multiplyPolynomials(p: readonly Fraction[], q: readonly Fraction[]): Fraction[] {
  const out = Array.from({ length: p.length + q.length - 1 }, () => rational(0));
  p.forEach((a, i) => q.forEach((b, j) => (out[i + j] = out[i + j].add(a.mul(b)))));
  return out;
}

/** Exact integral of the polynomial over [0, 1]. */
export function integrateOverUnitInterval(coefficients: readonly Fraction[]): Fraction {
  return coefficients.reduce((s, c, k) => s.add(c.div(k + 1)), rational(0));
}
