/**
 * The Levenberg-Marquardt linearisation from the full analytic Jacobian (networkJacobian, N x P), float64:
 * the check for the structured step (structuredDampedStep.ts) and the path for smooth gates.
 *
 * The N rows of [J, r] are compressed piece by piece (cellwiseRowCompression.ts):
 *   relu gates   on the cells between the current knots -g_i/G_i, exactly (every column is a polynomial of
 *                degree m on a cell);
 *   smooth gates on pieces short enough that every gate's argument z_i = G_i x + g_i changes by at most
 *                SMOOTH_PIECE_GATE_SPAN across them (smoothCompressionBreaks), onto polynomials of degree
 *                SMOOTH_COMPRESSION_DEGREE, keeping a piece compressed only where that changes its block by
 *                at most SMOOTH_COMPRESSION_TOLERANCE (relative, Frobenius, measured on every piece), so every
 *                step is the exact damped step of a Jacobian within that tolerance of the true one, while the
 *                gradient, the stop test and the predicted reduction use all N rows.
 * Why pieces and degree: gelu and silu are analytic, with their nearest complex singularities about 2
 * (gelu's tanh form) and pi (silu) away from the real axis in z, so on a piece where z spans 2 a polynomial of
 * degree d converges geometrically in d (Bernstein ellipse). Measured on the paper target at the lsq start
 * (gate scale 2, n = 16 and 64), degree 12 on such pieces leaves a defect of at most 1.5e-12 for gelu and
 * 2.1e-13 for silu, well inside 1e-8, with 13 rows per piece: about 13 (n + 1) rows instead of N = 10,000;
 * degree 6 on the knot cells (the earlier choice) kept every cell raw. Pieces with no more points than
 * degree + 1 keep their raw rows, so the compressed problem never has more rows than N.
 * The compressed, scaled matrix J C is factorised once (QR, then bidiagonalised), and each damping value costs
 * O(P^2) (bidiagonalDampedLeastSquares.ts).
 */
import type { UnitForm } from '../core/unitForm.js';
import { activeSideDegree } from '../core/unitForm.js';
import { bidiagonalise } from '../linalg/bidiagonalDampedLeastSquares.js';
import { networkJacobian } from '../network/networkJacobian.js';
import { unflattenParams, type ParameterLayout } from '../network/networkParams.js';
import { countAtMost } from '../linalg/knotSpan.js';
import { compressRowsByCell } from './cellwiseRowCompression.js';
import type { DampedStep, Linearisation } from './dampedStep.js';
import { ownParameterIndex, type ParameterScaling } from './parameterScaling.js';

/** Smooth gates: the polynomial degree per piece and the largest relative change of a piece's Jacobian block. */
export const SMOOTH_COMPRESSION_DEGREE = 12;
export const SMOOTH_COMPRESSION_TOLERANCE = 1e-8;
/** Smooth gates: the most a gate argument G_i x + g_i may change across one piece next to its knot (dimensionless). */
export const SMOOTH_PIECE_GATE_SPAN = 2;

export interface DenseLinearisation extends Linearisation {
  /** cells that kept raw rows */
  readonly rawCells: number;
  /** largest relative defect of a compressed cell (0 for relu gates up to rounding) */
  readonly worstDefect: number;
}

/** Knots -g_i/G_i of the gate map, ascending (neurons with G_i = 0 have none). */
function gateKnots(theta: Float64Array, layout: ParameterLayout): number[] {
  const knots: number[] = [];
  for (let i = 0; i < layout.n; i++) {
    const t = -theta[layout.bias(0, i)] / theta[layout.weight(0, i)];
    if (Number.isFinite(t)) knots.push(t);
  }
  return knots.sort((p, q) => p - q);
}

/**
 * Smooth gates: piece boundaries inside (xs[0], xs[N-1]) (ascending). The knots split the line into segments;
 * each segment is cut into equal pieces across which the gates of its two bounding knots change by at most
 * SMOOTH_PIECE_GATE_SPAN (the outer segments use their one knot). A gate is sharp only near its own knot, so
 * the cells beyond are smooth at that scale; where this guess is wrong the measured defect keeps the rows raw.
 * At most one piece per point, so a nearly relu-sharp gate costs rows, never unbounded work.
 */
export function smoothCompressionBreaks(theta: Float64Array, layout: ParameterLayout, xs: Float64Array): number[] {
  const knots: { at: number; scale: number }[] = [];
  for (let i = 0; i < layout.n; i++) {
    const G = theta[layout.weight(0, i)];
    const at = -theta[layout.bias(0, i)] / G;
    if (Number.isFinite(at)) knots.push({ at, scale: Math.abs(G) });
  }
  knots.sort((p, q) => p.at - q.at);
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  const breaks: number[] = [];
  for (let k = 0; k <= knots.length; k++) {
    const left = k > 0 ? knots[k - 1] : null;
    const right = k < knots.length ? knots[k] : null;
    const a = Math.max(left ? left.at : lo, lo);
    const b = Math.min(right ? right.at : hi, hi);
    if (!(b > a)) continue;
    const scale = Math.max(left?.scale ?? 0, right?.scale ?? 0);
    const points = countAtMost(xs, b) - countAtMost(xs, a);
    const pieces = Math.min(Math.ceil(((b - a) * scale) / SMOOTH_PIECE_GATE_SPAN), Math.max(points, 1));
    if (left && a === left.at) breaks.push(a);
    for (let p = 1; p < pieces; p++) breaks.push(a + ((b - a) * p) / pieces);
  }
  return breaks;
}

