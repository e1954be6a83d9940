/**
 * The Levenberg-Marquardt linearisation from the full analytic Jacobian (networkJacobian, N x P), float64:
 * the check for the structured step (structuredDampedStep.ts) and the path for smooth gates.
 *
 * The N rows of [J, r] are compressed cell by cell between the current knots -g_i/G_i
 * (cellwiseRowCompression.ts): exactly for relu gates (every column is a polynomial of degree m on a cell);
 * for smooth gates onto polynomials of degree SMOOTH_COMPRESSION_DEGREE, keeping a cell only where that
 * changes its block by at most SMOOTH_COMPRESSION_TOLERANCE (relative, Frobenius), so every step is the
 * exact damped step of a Jacobian within that tolerance of the true one, while the gradient, the stop test
 * and the predicted reduction use all N rows. The compressed, scaled matrix J C is bidiagonalised once, and
 * each damping value costs O(P^2) (bidiagonalDampedLeastSquares.ts).
 */
import type { UnitForm } from '../core/unitForm.js';
import { activeSideDegree } from '../core/unitForm.js';
import { bidiagonalise } from '../linalg/bidiagonalDampedLeastSquares.js';
import { networkJacobian } from '../network/networkJacobian.js';
import { unflattenParams, type ParameterLayout } from '../network/networkParams.js';
import { compressRowsByCell } from './cellwiseRowCompression.js';
import type { DampedStep, Linearisation } from './dampedStep.js';
import { ownParameterIndex, type ParameterScaling } from './parameterScaling.js';

/** Smooth gates: the polynomial degree per cell and the largest relative change of a cell's Jacobian block. */
export const SMOOTH_COMPRESSION_DEGREE = 6;
export const SMOOTH_COMPRESSION_TOLERANCE = 1e-8;

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
  const exact = unit.piecewisePolynomial;
  const reduced = exact
    ? compressRowsByCell(J, N, P, r, xs, gateKnots(theta, layout), activeSideDegree(unit))
    : compressRowsByCell(
        J,
        N,
        P,
        r,
        xs,
        gateKnots(theta, layout),
        SMOOTH_COMPRESSION_DEGREE,
        SMOOTH_COMPRESSION_TOLERANCE,
      );
  const damped = (scaling: ParameterScaling): ((lambda: number) => DampedStep) => {
    const A = scaledColumns(reduced.matrix, reduced.rows, layout, scaling);
    const factors = bidiagonalise(A, reduced.rows, P);
    const c = factors.projectRhs(reduced.rhs.map((v) => -v));
    return (lambda: number): DampedStep => {
      const { y, norm } = factors.solve(c, lambda);
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
