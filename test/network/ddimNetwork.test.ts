// d-dimensional networks: parameter counts, and the analytic Jacobian (N x P column-major) against a
// central finite difference in d = 3 (test only: the tool never differentiates numerically).
// Tolerance |J - FD| <= 1e-6 (1 + |J|): the FD error is ~1e-10 for step 1e-6, a real mistake is O(1).
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { networkJacobian } from '../../src/network/networkJacobian.js';
import { flattenParams, unflattenParams, parameterCount, zeroParams } from '../../src/network/networkParams.js';

t.test('parameter counts in d dimensions follow analyze --dim d', async (t) => {
  for (const d of [1, 2, 5, 8]) {
    t.equal(parameterCount(parseUnit('mlp'), 7, d), (d + 2) * 7 + 1, `MLP (d + 2) n + 1, d = ${d}`);
    t.equal(parameterCount(parseUnit('glu'), 7, d), (2 * d + 3) * 7 + 1, `GLU (2d + 3) n + 1, d = ${d}`);
    t.equal(parameterCount(parseUnit('gqu'), 7, d), (3 * d + 4) * 7 + 1, `GQU (3d + 4) n + 1, d = ${d}`);
  }
});

t.test('a d-dimensional GLU neuron is relu(G.x + g) (U.x + u), evaluated exactly', async (t) => {
  const unit = parseUnit('glu');
  const p = zeroParams(unit, 1, 2);
  p.maps.g.weight.set([1, -2]);
  p.maps.g.bias[0] = 0.5;
  p.maps.u.weight.set([3, 1]);
  p.maps.u.bias[0] = -1;
  p.D[0] = 2;
  p.d = 0.25;
  const y = evaluateNetwork(unit, p, Float64Array.of(1, 0.25, -1, 0));
  // point (1, 0.25): z_g = 1 - 0.5 + 0.5 = 1, z_u = 3 + 0.25 - 1 = 2.25; point (-1, 0): z_g = -0.5 (inactive)
  t.same(Array.from(y), [0.25 + 2 * 1 * 2.25, 0.25]);
});

const FD_STEP = 1e-6;
const TOLERANCE = 1e-6;
const KINK_MARGIN = 1e-2;

for (const name of ['mlp', 'glu', 'gqu', 'relu2']) {
  t.test(`networkJacobian in d = 3 matches central differences: ${name}`, async (t) => {
    const unit = parseUnit(name);
    const n = 3;
    const d = 3;
    const rng = seededRandom(99);
    const theta0 = flattenParams(unit, zeroParams(unit, n, d));
    for (let k = 0; k < theta0.length; k++) theta0[k] = rng.normal();
    const params = unflattenParams(unit, n, theta0, d);
    const gate = params.maps[unit.gate.map];
    const points: number[] = [];
    while (points.length < 10 * d) {
      const x = [0, 1, 2].map(() => -1 + 2 * rng.uniform());
      const clear = [0, 1, 2].every(
        (i) => Math.abs(gate.bias[i] + x.reduce((s, v, k) => s + gate.weight[i * d + k] * v, 0)) >= KINK_MARGIN,
      );
      if (clear) points.push(...x);
    }
    const xs = Float64Array.from(points);
    const N = xs.length / d;
    const P = parameterCount(unit, n, d);
    const J = networkJacobian(unit, params, xs);
    t.equal(J.length, N * P, `Jacobian is N x P = ${N} x ${P}`);
    let worst = 0;
    for (let c = 0; c < P; c++) {
      const plus = Float64Array.from(theta0);
      const minus = Float64Array.from(theta0);
      const step = FD_STEP * Math.max(1, Math.abs(theta0[c]));
      plus[c] += step;
      minus[c] -= step;
      const yPlus = evaluateNetwork(unit, unflattenParams(unit, n, plus, d), xs);
      const yMinus = evaluateNetwork(unit, unflattenParams(unit, n, minus, d), xs);
      for (let i = 0; i < N; i++) {
        const fd = (yPlus[i] - yMinus[i]) / (2 * step);
        worst = Math.max(worst, Math.abs(J[i + c * N] - fd) / (1 + Math.abs(J[i + c * N])));
      }
    }
    t.ok(worst <= TOLERANCE, `max |J - FD| / (1 + |J|) = ${worst.toExponential(2)} <= ${TOLERANCE}`);
  });
}
