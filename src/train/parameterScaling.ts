/**
 * The coordinates LM damps in: a per-neuron linear change of variables delta_i = C_i y_i (and
 * delta_d = c_d y_d for the output bias); the damped step minimises ||J delta + r||^2 + lambda ||y||^2.
 *
 *   "identity"  Levenberg's damping lambda ||y||^2 on the parameters of the network written in the
 *               normalised input u = (x - c)/s, [c - s, c + s] the data's range: each map's weight and bias
 *               become (L s, l + L c), so C = [[1/s, 0], [-c/s, 1]] per (weight, bias) pair, 1 for D_i and d.
 *               On data spread over [-1, 1] this is the plain identity, i.e. scipy's least_squares default
 *               x_scale = 1 (trf); the normalisation makes LM's path the same on any affine image of the
 *               domain (a domain far from 0 otherwise puts biases of size |c| next to weights of size 1).
 *   "more"      Moré's scaling (MINPACK): C = diag(1/s_j), s_j the largest norm column j of J has had so
 *               far (1 while it has always been zero).
 *
 * Why identity by default: at the lsq start the gate columns lie almost inside the span of the linear
 * columns (the part outside is ~1e-3 of their norm), so Moré's lambda ||J_j||^2 damps the knots ~1e6
 * times more than their real curvature and LM barely moves them; identity damping lets them move and
 * reaches scipy trf's lower minima (measured in the README's LM section and by npm run bench).
 * The target's units are not normalised: the paper's targets are O(1).
 */
import type { ParameterLayout } from '../network/networkParams.js';

export type DampingScaling = 'identity' | 'more';

export interface ParameterScaling {
  /** 'selection': only some parameters move (the linear re-solve) */
  readonly kind: DampingScaling | 'selection';
  /** parameters per neuron, 2k + 1 */
  readonly block: number;
  /** C_i, block x block, row-major (raw delta_i = C_i y_i) */
  neuronTransform(i: number): Float64Array;
  /** raw delta_d = outputBiasFactor * y_d */
  readonly outputBiasFactor: number;
}

/** The identity in normalised-input coordinates; centre c and half-length s of the data's range. */
export function normalisedIdentityScaling(
  layout: ParameterLayout,
  center: number,
  halfLength: number,
): ParameterScaling {
  const k = layout.maps.length;
  const block = 2 * k + 1;
  const s = halfLength > 0 ? halfLength : 1;
  const C = new Float64Array(block * block);
  for (let l = 0; l < k; l++) {
    // rows/cols 2l (weight), 2l + 1 (bias): delta_L = y_L / s, delta_l = y_l - c y_L / s
    C[2 * l * block + 2 * l] = 1 / s;
    C[(2 * l + 1) * block + 2 * l] = -center / s;
    C[(2 * l + 1) * block + 2 * l + 1] = 1;
  }
  C[(block - 1) * block + block - 1] = 1;
  return { kind: 'identity', block, neuronTransform: () => C, outputBiasFactor: 1 };
}

/**
 * Moré's diagonal scaling from running maxima of the raw column norms (updated in place by the caller);
 * `norms` is in flat-layout order.
 */
export function moreScaling(layout: ParameterLayout, runningMaxNorms: Float64Array): ParameterScaling {
  const block = 2 * layout.maps.length + 1;
  const inverse = (v: number): number => (v > 0 ? 1 / v : 1);
  return {
    kind: 'more',
    block,
    neuronTransform: (i) => {
      const C = new Float64Array(block * block);
      for (let p = 0; p < block; p++) C[p * block + p] = inverse(runningMaxNorms[ownParameterIndex(layout, i, p)]);
      return C;
    },
    outputBiasFactor: inverse(runningMaxNorms[layout.outputBias]),
  };
}

/** Flat index of neuron i's own parameter p (p = 2l: weight of map l, 2l + 1: its bias, 2k: D_i). */
export function ownParameterIndex(layout: ParameterLayout, i: number, p: number): number {
  const block = 2 * layout.maps.length + 1;
  return p === block - 1 ? layout.outputWeight(i) : p % 2 === 0 ? layout.weight(p / 2, i) : layout.bias((p - 1) / 2, i);
}

/**
 * The parameters the network is linear in once everything else is held: the output bias d and the
 * weight and bias of the last non-gate map that enters with power 1 (GLU: u; GQU: q), or D_i when no
 * map does (MLP, relu^k). Returned as own-parameter indices p (parameterScaling's block order).
 */
export function linearOwnParameters(layout: ParameterLayout, exponents: readonly number[]): number[] {
  for (let l = exponents.length - 1; l >= 1; l--) if (exponents[l] === 1) return [2 * l, 2 * l + 1];
  return [2 * layout.maps.length];
}

/**
 * Damping coordinates that move only the given own parameters (and d): C = diag(1 on them, 0 elsewhere).
 * With lambda -> 0 the damped step is then the least-squares solve over those parameters alone.
 */
export function selectionScaling(layout: ParameterLayout, own: readonly number[]): ParameterScaling {
  const block = 2 * layout.maps.length + 1;
  const C = new Float64Array(block * block);
  for (const p of own) C[p * block + p] = 1;
  return { kind: 'selection', block, neuronTransform: () => C, outputBiasFactor: 1 };
}
