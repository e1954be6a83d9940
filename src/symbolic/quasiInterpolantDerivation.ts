/**
 * The truncation error of the degree-m quasi-interpolant (spline/quasiInterpolantStencil) on one
 * interior cell [t_k, t_k + h], derived and re-checked exactly; units and names as cellDerivation
 * (local coordinate x in [0, h], f_n = f^(n)(t_k)).
 *
 * The cell polynomial is not solved from conditions: it is an explicit linear functional of the
 * Taylor data. Every stencil point is t_k + y with y = O(h), so the coefficient c_(k-i) is
 * sum_n f_n h^n mu_(i,n) with mu_(i,n) = sum_o w_|o| ((m+1)/2 - i + o)^n / n!, and
 *   p(t_k + x) = sum_n f_n h^n P_n(x/h),   P_n(s) = sum_i mu_(i,n) beta_i(s)   (n = 0..m+2),
 * with rational polynomials P_n that do not depend on k. Then the residual steps of cellDerivation
 * run unchanged, and three closed forms are checked exactly: the leading residual is
 * h^(m+1) f_(m+1) B_(m+1)(x/h)/(m+1)! (Bernoulli polynomial), C^2 = |B_(2m+2)|/(2m+2)!, and the
 * next term E_2 has int_0^1 E E_2 = C^2/2. The boundary fits' full column rank is checked exactly.
 *
 * Checks, each exact (no tolerance): the weights against the B-spline's moments; P_n = s^n/n! for
 * n <= m; the CAS cell coefficients against the stencil applied to the Taylor polynomial at seeded
 * random rational points; the residual steps (cellDerivation.analyseResidual); the closed forms.
 */
import { CheckFailedError } from '../core/errors.js';
import { rational, type Fraction } from '../linalg/exactRational.js';
import { integrateOverUnitInterval, multiplyPolynomials } from '../linalg/rationalLinearAlgebra.js';
import { cardinalBSplinePieces, exactBinomial, exactFactorial } from '../spline/cardinalBSpline.js';
import { quasiInterpolantStencil, type QuasiInterpolantStencil } from '../spline/quasiInterpolantStencil.js';
import { casExpand } from './cas.js';
import {
  analyseResidual,
  taylorDerivativeExact,
  taylorPolynomial,
  taylorVariables,
  POINTS_NOTE,
  type CheckRecord,
  type ResidualAnalysis,
} from './cellDerivation.js';
import type { QuasiInterpolantConstruction } from './constructions.js';
import { checkEqualAt, evaluateExact, fraction, type ExactScope } from './exactCheck.js';

export interface QuasiInterpolantCell extends ResidualAnalysis {
  readonly construction: QuasiInterpolantConstruction;
  readonly taylorHighest: number;
  readonly taylor: string;
  readonly stencil: QuasiInterpolantStencil;
  /** P_n(s), n = 0..m+2: ascending exact coefficients in s */
  readonly cellMatrix: readonly (readonly Fraction[])[];
  /** a_0..a_m as CAS strings in x, h, f_n */
  readonly coefficients: readonly string[];
  /** B_(m+1)(s)/(m+1)!, ascending */
  readonly bernoulliPolynomial: readonly Fraction[];
  /** the Bernoulli number B_(2m+2) */
  readonly bernoulliNumber: Fraction;
  /** int_0^1 E(s) E_2(s) ds, E_2 = s^(m+2)/(m+2)! - P_(m+2) */
  readonly correctionInnerProduct: Fraction;
  readonly checks: readonly CheckRecord[];
}

/** Bernoulli numbers B_0..B_n (B_1 = -1/2) from sum_{k=0}^{j} C(j+1, k) B_k = 0. */
export function bernoulliNumbers(n: number): Fraction[] {
  const B: Fraction[] = [rational(1)];
  for (let j = 1; j <= n; j++) {
    let sum = rational(0);
    for (let k = 0; k < j; k++) sum = sum.add(B[k].mul(rational(exactBinomial(j + 1, k))));
    B.push(sum.div(-(j + 1)));
  }
  return B;
}

