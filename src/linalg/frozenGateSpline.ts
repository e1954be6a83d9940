/**
 * The frozen-gate least-squares fit (the lsq method) in O(N) by a banded B-spline solve, float64.
 * Same optimum as a dense QR of the relu column family (frozenGateColumns.ts), to rounding.
 *
 * Why it is a spline problem: on the fit interval I = [lo, hi] (the domain joined with the data's
 * range) every column relu(G_i (x - t_i))^a x^j is a piecewise polynomial of degree m = a + s with
 * derivatives a..m allowed to jump at t_i. Classify neuron i:
 *   - interior knot (lo < t_i < hi), right-facing (G_i > 0): the columns span the right-sided
 *     truncated powers (x - t_i)_+^(a+rho), rho = 0..s;
 *   - interior, left-facing (G_i < 0): they span the left-sided ones (t_i - x)_+^(a+rho);
 *   - edge (t_i <= lo facing right, t_i >= hi facing left): a polynomial on all of I;
 *   - dead (facing away from I): zero on I.
 * So the column space on I is V = P_ext + T_R + T_L, with P_ext the span of the constant and the edge
 * polynomials. Every f in the spline space S (degree m, knots t_i of multiplicity s + 1, i.e. C^(a-1))
 * splits uniquely as f = q(f) + (right-sided powers at R knots) + (left-sided powers at L knots),
 * where q(f) = p_0(f) + sum over L knots of the jump of f there (p_0 = f's piece left of all knots).
 * Hence V = { f in S : q(f) in P_ext }. When P_ext holds every polynomial of degree <= m (MLP, GLU,
 * and GQU / relu^2 with n even) V is all of S; otherwise (relu^3, GQU and relu^2 with n odd, tiny n)
 * it is S cut by k = m + 1 - dim P_ext linear constraints. (So V is not "P_sub + T" in general: the
 * polynomial parts of left-facing neurons are tied to their jumps.)
 *
 * Algorithm: B-splines on the interior knots (well conditioned, local) give a banded design with
 * m + 1 nonzeros per row; data sorted once (sortedSample.ts) are rotated into a banded R by Givens
 * (bandedGivensQr.ts); never the normal equations. The k constraints C c = 0 are applied in the
 * factored problem: min ||R c - Q^T y|| with C c = 0 is R c = w - P_Z w, Z = R^-T C^T, w = Q^T y,
 * a projection computed by the dense pivoted QR (solveLeastSquares) of the nb x k matrix Z.
 * Network coefficients are then read off the spline: at an interior knot the jump of f is
 * sigma_i |G_i|^a (x - t_i)^a sum_j alpha_ij x^j; the constant and edge coefficients solve a small
 * least-squares problem for q(f) (min-norm when the edge polynomials are dependent, e.g. MLP with n
 * even: the function is unique, its parameters are not).
 *
 * Cross-check (never an unchecked result): the network built from the coefficients is evaluated at
 * m + 2 points inside every cell of I, which determines a degree-m piecewise polynomial, and must
 * match the spline to NETWORK_MATCH_TOLERANCE relative to the sum of |terms|; else CheckFailedError.
 *
 * Not applicable (the caller falls back to the dense solve): two neurons on one knot, an interior knot outside
 * the data's range or a cell too sparse to determine the spline (diagonal ratio of R above
 * MAX_CONDITION), fewer points than spline coefficients.
 *
 * Examples:  const sample = sortSample(xs, ys);
 *            const fit = fitFrozenGateSpline({ sample, knots, gateWeights: G, knotPower: 1, freeDegree: 1, domain: [-1, 1] });
 *            if (fit.applicable) { fit.coefficients; fit.trainRmse; fit.predict(testXs); }
 * See also: frozenGateColumns (the dense family and coefficient layout), leastSquaresQr (the dense solve).
 */
