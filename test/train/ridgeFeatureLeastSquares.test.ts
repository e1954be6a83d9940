// lsq in d dimensions: frozen data-following gates, exact least squares, written back as a network.
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { dataFollowingGates, minimumSideCount } from '../../src/network/dataFollowingGates.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import {
  ridgeFeatureLeastSquares,
  ridgeFeatureMemoryRefusal,
  ridgeFeatureUnknowns,
} from '../../src/train/ridgeFeatureLeastSquares.js';

const d = 3;
const N = 400;
const rng = seededRandom(7);
const X = Float64Array.from({ length: N * d }, () => -1 + 2 * rng.uniform());

t.test('data-following gates: unit directions, at least m training points on each side, seeded', async (t) => {
  const n = 50;
  const gates = dataFollowingGates(X, N, d, n, seededRandom(3));
  const m = minimumSideCount(N, d);
  t.equal(m, 8, 'm = max(2 (d + 1), ceil(N / 100)) = 8');
  for (let i = 0; i < n; i++) {
    const w = gates.weight.subarray(i * d, i * d + d);
    t.ok(Math.abs(Math.hypot(...w) - 1) < 1e-15, `|w_${i}| = 1`);
    let active = 0;
    for (let s = 0; s < N; s++)
      if (gates.bias[i] + w[0] * X[s * d] + w[1] * X[s * d + 1] + w[2] * X[s * d + 2] > 0) active++;
    if (active < m || N - active < m) t.fail(`gate ${i} active on ${active} of ${N} points`);
  }
  t.same(dataFollowingGates(X, N, d, n, seededRandom(3)), gates, 'same seed, same gates');
  t.not(dataFollowingGates(X, N, d, n, seededRandom(4)).bias[0], gates.bias[0], 'another seed, other gates');
});

for (const name of ['mlp', 'glu', 'gqu', 'relu2']) {
  t.test(`lsq recovers a ${name} network with the same gates exactly, as a network`, async (t) => {
    const unit = analysedUnit(parseUnit(name));
    const n = 12;
    const gates = dataFollowingGates(X, N, d, n, seededRandom(11));
    // A target inside the family: the fit on random data gives a network; its output is the new target.
    const noise = Float64Array.from({ length: N }, () => rng.normal());
    const member = ridgeFeatureLeastSquares(unit, gates, X, noise, N, d);
    const y = evaluateNetwork(unit.form, member.params, X);
    const fit = ridgeFeatureLeastSquares(unit, gates, X, y, N, d);
    t.equal(fit.unknowns, ridgeFeatureUnknowns(unit, n, d));
    t.equal(fit.unknowns, name === 'glu' || name === 'gqu' ? (d + 1) * n + 1 : n + 1, 'unknowns (s d + 1) n + 1');
    const residual = evaluateNetwork(unit.form, fit.params, X).map((v, i) => v - y[i]);
    const worst = Math.max(...residual.map(Math.abs));
    t.ok(worst < 1e-10 * Math.max(...y.map(Math.abs)), `max |network - target| = ${worst.toExponential(2)}`);
    // Optimality on the noise fit: the residual is orthogonal to the output-bias column (sum r = 0).
    const r = evaluateNetwork(unit.form, member.params, X).map((v, i) => v - noise[i]);
    t.ok(Math.abs(r.reduce((s, v) => s + v, 0)) < 1e-9 * N, 'least-squares residual sums to 0 (constant column)');
  });
}

t.test('memory refusal names the need and the machine', async (t) => {
  t.equal(ridgeFeatureMemoryRefusal(2000, 1000, 16 * 2 ** 30), null, '2000 x 1000 fits in 16 GiB');
  t.match(
    ridgeFeatureMemoryRefusal(2000, 900001, 16 * 2 ** 30),
    /needs about 6061\.8 GiB .* over half of this machine's 16\.0 GiB/,
  );
});
