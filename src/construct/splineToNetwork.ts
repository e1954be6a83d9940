/**
 * Converts a C^r degree-m spline on uniform knots into network parameters, for any unit whose best
 * increment specialisation is (m, r) (shapes: n = k + N - 1 neurons, k = the construction's head neurons).
 *
 * Every neuron faces right: gate G = 1, g = -s (z = x - s), so it adds (x - s)^(r+1) q(x) for x > s,
 * with deg q = m - r - 1 <= 1. Tied maps are set equal to the gate map (L = 1, l = -s), maps with role
 * const to weight 0 and bias 1, and the free map, if any, carries q (then D = 1); otherwise D = q.
 *  - Interior knot t_j (j = 1..N-1): the jump p_j - p_(j-1), re-expanded at t_j, has zero Taylor
 *    coefficients below r + 1 (C^r); the rest are q's. The low ones are checked to be rounding-small.
 *  - Head: the output bias d and k neurons with knots s_i = a - i S (i = 0..k-1) write p_0 exactly
 *    on the domain. S = headKnotSpacing defaults to b - a: with S = O(h) the head coefficients
 *    grow like h^-(r+1) and cancel in float64 (measured in test/construct).
 * termMagnitude bounds sum |each term of y(x)| over the domain: the float64 rounding error of the
 * network's output is at most about n eps termMagnitude, which sets the cross-check tolerances.
 */
import { CheckFailedError } from '../core/errors.js';
import { EPS64 as EPS } from '../core/floatPrecision.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { zeroParams, type NetworkParams } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { shiftedCoefficients, type CellPolynomials } from '../spline/cellPolynomials.js';

