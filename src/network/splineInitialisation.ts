/**
 * The paper's "spline initialisation" of the gates: knots equally spaced over the domain widened
 * by 0.1% of its half-length on each side ([-1, 1] -> [-1.001, 1.001]), i.e. t_i = linspace(a', b', n),
 * with gate directions alternating neuron by neuron, G_i = +1 for even i and -1 for odd i, so that
 * no neuron is dead. The gate bias is g_i = -G_i t_i (z_i = G_i (x - t_i)).
 * For n = 1 the single knot is a' (facing right: active on the whole domain).
 */
import type { Domain } from '../core/domain.js';

export interface SplineGates {
  /** knot positions t_i, length n, same units as x */
  readonly knots: Float64Array;
  /** gate weights G_i = +-1 */
  readonly G: Float64Array;
  /** gate biases g_i = -G_i t_i */
  readonly g: Float64Array;
}

export const KNOT_WIDENING = 0.001;

export function splineInitialGates(n: number, domain: Domain): SplineGates {
  const half = (domain[1] - domain[0]) / 2;
  const lo = domain[0] - KNOT_WIDENING * half;
  const hi = domain[1] + KNOT_WIDENING * half;
  const knots = new Float64Array(n);
  const G = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    knots[i] = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
    G[i] = i % 2 === 0 ? 1 : -1;
    g[i] = -G[i] * knots[i];
  }
  return { knots, G, g };
}