/** B_n(s) = sum_k C(n, k) B_k s^(n-k), ascending coefficients. */
export function bernoulliPolynomial(n: number): Fraction[] {
  const B = bernoulliNumbers(n);
  return Array.from({ length: n + 1 }, (_, power) => B[n - power].mul(rational(exactBinomial(n, power))));
}

function trimmed(p: readonly Fraction[]): Fraction[] {
  const out = [...p];
  while (out.length > 1 && out[out.length - 1].equals(0)) out.pop();
  return out;
}

function samePolynomial(p: readonly Fraction[], q: readonly Fraction[]): boolean {
  const a = trimmed(p);
  const b = trimmed(q);
  return a.length === b.length && a.every((v, i) => v.equals(b[i]));
}

/** (1/b!) int (x - (m+1)/2)^b B(x) dx, b = 0..order: the Taylor coefficients of the centred B-spline's symbol. */
function bsplineSymbolFromMoments(m: number, order: number): Fraction[] {
  const pieces = cardinalBSplinePieces(m);
  const centre = rational(m + 1, 2);
  return Array.from({ length: order + 1 }, (_, b) => {
    let moment = rational(0);
    pieces.forEach((piece, i) => {
      // (s + i - centre)^b as a polynomial in s, times the piece, integrated over [0, 1]
      const shift = rational(i).sub(centre);
      const power = Array.from({ length: b + 1 }, (_, k) => rational(exactBinomial(b, k)).mul(shift.pow(b - k)));
      moment = moment.add(integrateOverUnitInterval(multiplyPolynomials(power, piece)));
    });
    return moment.div(rational(exactFactorial(b)));
  });
}

/** sum_o w_|o| e^(o z) times the B-spline symbol is 1 through z^(2p+1). */
function checkWeightsInvertSymbol(stencil: QuasiInterpolantStencil, checks: CheckRecord[]): void {
  const p = stencil.halfWidth;
  const order = 2 * p + 1;
  const lambda = Array.from({ length: order + 1 }, (_, a) => {
    let sum = rational(0);
    for (let o = -p; o <= p; o++) sum = sum.add(stencil.weights[Math.abs(o)].mul(rational(o).pow(a)));
    return sum.div(rational(exactFactorial(a)));
  });
  const phi = bsplineSymbolFromMoments(stencil.degree, order);
  for (let n = 0; n <= order; n++) {
    let product = rational(0);
    for (let a = 0; a <= n; a++) product = product.add(lambda[a].mul(phi[n - a]));
    if (!product.equals(n === 0 ? 1 : 0))
      throw new CheckFailedError(
        'interior weights',
        `the z^${n} coefficient of Lambda(z) Phi(z) is ${product.toFraction()}`,
      );
  }
  checks.push({
    step: 'interior weights invert the B-spline symbol',
    how: `sum_i w_i e^(iz) times the centred B-spline's symbol (its moments, integrated exactly from the B-spline pieces) is 1 through z^${order}, exact rational arithmetic`,
  });
}

/** P_n(s) = sum_i mu_(i,n) beta_i(s), n = 0..K. */
function cellMatrix(stencil: QuasiInterpolantStencil, K: number): Fraction[][] {
  const m = stencil.degree;
  const p = stencil.halfWidth;
  const pieces = cardinalBSplinePieces(m);
  return Array.from({ length: K + 1 }, (_, n) => {
    const P = Array.from({ length: m + 1 }, () => rational(0));
    pieces.forEach((piece, i) => {
      let mu = rational(0);
      for (let o = -p; o <= p; o++)
        mu = mu.add(stencil.weights[Math.abs(o)].mul(rational(m + 1 - 2 * i + 2 * o, 2).pow(n)));
      mu = mu.div(rational(exactFactorial(n)));
      piece.forEach((v, t) => (P[t] = P[t].add(mu.mul(v))));
    });
    return P;
  });
}

