/**
 * The exact tables of the degree-m quasi-interpolant Q f = sum_j c_j B_j in S_m^(m-1) on uniform knots
 * (README "How the claims are derived"; the proof in proofs/relu_g_4.md). Units: u = (x - a)/h.
 *
 * Interior functional. c_j = sum_{i=-p..p} w_|i| f(a + (j + (m+1)/2 + i) h): knot values for odd m,
 * cell-midpoint values for even m, p = floor(m/2) + 2 (m + 4 or m + 5 points). The weights solve
 *   sum_i w_|i| e^(i z) = psi_m(z) = ((z/2) / sinh(z/2))^(m+1)   mod z^(2p+2),
 * the reciprocal of the symbol (sinh(z/2)/(z/2))^(m+1) of the centred B-spline: then Q reproduces
 * every polynomial of degree <= m and its interior error is h^(m+1) f^(m+1) B_(m+1)(s)/(m+1)!, the
 * Bernoulli polynomial, whose L2 constant |B_(2m+2)|/(2m+2)! is that of the best L2 approximation
 * from the space (the Sweldens-Piessens result quoted in Beska & Dziedziul, arXiv:1812.01700). The
 * narrowest stencil with that constant has one pair of points fewer; the extra pair removes the
 * next "mean" error terms and shortens the pre-asymptotic range markedly on steep targets (measured
 * on 1/(1+cos^2(pi x)), m = 5: RMSE / leading term 1.42 at N = 128 against 15.9 with the narrow stencil).
 *
 * Boundary functionals. The m + j0 coefficients c_(-m)..c_(j0-1) whose stencils would leave [a, b]
 * (j0 = 1 for odd m, 2 for even m) are the least-squares fit, over the j0 + m cells they touch, to f
 * at G = m + 2 points per cell u = k + (2i+1)/(2G), with the interior coefficients
 * c_(j0)..c_(j0+m-1) held fixed. `boundaryDesign` is that fit's matrix, B_j(u) exactly (rows: sample
 * points; columns: j = -m..j0-1). It has full column rank (checked exactly in the proof), so a
 * polynomial of degree <= m, whose exact coefficients leave a zero residual, is reproduced on the
 * boundary cells too. The right end is the mirror image. Only values of f inside [a, b] are used,
 * and at least 2m + 2 j0 cells are needed so that the two boundary fits do not overlap.
 *
 * Examples:  quasiInterpolantStencil(1).weights.map((w) => w.toFraction())  // ['37/30', '-23/180', '1/90']
 *            quasiInterpolantStencil(4).minimumCells === 12
 */
import { rational, float64FromRational, type Fraction } from '../linalg/exactRational.js';
import { invertRationalMatrix, multiplyMatrixVector } from '../linalg/rationalLinearAlgebra.js';
import { cardinalBSplineValue, exactFactorial } from './cardinalBSpline.js';

export interface QuasiInterpolantStencil {
  readonly degree: number;
  /** data points of the interior functional: knots (odd m) or cell midpoints (even m) */
  readonly grid: 'knots' | 'midpoints';
  /** p: the interior functional uses offsets -p..p around the B-spline's centre */
  readonly halfWidth: number;
  /** w_0..w_p exactly (w_(-i) = w_i) */
  readonly weights: readonly Fraction[];
  /** the same, rounded once to float64 */
  readonly weights64: Float64Array;
  /** j0: c_j is interior for j0 <= j <= N - m - 1 - j0 */
  readonly firstInterior: number;
  /** the fewest cells N the scheme accepts: 2m + 2 j0 */
  readonly minimumCells: number;
  /** G: boundary sample points per cell */
  readonly boundarySamplesPerCell: number;
  /** boundary sample points u (in units of h from the end), k + (2i+1)/(2G), k = 0..j0+m-1 */
  readonly boundarySamples: readonly Fraction[];
  /** B_j(u) exactly, rows = boundarySamples, columns j = -m..j0-1+m (the fitted ones, then the m fixed interior ones) */
  readonly boundaryDesign: readonly (readonly Fraction[])[];
}

