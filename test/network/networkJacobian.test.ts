// Analytic Jacobian (N x P column-major, dy/dtheta in output units per parameter unit) against a
// central finite difference: tolerance |J - FD| <= 1e-6 (1 + |J|), far above the FD error
// O(eps^2 y''' + 1e-16 |y| / eps) ~ 1e-10 for eps = 1e-6, far below any real mistake (O(1)).
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { networkJacobian, networkJacobianByPoints } from '../../src/network/networkJacobian.js';
import {
  flattenParams,
  unflattenParams,
  parameterCount,
  zeroParams,
  parameterNames,
} from '../../src/network/networkParams.js';

const UNITS = ['mlp', 'glu', 'gqu', 'relu2', 'relu3', 'relu(g)^2*u', 'swiglu'];
const FD_STEP = 1e-6;
const TOLERANCE = 1e-6;
/** points whose gate argument |z| is below this for some neuron are skipped: a relu kink inside the FD stencil is not a Jacobian error */
const KINK_MARGIN = 1e-2;

for (const name of UNITS) {
  t.test(`networkJacobian matches central differences: ${name}`, async (t) => {
    const unit = parseUnit(name);
    const n = 4;
    const rng = seededRandom(1234);
    const theta0 = flattenParams(unit, zeroParams(unit, n));
    for (let k = 0; k < theta0.length; k++) theta0[k] = rng.normal();
    const params = unflattenParams(unit, n, theta0);
    const G = params.maps[unit.gate.map].weight;
    const g = params.maps[unit.gate.map].bias;
    const points: number[] = [];
    while (points.length < 12) {
      const x = -1 + 2 * rng.uniform();
      let clear = true;
      for (let i = 0; i < n; i++) if (Math.abs(G[i] * x + g[i]) < KINK_MARGIN) clear = false;
      if (clear) points.push(x);
    }
    const xs = Float64Array.from(points);
    const N = xs.length;
    const P = parameterCount(unit, n);
    const J = networkJacobian(unit, params, xs);
    t.equal(J.length, N * P, `Jacobian is N x P = ${N} x ${P}`);
    const fd = new Float64Array(N * P);
    for (let c = 0; c < P; c++) {
      const plus = Float64Array.from(theta0);
      const minus = Float64Array.from(theta0);
      const step = FD_STEP * Math.max(1, Math.abs(theta0[c]));
      plus[c] += step;
      minus[c] -= step;
      const yPlus = evaluateNetwork(unit, unflattenParams(unit, n, plus), xs);
      const yMinus = evaluateNetwork(unit, unflattenParams(unit, n, minus), xs);
      for (let i = 0; i < N; i++) fd[i + c * N] = (yPlus[i] - yMinus[i]) / (2 * step);
    }
    const names = parameterNames(unit);
    const label = (c: number) => (c === P - 1 ? 'd' : `${names[Math.floor(c / n)]}[${c % n}]`);
    const compare = (jacobian: Float64Array) => {
      let worst = 0;
      let where = '';
      for (let k = 0; k < N * P; k++) {
        const excess = Math.abs(jacobian[k] - fd[k]) / (1 + Math.abs(jacobian[k]));
        if (excess > worst) {
          worst = excess;
          where = `${label(Math.floor(k / N))} at x = ${xs[k % N]}: analytic ${jacobian[k]}, central difference ${fd[k]}`;
        }
      }
      return { worst, where };
    };
    const { worst, where } = compare(J);
    t.ok(worst <= TOLERANCE, `max |J - FD| / (1 + |J|) = ${worst.toExponential(2)} <= ${TOLERANCE} (worst: ${where})`);
    // The check can fail: the same comparison catches a sign error in the largest column.
    let largest = 0;
    for (let k = 0; k < N * P; k++) if (Math.abs(J[k]) > Math.abs(J[largest])) largest = k;
    const column = Math.floor(largest / N);
    const broken = Float64Array.from(J);
    for (let i = 0; i < N; i++) broken[i + column * N] = -broken[i + column * N];
    t.ok(compare(broken).worst > TOLERANCE, `a sign error in column ${label(column)} exceeds the tolerance`);
  });
}

t.test('the 1-D column Jacobian equals the generic point loop bit for bit', async (t) => {
  const rng = seededRandom(99);
  const names = ['mlp', 'glu', 'gqu', 'relu(g)^3*u', 'gelu(g)*u', 'silu(g)*u', 'gelu(g)^2*u*q', 'tanh(g)*g*u'];
  for (const name of names) {
    const unit = parseUnit(name);
    const n = 6;
    const theta = flattenParams(unit, zeroParams(unit, n));
    for (let k = 0; k < theta.length; k++) theta[k] = 2 * rng.normal();
    const p = unflattenParams(unit, n, theta);
    p.D[1] = 0;
    const knot = -p.maps[unit.gate.map].bias[0] / p.maps[unit.gate.map].weight[0];
    const xs = Float64Array.from([...Array.from({ length: 250 }, () => -3 + 6 * rng.uniform()), knot, 0, -0]);
    const fast = networkJacobian(unit, p, xs);
    const generic = networkJacobianByPoints(unit, p, xs);
    t.equal(fast.length, generic.length, `${name}: shape`);
    let differing = 0;
    for (let k = 0; k < fast.length; k++) if (!Object.is(fast[k], generic[k])) differing++;
    t.equal(differing, 0, `${name}: ${fast.length} entries`);
  }
});
