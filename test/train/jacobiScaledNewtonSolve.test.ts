import t from 'tap';
import { jacobiScaledNewtonSolve, REFERENCE_SOLVE } from '../../src/train/jacobiScaledNewtonSolve.js';
import { seededRandom } from '../../src/core/seededRandom.js';

/** H = B^T B + shift I, k x k row-major, with badly scaled columns of B (so Jacobi scaling matters). */
function spd(k: number, seed: number, shift: number): Float64Array {
  const rng = seededRandom(seed);
  const B = Float64Array.from({ length: 2 * k * k }, (_, i) => rng.normal() * 10 ** ((i % k) - k / 2));
  const H = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = i === j ? shift : 0;
      for (let r = 0; r < 2 * k; r++) s += B[r * k + i] * B[r * k + j];
      H[i * k + j] = s;
    }
  return H;
}

t.test('a well-conditioned system is solved exactly: H x = -g to rounding', async (t) => {
  const k = 8;
  const H = spd(k, 1, 0);
  const g = Float64Array.from({ length: k }, (_, i) => Math.cos(i));
  const solve = jacobiScaledNewtonSolve(H, g, k);
  t.equal(solve.pseudoInverse, false, `condition ${solve.condition.toExponential(2)} <= 1e12`);
  t.equal(solve.kept, k);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < k; i++) {
    let s = g[i];
    for (let j = 0; j < k; j++) s += H[i * k + j] * solve.x[j];
    worst = Math.max(worst, Math.abs(s) / Math.sqrt(H[i * k + i]));
    scale = Math.max(scale, Math.abs(g[i]) / Math.sqrt(H[i * k + i]));
  }
  // Scaled residual |P (H x + g)| relative to |P g|, bounded by condition * eps.
  t.ok(worst <= 1e-10 * scale, `scaled residual ${worst.toExponential(2)} vs ${scale.toExponential(2)}`);
});

t.test(
  'zero rows are dropped (their step is 0) and a singular scaled system takes the eps-cut pseudo-inverse',
  async (t) => {
    // Parameter 2 is dead (zero row and gradient); parameters 0 and 1 are identical columns (H singular).
    const H = Float64Array.of(1, 1, 0, 1, 1, 0, 0, 0, 0);
    const g = Float64Array.of(2, 2, 0);
    const solve = jacobiScaledNewtonSolve(H, g, 3);
    t.equal(solve.kept, 2);
    t.equal(solve.pseudoInverse, true);
    t.equal(solve.rank, 1);
    t.equal(solve.condition, Number.POSITIVE_INFINITY);
    // Minimum-norm solution of [1 1; 1 1] x = -[2; 2]: x = (-1, -1).
    t.ok(Math.abs(solve.x[0] + 1) < 1e-15 && Math.abs(solve.x[1] + 1) < 1e-15, `x = ${Array.from(solve.x)}`);
    t.equal(solve.x[2], 0);
  },
);

t.test('condition just above the threshold: directions below eps * sigma_max are cut, not inverted', async (t) => {
  // Scaled matrix diag(1, 1e-17) in a rotated basis: condition 1e17 > 1e12, and 1e-17 < eps * 1, so that
  // direction is dropped; diag(1, 1e-11) (condition 1e11) is solved exactly.
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  const make = (small: number): Float64Array =>
    Float64Array.of(c * c + small * s * s, c * s - small * c * s, c * s - small * c * s, s * s + small * c * c);
  const g = Float64Array.of(1, -1);
  const cut = jacobiScaledNewtonSolve(make(1e-17), g, 2);
  t.equal(cut.pseudoInverse, true);
  t.equal(cut.rank, 1);
  t.ok(Math.max(...cut.x.map(Math.abs)) < 10, `no 1e17 component: ${Array.from(cut.x)}`);
  const exact = jacobiScaledNewtonSolve(make(1e-11), g, 2);
  t.equal(exact.pseudoInverse, false);
  t.equal(exact.rank, 2);
  t.ok(REFERENCE_SOLVE.conditionThreshold === 1e12);
});