import { CheckFailedError, UsageError } from '../core/errors.js';
import { solveLeastSquares } from './leastSquaresQr.js';
import { bsplineDerivatives, bsplineScratch, bsplineValues } from './bsplineBasis.js';
import {
  addBandedRow, bandedDiagonalRatio, createBandedQr, solveBandedUpper, solveBandedUpperTransposed,
} from './bandedGivensQr.js';
import { columnVariable, evaluateFrozenGateColumns, frozenGateColumnCount, type FrozenGateColumns } from './frozenGateColumns.js';
import { addTaylorPolynomial, affinePower, multiplyPolynomials, type PolynomialFrame } from './shiftedPolynomial.js';
import type { SortedSample } from './sortedSample.js';
import { ddAdd, ddLow, ddMul } from './doubleDouble.js';

export interface FrozenGateProblem extends FrozenGateColumns {
  /** training data sorted by x (sortSample) */
  readonly sample: SortedSample;
}

export interface FrozenGateSplineNotes {
  /** m = a + s */
  readonly splineDegree: number;
  /** knots strictly inside the fit interval */
  readonly interiorKnots: number;
  /** dimension of the spline space S: (m + 1) + interiorKnots (s + 1) */
  readonly splineDimension: number;
  /** constraints cutting V out of S */
  readonly constraints: number;
  /** dimension of the column space on the fit interval (the dense design's rank, in exact arithmetic) */
  readonly columnSpaceDimension: number;
  /** neurons whose columns are polynomials on the whole interval */
  readonly edgeNeurons: number;
  /** neurons whose columns vanish on the whole interval (their coefficients are 0) */
  readonly deadNeurons: number;
  /** max |R_kk| / min |R_kk| of the banded B-spline factor */
  readonly conditionEstimate: number;
  /** max over the check points of |network - spline| / (sum of |network terms| + |spline|) */
  readonly networkDeviation: number;
}

export interface FrozenGateSplineFit {
  readonly applicable: true;
  /** network coefficients in the frozenGateColumns (= src/train/frozenGateDesign) layout: alpha[i (s+1) + j], constant last */
  readonly coefficients: Float64Array;
  /** RMSE over the training sample, same units as y */
  readonly trainRmse: number;
  /** the fit interval [lo, hi] */
  readonly interval: readonly [number, number];
  /** the fitted function at xs (any order): the spline on the fit interval, the network outside it */
  predict(xs: Float64Array): Float64Array;
  readonly notes: FrozenGateSplineNotes;
}

export interface FrozenGateSplineNotApplicable {
  readonly applicable: false;
  /** one line: why the banded path declined (solve densely instead) */
  readonly reason: string;
}

/** Largest diagonal ratio of R accepted: beyond it a cell is too sparsely sampled for the spline to be determined. */
export const MAX_CONDITION = 1e10;
/**
 * Network vs spline at the check points, relative to the sum of |terms|. Measured deviations are
 * 1e-16..1e-13 (reading jumps of the m-th derivative loses about log10(1/h) digits); a wrong
 * coefficient gives O(1). The bound sits far above rounding and far below any real mismatch.
 */
export const NETWORK_MATCH_TOLERANCE = 1e-9;
/** Relative rank threshold for the edge polynomials (exact dependencies leave ~1e-16). */
const EDGE_RANK_TOLERANCE = 1e-10;

type NeuronKind = 'right' | 'left' | 'edge' | 'dead';

function validate(problem: FrozenGateProblem): void {
  const { knots, gateWeights, knotPower: a, freeDegree: s, sample } = problem;
  if (!Number.isInteger(a) || a < 1) throw new UsageError(`knot power must be an integer >= 1, got ${a}`);
  if (!Number.isInteger(s) || s < 0) throw new UsageError(`free degree must be an integer >= 0, got ${s}`);
  if (knots.length !== gateWeights.length) throw new UsageError(`${knots.length} knots but ${gateWeights.length} gate weights`);
  if (knots.length < 1) throw new UsageError('a frozen-gate fit needs at least one neuron');
  if (sample.xs.length < 1) throw new UsageError('a frozen-gate fit needs at least one data point');
  for (let i = 0; i < knots.length; i++) {
    if (!Number.isFinite(knots[i]) || !Number.isFinite(gateWeights[i])) {
      throw new UsageError(`neuron ${i} has a non-finite knot or gate weight (t = ${knots[i]}, G = ${gateWeights[i]})`);
    }
  }
  for (let i = 1; i < sample.xs.length; i++) {
    if (!(sample.xs[i] >= sample.xs[i - 1])) throw new Error('fitFrozenGateSpline: sample is not sorted (use sortSample)');
  }
}

