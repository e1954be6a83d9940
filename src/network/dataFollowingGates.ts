/**
 * Seeded gates for inputs in R^d ("dataq"): each neuron's gate hyperplane has a direction uniform
 * on the sphere and passes through a training point of random interior rank along that direction.
 *
 * Why: the paper's 1-D spline initialisation (knots on a grid) has no d-dimensional analogue, and its
 * code's PyTorch default init (w, b ~ U(+-1/sqrt(d))) leaves 8-9% of 2-D gates dead or always on and
 * its hyperplanes near the centre of standardized data. With frozen gates a gate active on only a
 * handful of points gets a coefficient that extrapolates wildly: test RMSE of 1e7 and more was
 * measured with the PyTorch, Gaussian and uniform-offset schemes, none with this one (495 frozen-gate
 * fits on sin(4 x1) sin(4 x2) and Friedman 1; study in the README, section "d dimensions").
 *
 * Rule, per neuron i, from one seeded generator in this order:
 *   1. w_i = v / |v| with v ~ N(0, I_d) (d normal draws): uniform on the sphere, facing side included;
 *   2. r_i = m + floor(u (N - 2m)), u uniform on [0, 1): a rank in [m, N - m), with
 *      m = max(2 (d + 1), ceil(N / 100)) (capped so that the range is never empty);
 *   3. b_i = -(w_i . x)_(r_i), the r_i-th smallest projection of the training points.
 * So every gate is active on at least m training points and inactive on at least m, the hyperplanes
 * follow the data's density (clustered real data included), and the scheme is invariant to shifts
 * and scales of x. |w_i| = 1, in the units of x (standardized for the named problems).
 *
 * Shapes: X is N x d row-major; weight is n x d neuron-major, bias length n.
 *
 * Examples:  dataFollowingGates(X, 2000, 2, 64, seededRandom(derivedSeed(0, 'gates:64')))
 */
import type { SeededRandom } from '../core/seededRandom.js';
import type { AffineMapParams } from './networkParams.js';

/** m: the fewest training points on each side of every gate. */
export function minimumSideCount(N: number, d: number): number {
  const m = Math.max(2 * (d + 1), Math.ceil(N / 100));
  return Math.min(m, Math.floor((N - 1) / 2));
}

export function dataFollowingGates(
  X: Float64Array,
  N: number,
  d: number,
  n: number,
  rng: SeededRandom,
): AffineMapParams {
  if (X.length !== N * d) throw new RangeError(`dataFollowingGates: X has ${X.length} values, expected ${N} x ${d}`);
  if (N < 1) throw new RangeError('dataFollowingGates: no training points');
  const m = minimumSideCount(N, d);
  const weight = new Float64Array(n * d);
  const bias = new Float64Array(n);
  const projections = new Float64Array(N);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const v = rng.normal();
      weight[i * d + k] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    // A zero draw has probability 0 in exact arithmetic; take the first axis then, deterministically.
    if (!(norm > 0)) weight[i * d] = norm = 1;
    for (let k = 0; k < d; k++) weight[i * d + k] /= norm;
    const rank = N - 2 * m > 0 ? m + Math.floor(rng.uniform() * (N - 2 * m)) : m;
    for (let t = 0; t < N; t++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += weight[i * d + k] * X[t * d + k];
      projections[t] = z;
    }
    projections.sort();
    bias[i] = -projections[rank];
  }
  return { weight, bias };
}
