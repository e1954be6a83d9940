/**
 * Converts the degree-m quasi-interpolant (a C^(m-1) spline given by its float64 B-spline
 * coefficients c_j on uniform knots) into network parameters y(x) = d + sum_i D_i relu(G_i x + g_i)^m,
 * for any unit whose construction is the quasi-interpolant: every non-gate map is tied to the gate
 * (L = G, l = g; a free map too, see symbolic/constructions), so each neuron is D relu(z)^m. Shapes:
 * n = m + N - 1 neurons (m head neurons, then one per interior knot t_1..t_(N-1)).
 *
 * Three choices keep the float64 network within ~1e-14 (m = 4) to ~1e-13 (m = 6) of its spline,
 * relative to max |f| (measured: README "How the claims are derived"):
 *  - Exact jumps. The jump of the m-th derivative at t_k is h^-m nabla^(m+1) c_k, a difference that
 *    cancels ~(1/h)^m; it is summed in double-double (each term c_j C(m+1, l) is exact there) and
 *    rounded once: beta_k = nabla^(m+1) c_k / (h^m m!). Float64 differences lose like eps 2^(m+1) N^m.
 *  - Centre-out orientation. With cc = floor(N/2), the knots right of the middle cell's face right
 *    (G = 1, g = -t_k, D = beta_k); the others face left (G = -1, g = t_k,
 *    D = (-1)^(m+1) beta_k, since beta (x-t)_+^m = beta (x-t)^m + (-1)^(m+1) beta (t-x)_+^m), so no
 *    neuron reaches more than half the domain and the head writes the middle cell's polynomial P.
 *  - Head knots on both sides. With y = (x - x0)/R (x0, R the domain's centre and half-length) a head
 *    neuron with knot s = x0 - R/v (v in [-1, 1], G = sign v) equals (R/|v|)^m (1 + v y)^m on the
 *    domain. v runs over the construction's headDirections, m + 1 equispaced values on [-1, 1] less
 *    the one nearest 0 (the output bias plays v = 0), so knots sit at a and b (v = +-1) and beyond. d + sum_i e_i (1 + v_i y)^m = P(x0 + R y) is solved exactly in rationals from the exact
 *    value of P (the float64 c_j are exact rationals) and rounded once. Its worst-case term
 *    magnitude is ~3e2 at m = 4 and ~1e9 at m = 12, against 3e4 and 3e20 with every knot left of a.
 * termMagnitude bounds sum |each term of y(x)| over the domain (target units), as splineToNetwork's.
 */
import { ddAdd, ddDiv, ddLow, ddMul } from '../linalg/doubleDouble.js';
import { float64FromRational, rational, rationalFromFloat64, type Fraction } from '../linalg/exactRational.js';
import { invertRationalMatrix, multiplyMatrixVector } from '../linalg/rationalLinearAlgebra.js';
import { zeroParams, type NetworkParams } from '../network/networkParams.js';
import { cardinalBSplinePieces, exactBinomial, exactFactorial } from '../spline/cardinalBSpline.js';
import type { UniformBSpline } from '../spline/quasiInterpolant.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import type { SplineNetwork } from './splineToNetwork.js';

const headInverses = new Map<number, Fraction[][]>();

/** Exact inverse of the head system [k = 0 | C(m, k) v_i^k] (rows k = 0..m, the powers of y), per degree. */
function headInverse(m: number, v: readonly Fraction[]): Fraction[][] {
  const cached = headInverses.get(m);
  if (cached) return cached;
  const matrix = Array.from({ length: m + 1 }, (_, k) => [
    rational(k === 0 ? 1 : 0),
    ...v.map((vi) => rational(exactBinomial(m, k)).mul(vi.pow(k))),
  ]);
  const inverse = invertRationalMatrix(matrix, 'head neurons');
  headInverses.set(m, inverse);
  return inverse;
}