/** Orthonormal basis (rows) of the complement of the span of `columns` in R^p, by pivoted Gram-Schmidt twice. */
function orthogonalComplement(columns: Float64Array[], p: number): Float64Array[] {
  const basis: Float64Array[] = [];
  const residual = (v: Float64Array): Float64Array => {
    const r = Float64Array.from(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let k = 0; k < p; k++) dot += q[k] * r[k];
        for (let k = 0; k < p; k++) r[k] -= dot * q[k];
      }
    }
    return r;
  };
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((acc, x) => acc + x * x, 0));
  const pool = columns.map((c) => c.map((x) => x / (norm(c) || 1)));
  for (;;) {
    let best: Float64Array | null = null;
    let bestNorm = EDGE_RANK_TOLERANCE;
    for (const c of pool) {
      const r = residual(c);
      const rn = norm(r);
      if (rn > bestNorm) {
        best = r;
        bestNorm = rn;
      }
    }
    if (!best) break;
    basis.push(best.map((x) => x / bestNorm));
  }
  const complement: Float64Array[] = [];
  while (basis.length < p) {
    let best: Float64Array | null = null;
    let bestNorm = 0;
    for (let k = 0; k < p; k++) {
      const e = new Float64Array(p);
      e[k] = 1;
      const r = residual(e);
      const rn = norm(r);
      if (rn > bestNorm) {
        best = r;
        bestNorm = rn;
      }
    }
    const q = best!.map((x) => x / bestNorm);
    basis.push(q);
    complement.push(q);
  }
  return complement;
}

/**
 * The minimum-2-norm x with rows . x = rhs, for a few (k) long rows: Gram-Schmidt twice on the rows,
 * rows = L Q with Q orthonormal, then x = Q^T L^-1 rhs. A row dependent on the others (residual below
 * 1e-12 of its norm) is dropped with its equation. (solveLeastSquares scales columns first, which for
 * a wide system would weight the correction towards the smallest entries.)
 */
function minimumNormSolution(rows: readonly Float64Array[], rhs: readonly number[]): Float64Array {
  const length = rows[0].length;
  const q: Float64Array[] = [];
  const y: number[] = [];
  rows.forEach((row, l) => {
    const v = Float64Array.from(row);
    let target = rhs[l];
    const original = Math.sqrt(row.reduce((acc, x) => acc + x * x, 0));
    for (let pass = 0; pass < 2; pass++) {
      q.forEach((basis, i) => {
        let dot = 0;
        for (let b = 0; b < length; b++) dot += basis[b] * v[b];
        for (let b = 0; b < length; b++) v[b] -= dot * basis[b];
        target -= dot * y[i];
      });
    }
    const norm = Math.sqrt(v.reduce((acc, x) => acc + x * x, 0));
    if (!(norm > 1e-12 * original)) return;
    q.push(v.map((x) => x / norm));
    y.push(target / norm);
  });
  const x = new Float64Array(length);
  q.forEach((basis, i) => {
    for (let b = 0; b < length; b++) x[b] += y[i] * basis[b];
  });
  return x;
}