/** A C for the whole flat vector (block diagonal per neuron), column-major P x P in sparse form. */
function scaledColumns(
  matrix: Float64Array,
  rows: number,
  layout: ParameterLayout,
  scaling: ParameterScaling,
): Float64Array {
  const P = layout.size;
  const out = new Float64Array(rows * P);
  const block = scaling.block;
  for (let i = 0; i < layout.n; i++) {
    const C = scaling.neuronTransform(i);
    for (let p = 0; p < block; p++) {
      const target = ownParameterIndex(layout, i, p) * rows;
      for (let p2 = 0; p2 < block; p2++) {
        const factor = C[p2 * block + p];
        if (factor === 0) continue;
        const source = ownParameterIndex(layout, i, p2) * rows;
        for (let t = 0; t < rows; t++) out[target + t] += matrix[source + t] * factor;
      }
    }
  }
  const d = layout.outputBias * rows;
  for (let t = 0; t < rows; t++) out[d + t] = matrix[d + t] * scaling.outputBiasFactor;
  return out;
}

/** delta = C y, block by block. */
function unscale(y: Float64Array, layout: ParameterLayout, scaling: ParameterScaling): Float64Array {
  const delta = new Float64Array(layout.size);
  const block = scaling.block;
  for (let i = 0; i < layout.n; i++) {
    const C = scaling.neuronTransform(i);
    for (let p = 0; p < block; p++) {
      let s = 0;
      for (let p2 = 0; p2 < block; p2++) s += C[p * block + p2] * y[ownParameterIndex(layout, i, p2)];
      delta[ownParameterIndex(layout, i, p)] = s;
    }
  }
  delta[layout.outputBias] = scaling.outputBiasFactor * y[layout.outputBias];
  return delta;
}

/** ||r||^2 - ||r + A delta||^2 over `rows` rows, A column-major rows x P. */
function predictedReduction(A: Float64Array, rows: number, r: Float64Array, delta: Float64Array): number {
  const linear = Float64Array.from(r.subarray(0, rows));
  for (let j = 0; j < delta.length; j++) {
    const dj = delta[j];
    if (dj === 0) continue;
    const off = j * rows;
    for (let t = 0; t < rows; t++) linear[t] += A[off + t] * dj;
  }
  let predicted = 0;
  for (let t = 0; t < rows; t++) predicted += (r[t] - linear[t]) * (r[t] + linear[t]);
  return predicted;
}

/** xs sorted ascending; r = y(xs) - ys at theta. */
export function denseLinearisation(
  unit: UnitForm,
  theta: Float64Array,
  layout: ParameterLayout,
  xs: Float64Array,
  r: Float64Array,
): DenseLinearisation {
  const N = xs.length;
  const P = layout.size;
  const J = networkJacobian(unit, unflattenParams(unit, layout.n, theta), xs);
  const { gradient, columnNorms } = gradientAndColumnNorms(J, r, N, P);
  const exact = unit.piecewisePolynomial;
  const reduced = exact
    ? compressRowsByCell(J, N, P, r, xs, gateKnots(theta, layout), activeSideDegree(unit))
    : compressRowsByCell(
        J,
        N,
        P,
        r,
        xs,
        smoothCompressionBreaks(theta, layout, xs),
        SMOOTH_COMPRESSION_DEGREE,
        SMOOTH_COMPRESSION_TOLERANCE,
      );
  const damped = (scaling: ParameterScaling): ((lambda: number) => DampedStep) => {
    const rows = reduced.rows;
    const A = scaledColumns(reduced.matrix, rows, layout, scaling);
    // Columns the scaling zeroes (the linear re-solve's frozen parameters) take no part in the damped
    // problem: their y is exactly 0, so only the others are factorised (the cost goes with their number squared).
    const kept: number[] = [];
    for (let j = 0; j < P; j++) {
      let any = false;
      for (let t = j * rows; t < (j + 1) * rows && !any; t++) any = A[t] !== 0;
      if (any) kept.push(j);
    }
    const compact = kept.length === P ? A : new Float64Array(rows * kept.length);
    if (compact !== A) kept.forEach((j, k) => compact.set(A.subarray(j * rows, (j + 1) * rows), k * rows));
    const factors = bidiagonalise(compact, rows, kept.length);
    const c = factors.projectRhs(reduced.rhs.map((v) => -v));
    return (lambda: number): DampedStep => {
      const solved = factors.solve(c, lambda);
      const norm = solved.norm;
      const y = new Float64Array(P);
      kept.forEach((j, k) => (y[j] = solved.y[k]));
      const delta = unscale(y, layout, scaling);
      const predicted = exact
        ? predictedReduction(reduced.matrix, reduced.rows, reduced.rhs, delta)
        : predictedReduction(J, N, r, delta);
      return { delta, scaledNorm2: norm * norm, predicted };
    };
  };
  return {
    rows: reduced.rows,
    gradient,
    columnNorms,
    damped,
    rawCells: reduced.rawCells,
    worstDefect: reduced.worstDefect,
  };
}

/** J^T r and the column norms ||J_j|| of a column-major N x P Jacobian (raw coordinates: the stop test). */
export function gradientAndColumnNorms(
  J: Float64Array,
  r: Float64Array,
  N: number,
  P: number,
): { gradient: Float64Array; columnNorms: Float64Array } {
  const gradient = new Float64Array(P);
  const columnNorms = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    let dot = 0;
    let norm = 0;
    for (let t = 0; t < N; t++) {
      const v = J[t + j * N];
      dot += v * r[t];
      norm += v * v;
    }
    gradient[j] = dot;
    columnNorms[j] = Math.sqrt(norm);
  }
  return { gradient, columnNorms };
}