/** Coefficients of y^k (k = 0..m) of the middle cell's polynomial P(x0 + R y), exactly from the float64 c_j. */
function middlePolynomial(spline: UniformBSpline, cell: number, x0: number, R: number): Fraction[] {
  const m = spline.degree;
  const c = spline.bsplineCoefficients;
  const pieces = cardinalBSplinePieces(m);
  // P = sum_t A_t s^t with s = (x - t_cc)/h = (delta + R y)/h
  const A = Array.from({ length: m + 1 }, (_, t) =>
    pieces.reduce((sum, piece, i) => sum.add(rationalFromFloat64(c[cell - i + m]).mul(piece[t])), rational(0)),
  );
  const h = rationalFromFloat64(spline.h);
  const shift = rationalFromFloat64(x0).sub(rationalFromFloat64(spline.knots[cell])).div(h);
  const scale = rationalFromFloat64(R).div(h);
  return Array.from({ length: m + 1 }, (_, k) => {
    let sum = rational(0);
    for (let t = k; t <= m; t++) sum = sum.add(A[t].mul(rational(exactBinomial(t, k))).mul(shift.pow(t - k)));
    return sum.mul(scale.pow(k));
  });
}

/** beta_k = nabla^(m+1) c_k / (h^m m!) in double-double, rounded once. */
function jumpCoefficient(c: Float64Array, k: number, m: number, hPowerHi: number, hPowerLo: number): number {
  let hi = 0;
  let lo = 0;
  let binomial = 1; // C(m+1, l), exact in float64 for m <= 12
  for (let l = 0; l <= m + 1; l++) {
    const term = ddMul(c[k - l + m], 0, l % 2 === 0 ? binomial : -binomial, 0);
    hi = ddAdd(hi, lo, term, ddLow);
    lo = ddLow;
    binomial = (binomial * (m + 1 - l)) / (l + 1);
  }
  return ddDiv(hi, lo, hPowerHi, hPowerLo);
}

export function quasiInterpolantToNetwork(analysed: AnalysedUnit, spline: UniformBSpline): SplineNetwork {
  const unit = analysed.form;
  const m = spline.degree;
  const spec = analysed.family?.best;
  const construction = analysed.construction;
  if (!spec || spec.degree !== m || construction?.kind !== 'quasiInterpolant') {
    throw new Error(`quasiInterpolantToNetwork: unit ${unit.name} is not built by the degree-${m} quasi-interpolant`);
  }
  const N = spline.cells;
  const [a, b] = spline.domain;
  const params: NetworkParams = zeroParams(unit, m + N - 1);
  const gate = unit.gate.map;
  let termMagnitude = 0;
  const setNeuron = (i: number, sigma: 1 | -1, knot: number, D: number) => {
    for (const map of unit.maps) {
      const constant = map !== gate && spec.roles[map] === 'const';
      params.maps[map].weight[i] = constant ? 0 : sigma;
      params.maps[map].bias[i] = constant ? 1 : -sigma * knot;
    }
    params.D[i] = D;
    termMagnitude += Math.abs(D) * Math.max(0, sigma > 0 ? b - knot : knot - a) ** m;
  };

  // head: the middle cell's polynomial
  const cc = Math.floor(N / 2);
  const x0 = (a + b) / 2;
  const R = (b - a) / 2;
  const v = construction.headDirections;
  const inverse = headInverse(m, v);
  const e = multiplyMatrixVector(inverse, middlePolynomial(spline, cc, x0, R));
  params.d = float64FromRational(e[0]);
  termMagnitude += Math.abs(params.d);
  const exactR = rationalFromFloat64(R);
  const headKnots = v.map((vi, i) => {
    const knot = float64FromRational(rationalFromFloat64(x0).sub(exactR.div(vi)));
    // (R/|v|)^m (1 + v y)^m = relu(G (x - s))^m, so D = e (|v|/R)^m
    setNeuron(i, vi.s > 0n ? 1 : -1, knot, float64FromRational(e[i + 1].mul(vi.abs().div(exactR).pow(m))));
    return knot;
  });

  // interior knots, centre-out
  let hPowerHi = 1;
  let hPowerLo = 0;
  for (let t = 0; t < m; t++) {
    hPowerHi = ddMul(hPowerHi, hPowerLo, spline.h, 0);
    hPowerLo = ddLow;
  }
  hPowerHi = ddMul(hPowerHi, hPowerLo, Number(exactFactorial(m)), 0);
  hPowerLo = ddLow;
  for (let k = 1; k < N; k++) {
    const beta = jumpCoefficient(spline.bsplineCoefficients, k, m, hPowerHi, hPowerLo);
    if (k > cc) setNeuron(m + k - 1, 1, spline.knots[k], beta);
    else setNeuron(m + k - 1, -1, spline.knots[k], m % 2 === 1 ? beta : -beta);
  }
  return { params, headKnots, termMagnitude };
}