export interface SplineNetwork {
  readonly params: NetworkParams;
  /** knots of the head neurons, s_0 = a first */
  readonly headKnots: readonly number[];
  /** upper bound of sum over terms |d| + sum_i |D_i unit_i(x)| on the domain, target units */
  readonly termMagnitude: number;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * Head: solve d and the q_i coefficients so that d + sum_i (x - s_i)^(r+1) q_i(x) = p_0(x), exactly
 * (m+1 equations). The system is solved in u = (x - a) / S, S = the head-knot spacing, where every
 * entry is an integer binomial(e, k) i^(e-k) and the same for any domain: in x the row of (x - a)^k
 * scales like S^-k, and at S = 1e-3 or 1e3 that row scaling alone pushed relu3's network 2e-11 off its
 * spline, 14 times the cross-check's rounding bound (measured). Coefficients are mapped back by S^-e.
 */
function solveHead(spline: CellPolynomials, knots: readonly number[], spacing: number): { d: number; q: number[][] } {
  const m = spline.degree;
  const r = spline.continuity;
  const a = spline.domain[0];
  // Columns: d, then (x - s_i)^e for e = r+1..m per head neuron, truncated to m + 1 columns (the last
  // neuron's surplus higher coefficients are set to 0: the count 1 + k(m - r) may exceed m + 1).
  const columns: { neuron: number; power: number }[] = [{ neuron: -1, power: 0 }];
  for (let i = 0; i < knots.length; i++) for (let e = r + 1; e <= m; e++) columns.push({ neuron: i, power: e });
  columns.length = m + 1;
  const size = m + 1;
  const A = new Float64Array(size * size);
  columns.forEach(({ neuron, power }, c) => {
    const sigma = neuron < 0 ? 0 : (a - knots[neuron]) / spacing; // (x - s) / S = u + sigma
    for (let k = 0; k <= power; k++) A[k + c * size] = binomial(power, k) * sigma ** (power - k);
  });
  // p_0 in powers of u: the coefficient of (x - a)^k times S^k.
  const p0 = spline.coefficients.slice(0, size).map((c, k) => c * spacing ** k);
  const solved = solveLeastSquares(A, size, size, p0);
  let scale = 0;
  let residual = 0;
  for (let k = 0; k < size; k++) {
    let row = 0;
    for (let c = 0; c < size; c++) {
      row += A[k + c * size] * solved.x[c];
      scale = Math.max(scale, Math.abs(A[k + c * size] * solved.x[c]));
    }
    residual = Math.max(residual, Math.abs(row - p0[k]));
  }
  if (solved.rankDeficient || !(residual <= 1e3 * EPS * scale)) {
    throw new CheckFailedError(
      'head polynomial',
      `the head neurons do not reproduce the first cell (rank ${solved.rank}/${size}, residual ${residual}, scale ${scale})`,
    );
  }
  const q = knots.map(() => new Array<number>(m - r).fill(0));
  columns.forEach(({ neuron, power }, c) => {
    if (neuron >= 0) q[neuron][power - r - 1] = solved.x[c] / spacing ** power;
  });
  return { d: solved.x[0], q };
}

export function splineToNetwork(
  analysed: AnalysedUnit,
  spline: CellPolynomials,
  headKnotSpacing: number,
): SplineNetwork {
  const unit = analysed.form;
  const m = spline.degree;
  const r = spline.continuity;
  const spec = analysed.family?.best;
  const headCount = analysed.headNeurons;
  if (!spec || headCount === null || spec.degree !== m || spec.continuity !== r) {
    throw new Error(
      `splineToNetwork: unit ${unit.name} spans ${analysed.prediction ? `degree-${analysed.prediction.degree} C${analysed.prediction.continuity}` : 'no'} splines, got degree ${m} C${r}`,
    );
  }
  const [a, b] = spline.domain;
  const n = headCount + spline.cells - 1;
  const params = zeroParams(unit, n);
  const gate = unit.gate.map;
  let termMagnitude = 0;

  // q(x) = q[0] + q[1] (x - s): coefficients of (x - s)^(r+1) and (x - s)^(r+2)
  const setNeuron = (i: number, s: number, q: readonly number[]) => {
    params.maps[gate].weight[i] = 1;
    params.maps[gate].bias[i] = -s;
    const q0 = q[0];
    const q1 = q.length > 1 ? q[1] : 0;
    for (const map of unit.maps.slice(1)) {
      const role = spec.roles[map];
      const [weight, bias] = role === 'tie' ? [1, -s] : role === 'const' ? [0, 1] : [q1, q0 - q1 * s];
      params.maps[map].weight[i] = weight;
      params.maps[map].bias[i] = bias;
    }
    params.D[i] = spec.freeMap ? 1 : q0;
    termMagnitude += (b - s) ** (r + 1) * Math.max(Math.abs(q0), Math.abs(q0 + q1 * (b - s)));
  };

  const headKnots = Array.from({ length: headCount }, (_, i) => a - i * headKnotSpacing);
  const head = solveHead(spline, headKnots, headKnotSpacing);
  params.d = head.d;
  termMagnitude += Math.abs(head.d);
  headKnots.forEach((s, i) => setNeuron(i, s, head.q[i]));

  // Rounding scale of Taylor coefficient k: values of size |f| differenced over h^k, or the coefficient itself.
  const maxAbs = new Float64Array(m + 1);
  for (let j = 0; j < spline.cells; j++)
    for (let k = 0; k <= m; k++) maxAbs[k] = Math.max(maxAbs[k], Math.abs(spline.coefficients[j * (m + 1) + k]));
  for (let j = 1; j < spline.cells; j++) {
    const before = shiftedCoefficients(spline, j - 1, spline.h);
    const jump = Array.from({ length: m + 1 }, (_, k) => spline.coefficients[j * (m + 1) + k] - before[k]);
    for (let k = 0; k <= r; k++) {
      const tolerance = 1e-8 * (maxAbs[k] + maxAbs[0] / spline.h ** k);
      if (!(Math.abs(jump[k]) <= tolerance)) {
        throw new CheckFailedError(
          'spline continuity',
          `Taylor coefficient ${k} of the spline jumps by ${jump[k]} at knot ${spline.knots[j]} (C${r} claimed, tolerance ${tolerance})`,
        );
      }
    }
    setNeuron(headCount + j - 1, spline.knots[j], jump.slice(r + 1));
  }
  return { params, headKnots, termMagnitude };
}
