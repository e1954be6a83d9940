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
 * Cross-check (never an unchecked result, splineCrossCheck.ts): the network built from the coefficients
 * is evaluated at m + 2 points inside the cells of I (every cell up to about n = 900, an evenly spaced
 * set beyond) and each neuron's own columns against its knot's jump polynomial, which together pin the
 * degree-m piecewise polynomial; both must match to NETWORK_MATCH_TOLERANCE relative to the sum of
 * |terms|; else the banded path declines (applicable: false, the deviation as its reason) and the
 * caller's dense QR runs instead.
 *
 * Where the data do not determine the spline (a cell with too few points, a knot between the domain's end
 * and the outermost point, fewer points than coefficients: Schoenberg-Whitney fails, or a diagonal of R
 * below 1/MAX_CONDITION of the largest), the tie-break (tieBreak.ts) returns, among the least-squares
 * optima, the one with the smallest knot jumps, and an optimality certificate checks that the data fit
 * is still optimal. A neuron facing away from every data point is dead (coefficient 0, as the dense
 * minimum-norm solve gives). Before this, n = 2,000 on 10,000 points declined (a knot at -0.9999985
 * left of the first point at -0.99985) and the dense QR ran for 91..211 s; the banded fit takes ~3 s.
 *
 * Not applicable (the caller falls back to the dense solve): two neurons on one knot, fewer than m + 1
 * distinct points, a numerically singular tie-break, a failed optimality certificate.
 *
 * Steps (each in ./frozenGateSpline/): splineKnots (classification, knot vector) -> bandedDesign (banded QR,
 * spline values) -> tieBreak (only when the data leave coefficients undetermined) -> knotJumps (double-double
 * jumps) -> edgeConstraints (the constraints, the constrained projection, the correction) -> networkReadOff
 * (coefficients) -> splineCrossCheck.
 *
 * Examples:  const sample = sortSample(xs, ys);
 *            const fit = fitFrozenGateSpline({ sample, knots, gateWeights: G, knotPower: 1, freeDegree: 1, domain: [-1, 1] });
 *            if (fit.applicable) { fit.coefficients; fit.trainRmse; fit.predict(testXs); }
 * See also: frozenGateColumns (the dense family and coefficient layout), leastSquaresQr (the dense solve).
 */
import { bandedDiagonalMaximum, bandedDiagonalRatio, solveBandedUpper, type BandedQr } from './bandedGivensQr.js';
import { evaluateFrozenGateColumns, type FrozenGateColumns } from './frozenGateColumns.js';
import { addTaylorPolynomial } from './shiftedPolynomial.js';
import type { SortedSample } from './sortedSample.js';
import { splineKnots, type NotApplicable } from './frozenGateSpline/splineKnots.js';
import { bandedDesignQr, splineEvaluator, splineTrainRmse, splineValues } from './frozenGateSpline/bandedDesign.js';
import { knotJumps } from './frozenGateSpline/knotJumps.js';
import {
  constrainedRightHandSide,
  constraintRows,
  edgeSpace,
  minimumNormSolution,
} from './frozenGateSpline/edgeConstraints.js';
import { networkCoefficients, type FitDerivatives } from './frozenGateSpline/networkReadOff.js';
import { CheckFailedError } from '../core/errors.js';
import { checkNetworkMatchesSpline } from './frozenGateSpline/splineCrossCheck.js';
import { optimalityRatio, tieBreakRows, undeterminedCoefficients } from './frozenGateSpline/tieBreak.js';

export { NETWORK_MATCH_TOLERANCE } from './frozenGateSpline/splineCrossCheck.js';

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
  /** max |R_kk| / min |R_kk| of the banded B-spline factor (with the tie-break rows, when there are any) */
  readonly conditionEstimate: number;
  /** basis functions the data leave without a point (Schoenberg-Whitney); > 0: the tie-break chose among the optima */
  readonly undetermined: number;
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

export type FrozenGateSplineNotApplicable = NotApplicable;

/** Largest diagonal ratio of the data's R over the columns it determines; smaller diagonals are tie-broken. */
export const MAX_CONDITION = 1e10;
/**
 * Largest diagonal ratio accepted with the tie-break rows: their weak directions (a smooth bump across a long
 * gap has tiny jumps) reach 1e11..1e13 at n = 100,000 on 10,000 points; what guards the data fit there is the
 * optimality certificate (tieBreak.ts), this only refuses a numerically singular factor.
 */
export const MAX_TIE_BREAK_CONDITION = 1e15;

/** The columns in `undetermined` joined with those whose diagonal is below 1/MAX_CONDITION of the largest, ascending. */
function weaklyDetermined(qr: BandedQr, undetermined: readonly number[]): number[] {
  const floor = bandedDiagonalMaximum(qr) / MAX_CONDITION;
  const out: number[] = [];
  let next = 0;
  for (let k = 0; k < qr.columns; k++) {
    const listed = next < undetermined.length && undetermined[next] === k;
    if (listed) next++;
    if (listed || !(Math.abs(qr.r[k * qr.bandwidth]) > floor)) out.push(k);
  }
  return out;
}