/** The stencil applied to the Taylor polynomial, summed against the pieces, at x: an independent evaluation of p(x). */
function cellPolynomialByStencil(stencil: QuasiInterpolantStencil, K: number, scope: ExactScope): Fraction {
  const m = stencil.degree;
  const p = stencil.halfWidth;
  const pieces = cardinalBSplinePieces(m);
  const s = scope.x.div(scope.h);
  let value = fraction(0);
  pieces.forEach((piece, i) => {
    let c = fraction(0);
    for (let o = -p; o <= p; o++)
      c = c.add(
        stencil.weights[Math.abs(o)].mul(taylorDerivativeExact(scope, K, 0, fraction(m + 1 - 2 * i + 2 * o, 2))),
      );
    let basis = fraction(0);
    for (let t = m; t >= 0; t--) basis = basis.mul(s).add(piece[t]);
    value = value.add(c.mul(basis));
  });
  return value;
}

function checkClosedForms(
  m: number,
  matrix: readonly (readonly Fraction[])[],
  analysis: ResidualAnalysis,
  checks: CheckRecord[],
): { bernoulli: Fraction[]; number: Fraction; inner: Fraction } {
  const bernoulli = bernoulliPolynomial(m + 1).map((c) => c.div(rational(exactFactorial(m + 1))));
  if (!samePolynomial(analysis.leadingPolynomial, bernoulli))
    throw new CheckFailedError('leading residual is the Bernoulli polynomial', 'w(s) differs from B_(m+1)(s)/(m+1)!');
  checks.push({
    step: `leading residual is h^${m + 1} f_${m + 1} B_${m + 1}(x/h)/${m + 1}!`,
    how: 'w(s) against the Bernoulli polynomial from the recurrence sum_k C(n+1, k) B_k = 0, coefficient by coefficient, exact',
  });
  const number = bernoulliNumbers(2 * m + 2)[2 * m + 2];
  const closed = number.abs().div(rational(exactFactorial(2 * m + 2)));
  if (!analysis.constantSquared.equals(closed))
    throw new CheckFailedError(
      'C^2 in closed form',
      `${analysis.constantSquared.toFraction()} vs |B_${2 * m + 2}|/${2 * m + 2}!`,
    );
  // abs(), not |..|: the step is printed in a Markdown table
  checks.push({ step: `C^2 = abs(B_${2 * m + 2})/(${2 * m + 2})!`, how: 'exact rational arithmetic' });
  const E2 = Array.from({ length: m + 3 }, (_, t) =>
    (t === m + 2 ? rational(1n, exactFactorial(m + 2)) : rational(0)).sub(t <= m ? matrix[m + 2][t] : rational(0)),
  );
  const inner = integrateOverUnitInterval(multiplyPolynomials(analysis.leadingPolynomial, E2));
  if (!inner.equals(analysis.constantSquared.div(2)))
    throw new CheckFailedError('next order', `int E E_2 = ${inner.toFraction()}, not C^2/2`);
  checks.push({
    step: 'int_0^1 E E_2 ds = C^2/2 (the h^(m+2) term changes the cell mean square only at relative order h^2)',
    how: 'exact polynomial product and integration over [0, 1]',
  });
  return { bernoulli, number, inner };
}

/** The Mersenne prime 2^61 - 1. */
const PRIME = 2305843009213693951n;

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % PRIME;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % PRIME;
    b = (b * b) % PRIME;
  }
  return result;
}

/**
 * Rank of the rational matrix (rows x columns) modulo 2^61 - 1 after scaling it to integers. The
 * rank over Q is at least the rank modulo a prime, so full rank there is an exact certificate of
 * full column rank; it costs integer arithmetic where Gaussian elimination over Q on 196 x 14 B-spline
 * values (m = 12) takes seconds.
 */
