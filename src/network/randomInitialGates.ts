/**
 * Fully random gates: each neuron's direction G_i = +1 or -1 with probability 1/2 and its knot t_i
 * uniform on the domain [a, b], drawn from the given seeded generator (direction, then knot, neuron by
 * neuron). The gate bias is g_i = -G_i t_i, so z_i = G_i (x - t_i), as in splineInitialGates.
 * Unlike the spline initialisation, neurons may share cells unevenly, leave cells empty of knots, and
 * face away from the data (dead on [a, t_i] or [t_i, b] only: every knot lies inside the domain).
 *
 * Examples:  randomInitialGates(8, [-1, 1], seededRandom(derivedSeed(0, 'random-gates:8')))
 */
import type { Domain } from '../core/domain.js';
import type { SeededRandom } from '../core/seededRandom.js';
import type { SplineGates } from './splineInitialisation.js';

export function randomInitialGates(n: number, domain: Domain, rng: SeededRandom): SplineGates {
  const [a, b] = domain;
  const knots = new Float64Array(n);
  const G = new Float64Array(n);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    G[i] = rng.uniform() < 0.5 ? 1 : -1;
    knots[i] = a + (b - a) * rng.uniform();
    g[i] = -G[i] * knots[i];
  }
  return { knots, G, g };
}