export function fitFrozenGateSpline(problem: FrozenGateProblem): FrozenGateSplineFit | FrozenGateSplineNotApplicable {
  const { sample } = problem;
  const family: FrozenGateColumns = {
    knots: problem.knots,
    gateWeights: problem.gateWeights,
    knotPower: problem.knotPower,
    freeDegree: problem.freeDegree,
    domain: problem.domain,
  };
  const knots = splineKnots(family, sample);
  if (!knots.applicable) return knots;
  const { m, width, lo, hi, tau, kind, interior, nb } = knots;

  const jumps = knotJumps(knots, family.knotPower);
  let qr = bandedDesignQr(knots, sample);
  // The columns the data leave undetermined (Schoenberg-Whitney) have zero diagonals, and columns whose diagonal is
  // below 1/MAX_CONDITION of the largest (a point at the very edge of a basis function's support) are determined
  // too weakly to trust: the tie-break fixes both, as the dense solve's rank decision drops such directions.
  const undetermined = weaklyDetermined(qr, undeterminedCoefficients(knots, sample));
  const conditionEstimate = bandedDiagonalRatio(qr, undetermined);
  if (undetermined.length > 0) {
    qr = bandedDesignQr(knots, sample, tieBreakRows(knots, jumps, family.knotPower, bandedDiagonalMaximum(qr)));
    const tieBreakCondition = bandedDiagonalRatio(qr);
    if (!(tieBreakCondition <= MAX_TIE_BREAK_CONDITION)) {
      return {
        applicable: false,
        reason: `the tie-break for ${undetermined.length} undetermined spline coefficients is numerically singular (diagonal ratio ${tieBreakCondition.toExponential(2)})`,
      };
    }
  }
  const edge = edgeSpace(family, knots);
  const k = edge.annihilator.length;
  const rows = k > 0 ? constraintRows(knots, jumps, edge) : [];
  const splineCoefficients = solveBandedUpper(qr, k > 0 ? constrainedRightHandSide(qr, rows, qr.qtb) : qr.qtb);
  // Train RMSE from the fitted values (not from the rotated residual: this also sees the constraints).
  const splineAt = splineEvaluator(knots, splineCoefficients);
  const trainRmse = splineTrainRmse(knots, splineAt, sample);

  // The fit's derivative jumps at the knots and its derivatives at lo, each summed in double-double and rounded once.
  // With constraints, f's B-spline coefficients in float64 leave V by ~eps (1/h)^m in q(f) (a coefficient's rounding
  // moves the jumps by eps h^-m), which no network can follow; a min-norm coefficient correction dc with
  // C dc = -defect (value-level, ~eps) brings f back into V before its coefficients are read off.
  let correction: Float64Array | null = null;
  const derivatives: FitDerivatives = {
    jumpOfFit: (kappa, r) =>
      r < family.knotPower
        ? 0
        : jumps.combineJump(splineCoefficients, kappa, r) + (correction ? jumps.combineJump(correction, kappa, r) : 0),
    derivativeAtLo: (r) =>
      jumps.combineAtLo(splineCoefficients, r) + (correction ? jumps.combineAtLo(correction, r) : 0),
  };
  if (k > 0) {
    const q = new Float64Array(width);
    addTaylorPolynomial(
      edge.frame,
      lo,
      Array.from({ length: width }, (_, r) => derivatives.derivativeAtLo(r)),
      1,
      q,
    );
    for (let kappa = 0; kappa < tau.length; kappa++) {
      if (kind[interior[kappa]] !== 'left') continue;
      addTaylorPolynomial(
        edge.frame,
        tau[kappa],
        Array.from({ length: width }, (_, r) => derivatives.jumpOfFit(kappa, r)),
        1,
        q,
      );
    }
    const minusDefect = edge.annihilator.map((row) => -row.reduce((acc, v, r) => acc + v * q[r], 0));
    correction = minimumNormSolution(rows, minusDefect);
  }

  if (undetermined.length > 0) {
    const ratio = optimalityRatio(knots, splineCoefficients, sample, rows);
    if (!(ratio <= 1)) {
      return {
        applicable: false,
        reason: `the tie-broken fit is not a least-squares optimum to rounding (gradient ${ratio.toExponential(2)} x its bound)`,
      };
    }
  }
  const alpha = networkCoefficients(family, knots, edge, derivatives);
  // Reading the network off the spline loses about m log10(1/h_min) digits; knots packed closer
  // than the data resolve (a random start in varpro at small n) can lose them all. Then the banded
  // path declines, with the measured deviation as its reason, and the caller's dense pivoted QR,
  // which solves for the network's coefficients directly and checks its own recovery, runs instead.
  let networkDeviation: number;
  try {
    networkDeviation = checkNetworkMatchesSpline(family, knots, alpha, splineCoefficients, derivatives.jumpOfFit);
  } catch (err) {
    if (!(err instanceof CheckFailedError)) throw err;
    return { applicable: false, reason: `the network read off the spline does not reproduce it (${err.message})` };
  }
  return {
    applicable: true,
    coefficients: alpha,
    trainRmse,
    interval: [lo, hi],
    predict(xs: Float64Array): Float64Array {
      const outside: number[] = [];
      const out = splineValues(knots, splineAt, xs, outside);
      if (outside.length > 0) {
        const values = evaluateFrozenGateColumns(
          family,
          alpha,
          Float64Array.from(outside, (p) => xs[p]),
        ).values;
        outside.forEach((p, q) => (out[p] = values[q]));
      }
      return out;
    },
    notes: {
      splineDegree: m,
      interiorKnots: tau.length,
      splineDimension: nb,
      constraints: k,
      columnSpaceDimension: nb - k,
      edgeNeurons: edge.edgeColumns.length / (family.freeDegree + 1),
      deadNeurons: kind.filter((x) => x === 'dead').length,
      conditionEstimate,
      undetermined: undetermined.length,
      networkDeviation,
    },
  };
}