function rankModuloPrime(A: readonly (readonly Fraction[])[], columns: number): number {
  let lcm = 1n;
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  for (const row of A) for (let c = 0; c < columns; c++) lcm = (lcm / gcd(lcm, row[c].d)) * row[c].d;
  const M = A.map((row) =>
    Array.from({ length: columns }, (_, c) => {
      const v = (row[c].s * row[c].n * (lcm / row[c].d)) % PRIME;
      return v < 0n ? v + PRIME : v;
    }),
  );
  let rank = 0;
  for (let c = 0; c < columns && rank < M.length; c++) {
    const pivot = M.findIndex((row, r) => r >= rank && row[c] !== 0n);
    if (pivot < 0) continue;
    [M[rank], M[pivot]] = [M[pivot], M[rank]];
    const inverse = modPow(M[rank][c], PRIME - 2n);
    for (let r = rank + 1; r < M.length; r++) {
      if (M[r][c] === 0n) continue;
      const factor = (M[r][c] * inverse) % PRIME;
      for (let k = c; k < columns; k++) M[r][k] = (((M[r][k] - factor * M[rank][k]) % PRIME) + PRIME) % PRIME;
    }
    rank++;
  }
  return rank;
}

/** The boundary fit's matrix (the fitted columns) has full column rank. */
function checkBoundaryRank(stencil: QuasiInterpolantStencil, checks: CheckRecord[]): void {
  const fitted = stencil.degree + stencil.firstInterior;
  const A = stencil.boundaryDesign;
  const rank = rankModuloPrime(A, fitted);
  if (rank !== fitted)
    throw new CheckFailedError('boundary fit has full column rank', `rank ${rank} modulo 2^61 - 1, ${fitted} columns`);
  checks.push({
    step: `boundary fit has full column rank (${fitted} coefficients, ${A.length} points)`,
    how: 'rank of the exact B-spline values (scaled to integers) modulo the prime 2^61 - 1, a lower bound of the rank over the rationals',
  });
}

const cache = new Map<number, QuasiInterpolantCell>();

export function deriveQuasiInterpolantCell(construction: QuasiInterpolantConstruction): QuasiInterpolantCell {
  const m = construction.degree;
  const cached = cache.get(m);
  if (cached) return { ...cached, construction };
  const K = m + 2;
  const stencil = quasiInterpolantStencil(m);
  const variables = ['x', 'h', ...taylorVariables(K)];
  const checks: CheckRecord[] = [];
  const taylor = taylorPolynomial(K);

  checkWeightsInvertSymbol(stencil, checks);
  const matrix = cellMatrix(stencil, K);
  for (let n = 0; n <= m; n++) {
    const want = Array.from({ length: m + 1 }, (_, t) => (t === n ? rational(1n, exactFactorial(n)) : rational(0)));
    if (!samePolynomial(matrix[n], want))
      throw new CheckFailedError(
        'reproduction',
        `P_${n}(s) is not s^${n}/${n}!: the scheme does not reproduce degree ${n}`,
      );
  }
  checks.push({ step: `reproduction: P_n(s) = s^n/n! for n = 0..${m}`, how: 'coefficient by coefficient, exact' });

  const coefficients = Array.from({ length: m + 1 }, (_, j) => {
    const terms = [];
    for (let n = j; n <= K; n++)
      if (!matrix[n][j].equals(0)) terms.push(`(${matrix[n][j].toFraction()})*f${n}*h^${n - j}`);
    return casExpand(terms.length > 0 ? terms.join(' + ') : '0');
  });
  checkEqualAt(
    'cell polynomial from the stencil',
    variables,
    (s) => coefficients.reduce((sum, a, j) => sum.add(evaluateExact(a, s).mul(s.x.pow(j))), fraction(0)),
    (s) => cellPolynomialByStencil(stencil, K, s),
  );
  checks.push({
    step: 'cell coefficients a_j = sum_n f_n h^(n-j) [s^j] P_n',
    how: `CAS coefficients vs the stencil applied to the Taylor polynomial and summed against the exact B-spline pieces, ${POINTS_NOTE}`,
  });

  const analysis = analyseResidual(m, taylor, coefficients, variables, checks);
  const closed = checkClosedForms(m, matrix, analysis, checks);
  checkBoundaryRank(stencil, checks);
  const cell: QuasiInterpolantCell = {
    construction,
    taylorHighest: K,
    taylor,
    stencil,
    cellMatrix: matrix,
    coefficients,
    ...analysis,
    bernoulliPolynomial: closed.bernoulli,
    bernoulliNumber: closed.number,
    correctionInnerProduct: closed.inner,
    checks,
  };
  cache.set(m, cell);
  return cell;
}
