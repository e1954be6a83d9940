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

/**
 * Gate scale of smooth gates (gelu, silu, sigmoid, tanh), dimensionless: |G_i| = scale / h with h the
 * knot spacing of splineInitialGates, so the gate's argument z_i = G_i (x - t_i) changes by `scale`
 * across one cell; same knots and alternating directions as the relu gates.
 * Default 2: the kink, measured as the full width at half maximum of act''(z) (silu 2.34, tanh-form
 * gelu 1.59 in z), then spans about one cell (silu 1.2, gelu 0.8 cells), the design stays well inside
 * float64 (condition ~1e6 at n = 96), and the series has no plateau up to n = 96 on the paper's target.
 * With G = +-1 (scale = h) silu is nearly linear over [-1, 1]: numerical rank 14 whatever n and a flat
 * RMSE; the README ("Smooth gates") gives the measured table for scales h, 1, 2 and 4.
 */
export const DEFAULT_GATE_SCALE = 2;

export function smoothInitialGates(n: number, domain: Domain, scale: number = DEFAULT_GATE_SCALE): SplineGates {
  if (!(scale > 0 && Number.isFinite(scale)))
    throw new RangeError(`smoothInitialGates: scale ${scale} is not positive`);
  const base = splineInitialGates(n, domain);
  const spacing = n === 1 ? domain[1] - domain[0] : base.knots[1] - base.knots[0];
  const magnitude = scale / spacing;
  const G = base.G.map((s) => s * magnitude);
  const g = base.knots.map((t, i) => -G[i] * t);
  return { knots: base.knots, G, g };
}