export function fitFrozenGateSpline(problem: FrozenGateProblem): FrozenGateSplineFit | FrozenGateSplineNotApplicable {
  validate(problem);
  const { knots, gateWeights, knotPower: a, freeDegree: s, sample, domain } = problem;
  const n = knots.length;
  const N = sample.xs.length;
  const m = a + s;
  const mu = s + 1; // knot multiplicity: derivatives a..m may jump
  const width = m + 1; // nonzeros per row
  const xmin = sample.xs[0];
  const xmax = sample.xs[N - 1];
  const lo = Math.min(domain[0], xmin);
  const hi = Math.max(domain[1], xmax);
  for (let i = 0; i < n; i++) {
    if (gateWeights[i] === 0) return { applicable: false, reason: `neuron ${i} has a zero gate weight (no knot)` };
  }

  // Classify neurons; interior knots are the spline's breakpoints.
  const kind: NeuronKind[] = [];
  const interior: number[] = []; // neuron indices, sorted by knot below
  for (let i = 0; i < n; i++) {
    const t = knots[i];
    const right = gateWeights[i] > 0;
    if (t > lo && t < hi) {
      if (!(t > xmin && t < xmax)) {
        return { applicable: false, reason: `knot ${t} of neuron ${i} lies outside the data range [${xmin}, ${xmax}]` };
      }
      kind.push(right ? 'right' : 'left');
      interior.push(i);
    } else if ((t <= lo && right) || (t >= hi && !right)) {
      kind.push('edge');
    } else {
      kind.push('dead');
    }
  }
  interior.sort((i, j) => knots[i] - knots[j]); // neurons may come in any order; the spline needs its knots sorted
  const K = interior.length;
  const tau = Float64Array.from(interior, (i) => knots[i]);
  for (let kappa = 1; kappa < K; kappa++) {
    if (!(tau[kappa] > tau[kappa - 1])) {
      return { applicable: false, reason: `neurons ${interior[kappa - 1]} and ${interior[kappa]} share the knot ${tau[kappa]}` };
    }
  }
  const nb = width + K * mu;
  if (N < nb) return { applicable: false, reason: `${N} data points cannot determine ${nb} spline coefficients` };
  const knotVector = new Float64Array(nb + width);
  knotVector.fill(lo, 0, width);
  for (let k = 0; k < K; k++) knotVector.fill(tau[k], width + k * mu, width + (k + 1) * mu);
  knotVector.fill(hi, width + K * mu);
  const spanOfCell = (cell: number): number => m + cell * mu;

  // Banded QR of the B-spline design, rows in x order.
  const qr = createBandedQr(nb, width);
  const scratch = bsplineScratch(m);
  const row = new Float64Array(width);
  for (let p = 0, cell = 0; p < N; p++) {
    const x = sample.xs[p];
    while (cell < K && x >= tau[cell]) cell++;
    const span = spanOfCell(cell);
    bsplineValues(knotVector, m, span, x, row, scratch);
    addBandedRow(qr, span - m, row, sample.ys[p]);
  }
  const conditionEstimate = bandedDiagonalRatio(qr);
  if (!(conditionEstimate <= MAX_CONDITION)) {
    return { applicable: false, reason: `the data do not determine the spline (diagonal ratio ${conditionEstimate.toExponential(2)})` };
  }

  // P_ext: the constant and the edge polynomials, in the scaled frame of I.
  const frame: PolynomialFrame = { center: (lo + hi) / 2, radius: (hi - lo) / 2, degree: m };
  const { centre, halfLength } = columnVariable(domain);
  const wPower = (j: number): Float64Array => affinePower(frame, 1 / halfLength, centre, j); // ((x - c) / h)^j
  const edgeColumns: { neuron: number; j: number }[] = [];
  const edgePolynomials: Float64Array[] = [];
  const constantPolynomial = new Float64Array(width);
  constantPolynomial[0] = 1;
  edgePolynomials.push(constantPolynomial);
  for (let i = 0; i < n; i++) {
    if (kind[i] !== 'edge') continue;
    const gate = affinePower(frame, gateWeights[i], knots[i], a); // (G (x - t))^a, the active side
    for (let j = 0; j <= s; j++) {
      edgeColumns.push({ neuron: i, j });
      edgePolynomials.push(multiplyPolynomials(gate, wPower(j)));
    }
  }
  const annihilator = orthogonalComplement(edgePolynomials, width);
  const k = annihilator.length;

  // Derivative jumps of the basis at every interior knot, and derivatives at lo, in double-double (see
  // bsplineDerivatives). Knot kappa touches the basis functions first(kappa) .. first(kappa) + m + mu.
  const touched = m + 1 + mu;
  const firstAt = (kappa: number): number => spanOfCell(kappa) - m;
  const jumpHi = new Float64Array(K * touched * width); // [kappa][index][r], index = b - first(kappa)
  const jumpLo = new Float64Array(K * touched * width);
  {
    const leftHi = new Float64Array(width * width);
    const leftLo = new Float64Array(width * width);
    const rightHi = new Float64Array(width * width);
    const rightLo = new Float64Array(width * width);
    for (let kappa = 0; kappa < K; kappa++) {
      bsplineDerivatives(knotVector, m, spanOfCell(kappa), tau[kappa], m, leftHi, leftLo);
      bsplineDerivatives(knotVector, m, spanOfCell(kappa + 1), tau[kappa], m, rightHi, rightLo);
      for (let index = 0; index < touched; index++) {
        for (let r = a; r <= m; r++) { // orders below a are continuous: their jumps are exactly 0
          const iR = index - mu; // the right span's first basis function is first + mu
          const rh = iR >= 0 ? rightHi[r * width + iR] : 0;
          const rl = iR >= 0 ? rightLo[r * width + iR] : 0;
          const lh = index <= m ? leftHi[r * width + index] : 0;
          const ll = index <= m ? leftLo[r * width + index] : 0;
          const at = (kappa * touched + index) * width + r;
          jumpHi[at] = ddAdd(rh, rl, -lh, -ll);
          jumpLo[at] = ddLow;
        }
      }
    }
  }
  const atLoHi = new Float64Array(width * width);
  const atLoLo = new Float64Array(width * width);
  bsplineDerivatives(knotVector, m, spanOfCell(0), lo, m, atLoHi, atLoLo);
  /** Jump of the r-th derivative of basis function first(kappa) + index across knot kappa, rounded to float64. */
  const basisJump = (kappa: number, index: number, r: number): number => {
    const at = (kappa * touched + index) * width + r;
    return jumpHi[at] + jumpLo[at];
  };
  /** sum over the touched b of c_b times the DD jump, in double-double, rounded once (the cancellation happens in extended precision). */
  const combineJump = (coefficients: Float64Array, kappa: number, r: number): number => {
    let sh = 0;
    let sl = 0;
    const first = firstAt(kappa);
    for (let index = 0; index < touched; index++) {
      const at = (kappa * touched + index) * width + r;
      const ph = ddMul(coefficients[first + index], 0, jumpHi[at], jumpLo[at]);
      sh = ddAdd(sh, sl, ph, ddLow);
      sl = ddLow;
    }
    return sh + sl;
  };
  const combineAtLo = (coefficients: Float64Array, r: number): number => {
    let sh = 0;
    let sl = 0;
    for (let b = 0; b <= m; b++) {
      const ph = ddMul(coefficients[b], 0, atLoHi[r * width + b], atLoLo[r * width + b]);
      sh = ddAdd(sh, sl, ph, ddLow);
      sl = ddLow;
    }
    return sh + sl;
  };

  const w = qr.qtb;
  let rhs = w;
  const constraintRows: Float64Array[] = [];
  if (k > 0) {
    // q(B_b) for every basis function, in the frame; then constraint rows C[l][b] = annihilator[l] . q(B_b).
    const qOfBasis = new Float64Array(nb * width);
    for (let b = 0; b <= m; b++) {
      const derivs = Array.from({ length: width }, (_, r) => atLoHi[r * width + b] + atLoLo[r * width + b]);
      addTaylorPolynomial(frame, lo, derivs, 1, qOfBasis.subarray(b * width, (b + 1) * width));
    }
    for (let kappa = 0; kappa < K; kappa++) {
      if (kind[interior[kappa]] !== 'left') continue;
      const first = firstAt(kappa);
      for (let index = 0; index < touched; index++) {
        const jumps = Array.from({ length: width }, (_, r) => basisJump(kappa, index, r));
        const b = first + index;
        addTaylorPolynomial(frame, tau[kappa], jumps, 1, qOfBasis.subarray(b * width, (b + 1) * width));
      }
    }
    const Z = new Float64Array(nb * k); // column-major nb x k
    for (let l = 0; l < k; l++) {
      const c = new Float64Array(nb);
      for (let b = 0; b < nb; b++) {
        let dot = 0;
        for (let r = 0; r < width; r++) dot += annihilator[l][r] * qOfBasis[b * width + r];
        c[b] = dot;
      }
      constraintRows.push(c);
      Z.set(solveBandedUpperTransposed(qr, c), l * nb);
    }
    const lambda = solveLeastSquares(Z, nb, k, w).x;
    rhs = Float64Array.from(w);
    for (let l = 0; l < k; l++) for (let b = 0; b < nb; b++) rhs[b] -= Z[b + l * nb] * lambda[l];
  }
  const splineCoefficients = solveBandedUpper(qr, rhs);

  // Train RMSE from the fitted values (not from the rotated residual: this also sees the constraints).
  let sumSquares = 0;
  for (let p = 0, cell = 0; p < N; p++) {
    const x = sample.xs[p];
    while (cell < K && x >= tau[cell]) cell++;
    const span = spanOfCell(cell);
    bsplineValues(knotVector, m, span, x, row, scratch);
    let f = 0;
    for (let r = 0; r < width; r++) f += row[r] * splineCoefficients[span - m + r];
    const e = sample.ys[p] - f;
    sumSquares += e * e;
  }
  const trainRmse = Math.sqrt(sumSquares / N);

  // The fit's derivative jumps at the knots and its derivatives at lo, each summed in double-double and rounded once.
  // With constraints, f's B-spline coefficients in float64 leave V by ~eps (1/h)^m in q(f) (a coefficient's rounding
  // moves the jumps by eps h^-m), which no network can follow; a min-norm coefficient correction dc with
  // C dc = -defect (value-level, ~eps) brings f back into V before its coefficients are read off.
  let correction: Float64Array | null = null;
  const jumpOfFit = (kappa: number, r: number): number =>
    r < a ? 0 : combineJump(splineCoefficients, kappa, r) + (correction ? combineJump(correction, kappa, r) : 0);
  const derivativeOfFitAtLo = (r: number): number =>
    combineAtLo(splineCoefficients, r) + (correction ? combineAtLo(correction, r) : 0);
  if (k > 0) {
    const q = new Float64Array(width);
    addTaylorPolynomial(frame, lo, Array.from({ length: width }, (_, r) => derivativeOfFitAtLo(r)), 1, q);
    for (let kappa = 0; kappa < K; kappa++) {
      if (kind[interior[kappa]] !== 'left') continue;
      addTaylorPolynomial(frame, tau[kappa], Array.from({ length: width }, (_, r) => jumpOfFit(kappa, r)), 1, q);
    }
    const minusDefect = annihilator.map((row) => -row.reduce((acc, v, r) => acc + v * q[r], 0));
    correction = minimumNormSolution(constraintRows, minusDefect);
  }

  // Network coefficients from the spline.
  const family: FrozenGateColumns = { knots, gateWeights, knotPower: a, freeDegree: s, domain };
  const columnFrame: PolynomialFrame = { center: centre, radius: halfLength, degree: s };
  const alpha = new Float64Array(frozenGateColumnCount(family));
  const factorial = (r: number): number => (r <= 1 ? 1 : r * factorial(r - 1));
  const leftPolynomials = new Float64Array(width); // sum over left-facing interior neurons of their full polynomial
  for (let kappa = 0; kappa < K; kappa++) {
    const i = interior[kappa];
    const G = gateWeights[i];
    const sign = G > 0 ? 1 : (-1) ** (a + 1); // jump of (t - x)_+^a x^j is -(t - x)^a x^j = (-1)^(a+1) (x - t)^a x^j
    const scale = sign / Math.abs(G) ** a;
    const t = tau[kappa];
    // sum_j alpha_j w^j = sum_rho c_rho (x - t)^rho, c_rho = scale * jump of f^(a+rho) / (a+rho)!
    for (let rho = 0; rho <= s; rho++) {
      const jump = jumpOfFit(kappa, a + rho);
      const inW = affinePower(columnFrame, 1, t, rho);
      for (let j = 0; j <= rho; j++) alpha[i * mu + j] += ((scale * jump) / factorial(a + rho)) * inW[j];
    }
    if (kind[i] === 'left') {
      const gate = affinePower(frame, G, t, a); // (G (x - t))^a: the active side, continued as a polynomial
      for (let j = 0; j <= s; j++) {
        const term = multiplyPolynomials(gate, wPower(j));
        for (let r = 0; r < width; r++) leftPolynomials[r] += alpha[i * mu + j] * term[r];
      }
    }
  }
  // Constant and edge neurons: p_0(f) minus the left-facing neurons' polynomials, which lies in P_ext.
  const pZero = new Float64Array(width);
  const fDerivativesAtLo = Array.from({ length: width }, (_, r) => derivativeOfFitAtLo(r));
  addTaylorPolynomial(frame, lo, fDerivativesAtLo, 1, pZero);
  const target = pZero.map((v, r) => v - leftPolynomials[r]);
  const E = new Float64Array(width * edgePolynomials.length);
  edgePolynomials.forEach((p, col) => E.set(p, col * width));
  const beta = solveLeastSquares(E, width, edgePolynomials.length, target).x;
  alpha[n * mu] = beta[0];
  edgeColumns.forEach(({ neuron, j }, col) => (alpha[neuron * mu + j] = beta[col + 1]));

  /** The cell of x: the number of interior knots <= x. */
  const cellOf = (x: number): number => {
    let lower = 0;
    let upper = K;
    while (lower < upper) {
      const mid = (lower + upper) >> 1;
      if (x >= tau[mid]) lower = mid + 1;
      else upper = mid;
    }
    return lower;
  };
  const evaluateSpline = (x: number, cell: number, out: Float64Array): number => {
    const span = spanOfCell(cell);
    bsplineValues(knotVector, m, span, x, out, scratch);
    let f = 0;
    for (let r = 0; r < width; r++) f += out[r] * splineCoefficients[span - m + r];
    return f;
  };

  // Cross-check: m + 2 points inside each cell determine the piecewise polynomial.
  const cellEdges = [lo, ...tau, hi];
  const checkXs = new Float64Array((K + 1) * (m + 2));
  for (let c = 0; c <= K; c++) {
    for (let q = 0; q < m + 2; q++) checkXs[c * (m + 2) + q] = cellEdges[c] + ((cellEdges[c + 1] - cellEdges[c]) * (q + 0.5)) / (m + 2);
  }
  const network = evaluateFrozenGateColumns(family, alpha, checkXs);
  let networkDeviation = 0;
  const tmp = new Float64Array(width);
  for (let q = 0; q < checkXs.length; q++) {
    const f = evaluateSpline(checkXs[q], cellOf(checkXs[q]), tmp);
    const deviation = Math.abs(network.values[q] - f) / (network.magnitudes[q] + Math.abs(f) || 1);
    networkDeviation = Math.max(networkDeviation, deviation);
  }
  if (!(networkDeviation <= NETWORK_MATCH_TOLERANCE)) {
    throw new CheckFailedError(
      'frozen-gate spline: network parameters reproduce the spline',
      `relative deviation ${networkDeviation.toExponential(3)} > ${NETWORK_MATCH_TOLERANCE} (n = ${n}, a = ${a}, s = ${s})`,
    );
  }

  return {
    applicable: true,
    coefficients: alpha,
    trainRmse,
    interval: [lo, hi],
    predict(xs: Float64Array): Float64Array {
      const out = new Float64Array(xs.length);
      const outside: number[] = [];
      const buffer = new Float64Array(width);
      let cell = 0;
      for (let p = 0; p < xs.length; p++) {
        const x = xs[p];
        if (!(x >= lo && x <= hi)) {
          outside.push(p);
          continue;
        }
        // Ascending inputs (test grids) walk the cells; anything else searches.
        if (p > 0 && x >= xs[p - 1]) while (cell < K && x >= tau[cell]) cell++;
        else cell = cellOf(x);
        out[p] = evaluateSpline(x, cell, buffer);
      }
      if (outside.length > 0) {
        const values = evaluateFrozenGateColumns(family, alpha, Float64Array.from(outside, (p) => xs[p])).values;
        outside.forEach((p, q) => (out[p] = values[q]));
      }
      return out;
    },
    notes: {
      splineDegree: m,
      interiorKnots: K,
      splineDimension: nb,
      constraints: k,
      columnSpaceDimension: nb - k,
      edgeNeurons: edgeColumns.length / mu,
      deadNeurons: kind.filter((x) => x === 'dead').length,
      conditionEstimate,
      networkDeviation,
    },
  };
}