/** Taylor coefficients of ((z/2)/sinh(z/2))^(m+1) through z^order (exact). */
export function inverseBSplineSymbol(m: number, order: number): Fraction[] {
  // sinh(z/2)/(z/2) = sum_k z^(2k) / (4^k (2k+1)!)
  const base = Array.from({ length: order + 1 }, (_, n) =>
    n % 2 === 0 ? rational(1n, 4n ** BigInt(n / 2) * exactFactorial(n + 1)) : rational(0),
  );
  let symbol = Array.from({ length: order + 1 }, (_, n) => rational(n === 0 ? 1 : 0));
  for (let power = 0; power <= m; power++) {
    const next = Array.from({ length: order + 1 }, () => rational(0));
    for (let i = 0; i <= order; i++)
      for (let j = 0; i + j <= order; j++) next[i + j] = next[i + j].add(symbol[i].mul(base[j]));
    symbol = next;
  }
  // reciprocal series: r_0 = 1 (symbol_0 = 1), r_n = -sum_{k=1..n} symbol_k r_(n-k)
  const reciprocal: Fraction[] = [rational(1)];
  for (let n = 1; n <= order; n++) {
    let sum = rational(0);
    for (let k = 1; k <= n; k++) sum = sum.add(symbol[k].mul(reciprocal[n - k]));
    reciprocal.push(sum.neg());
  }
  return reciprocal;
}

/** w_0..w_p from sum_i w_|i| i^(2k) / (2k)! = psi_(2k), k = 0..p (the odd orders hold by symmetry). */
function interiorWeights(m: number, p: number): Fraction[] {
  const psi = inverseBSplineSymbol(m, 2 * p);
  const matrix = Array.from({ length: p + 1 }, (_, k) =>
    Array.from({ length: p + 1 }, (_, i) =>
      i === 0 ? rational(k === 0 ? 1 : 0) : rational(2n * BigInt(i) ** BigInt(2 * k), exactFactorial(2 * k)),
    ),
  );
  return multiplyMatrixVector(
    invertRationalMatrix(matrix, 'quasi-interpolant weights'),
    Array.from({ length: p + 1 }, (_, k) => psi[2 * k]),
  );
}

/** j0 = 1 (odd m) or 2 (even m): the first coefficient whose stencil lies in [a, b]. */
function firstInteriorCoefficient(m: number): number {
  // p = floor(m/2) + 2, leftmost point j + (m+1)/2 - p >= 0  <=>  j >= p - (m+1)/2
  return Math.ceil(Math.floor(m / 2) + 2 - (m + 1) / 2);
}

/** 2m + 2 j0: the fewest cells for which the two boundary fits do not overlap. */
export function quasiInterpolantMinimumCells(m: number): number {
  return 2 * m + 2 * firstInteriorCoefficient(m);
}

const cache = new Map<number, QuasiInterpolantStencil>();

export function quasiInterpolantStencil(m: number): QuasiInterpolantStencil {
  if (!Number.isInteger(m) || m < 1)
    throw new RangeError(`quasiInterpolantStencil: degree ${m} is not a positive integer`);
  const cached = cache.get(m);
  if (cached) return cached;
  const p = Math.floor(m / 2) + 2;
  const weights = interiorWeights(m, p);
  const firstInterior = firstInteriorCoefficient(m);
  const G = m + 2;
  const boundarySamples: Fraction[] = [];
  for (let k = 0; k < firstInterior + m; k++)
    for (let i = 0; i < G; i++) boundarySamples.push(rational(2 * G * k + 2 * i + 1, 2 * G));
  const columns = Array.from({ length: 2 * m + firstInterior }, (_, c) => c - m); // j = -m..j0-1, then j0..j0+m-1
  const boundaryDesign = boundarySamples.map((u) => columns.map((j) => cardinalBSplineValue(m, u.sub(j))));
  const stencil: QuasiInterpolantStencil = {
    degree: m,
    grid: m % 2 === 1 ? 'knots' : 'midpoints',
    halfWidth: p,
    weights,
    weights64: Float64Array.from(weights, float64FromRational),
    firstInterior,
    minimumCells: quasiInterpolantMinimumCells(m),
    boundarySamplesPerCell: G,
    boundarySamples,
    boundaryDesign,
  };
  cache.set(m, stencil);
  return stencil;
}
