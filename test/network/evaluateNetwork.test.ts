// Forward evaluation on hand-computed values (exact in float64 unless a tolerance is stated).
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import {
  evaluateNetwork,
  evaluateNetworkByColumns,
  evaluateNetworkByFactors,
} from '../../src/network/evaluateNetwork.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { flattenParams, unflattenParams } from '../../src/network/networkParams.js';
import { namedParameterArray, zeroParams, type NetworkParams } from '../../src/network/networkParams.js';
import type { UnitForm } from '../../src/core/unitForm.js';

function params(unit: UnitForm, values: Record<string, number[]>, d: number): NetworkParams {
  const n = values.D.length;
  const p = zeroParams(unit, n);
  for (const [name, arr] of Object.entries(values)) namedParameterArray(p, name).set(arr);
  p.d = d;
  return p;
}

t.test('mlp: y = d + sum D relu(Gx + g)', async (t) => {
  const unit = parseUnit('mlp');
  // y = 0.5 + 2 relu(x - 0.25) - 3 relu(-x - 0.5)
  const p = params(unit, { G: [1, -1], g: [-0.25, -0.5], D: [2, -3] }, 0.5);
  const y = evaluateNetwork(unit, p, Float64Array.from([-1, -0.5, 0, 0.25, 0.75]));
  t.same(Array.from(y), [0.5 - 1.5, 0.5, 0.5, 0.5, 0.5 + 1]);
});

t.test('glu: D relu(Gx + g)(Ux + u)', async (t) => {
  const unit = parseUnit('glu');
  // one neuron: 3 relu(x)(2x + 1), d = -1; at x = 0.5: -1 + 3 * 0.5 * 2 = 2; at x = -0.5: -1
  const p = params(unit, { G: [1], g: [0], U: [2], u: [1], D: [3] }, -1);
  t.same(Array.from(evaluateNetwork(unit, p, Float64Array.from([0.5, -0.5, 1]))), [2, -1, -1 + 3 * 1 * 3]);
});

t.test('gqu: D relu(Gx + g)(Ux + u)(Qx + q)', async (t) => {
  const unit = parseUnit('gqu');
  // relu(2x - 1)(x + 1)(-x + 3) at x = 1: 1 * 2 * 2 = 4, times D = 0.5 -> 2; at x = 0.25: gate off
  const p = params(unit, { G: [2], g: [-1], U: [1], u: [1], Q: [-1], q: [3], D: [0.5] }, 0);
  t.same(Array.from(evaluateNetwork(unit, p, Float64Array.from([1, 0.25]))), [2, 0]);
});

t.test('relu2, relu3 and relu(g)^2*u', async (t) => {
  const x = Float64Array.from([-0.5, 0.5, 2]);
  const r2 = parseUnit('relu2');
  t.same(Array.from(evaluateNetwork(r2, params(r2, { G: [1], g: [0], D: [4] }, 0), x)), [0, 1, 16]);
  const r3 = parseUnit('relu3');
  t.same(Array.from(evaluateNetwork(r3, params(r3, { G: [1], g: [0], D: [8] }, 1), x)), [1, 2, 65]);
  const r2u = parseUnit('relu(g)^2*u');
  // relu(x)^2 (x - 1): x = 2 -> 4, x = 0.5 -> 0.25 * -0.5
  t.same(
    Array.from(evaluateNetwork(r2u, params(r2u, { G: [1], g: [0], U: [1], u: [-1], D: [1] }, 0), x)),
    [0, -0.125, 4],
  );
});

t.test('swiglu: silu(z) = z sigmoid(z)', async (t) => {
  const unit = parseUnit('swiglu');
  // z = ln 3 gives sigmoid(z) = 3/4, so silu(z) = 0.75 ln 3; the factor u = 2 doubles it.
  const p = params(unit, { G: [0], g: [Math.log(3)], U: [0], u: [2], D: [1] }, 0);
  const [y] = evaluateNetwork(unit, p, Float64Array.from([0.3]));
  t.ok(Math.abs(y - 1.5 * Math.log(3)) < 4e-16 * 2, `silu(ln 3) * 2 = 1.5 ln 3 within 2 ulp (got ${y})`);
  // z = 0: silu(0) = 0 exactly; z = -800: sigmoid underflows to 0, no NaN
  const q = params(unit, { G: [1, 1], g: [0, -800], U: [0, 0], u: [1, 1], D: [1, 1] }, 0);
  t.same(Array.from(evaluateNetwork(unit, q, Float64Array.from([0]))), [0]);
});

t.test(
  'the 1-D relu loop equals the generic factor loop bit for bit, knots and gate-off points included',
  async (t) => {
    const random = seededRandom(7);
    for (const name of ['mlp', 'glu', 'gqu', 'relu2', 'relu3', 'relu(g)^3*u', 'relu(g)*u*q^2', 'relu(g)^5*u^3']) {
      const unit = parseUnit(name);
      const n = 9;
      const theta = Float64Array.from(flattenParams(unit, zeroParams(unit, n)), () => 4 * random.uniform() - 2);
      const p = unflattenParams(unit, n, theta);
      p.D[3] = 0; // a dead neuron
      const knots = Array.from({ length: n }, (_, i) => -p.maps[unit.maps[0]].bias[i] / p.maps[unit.maps[0]].weight[i]);
      const xs = Float64Array.from([...Array.from({ length: 200 }, () => 6 * random.uniform() - 3), ...knots, 0, -0]);
      const fast = evaluateNetwork(unit, p, xs);
      const generic = evaluateNetworkByFactors(unit, p, xs);
      // equal as float64 values (a sum's -0 may become +0 when a term of exactly 0 is skipped)
      const differing = Array.from(fast).filter((v, i) => !(v === generic[i]));
      t.same(differing, [], `${name}: ${xs.length} points`);
    }
  },
);

t.test('the 1-D column loop (smooth gates) equals the generic factor loop bit for bit', async (t) => {
  const random = seededRandom(11);
  const names = ['gelu(g)*u', 'silu(g)*u', 'gelu(g)^2*u', 'silu(g)*u*q^2', 'tanh(g)*u', 'sigmoid(g)*g', 'glu', 'gqu'];
  for (const name of names) {
    const unit = parseUnit(name);
    const n = 7;
    const theta = Float64Array.from(flattenParams(unit, zeroParams(unit, n)), () => 8 * random.uniform() - 4);
    const p = unflattenParams(unit, n, theta);
    p.D[2] = 0; // a dead neuron
    const xs = Float64Array.from([...Array.from({ length: 300 }, () => 6 * random.uniform() - 3), 0, -0, 1e-300]);
    const columns = evaluateNetworkByColumns(unit, p, xs);
    const generic = evaluateNetworkByFactors(unit, p, xs);
    const differing = Array.from(columns).filter((v, i) => !Object.is(v, generic[i]));
    t.same(differing, [], `${name}: ${xs.length} points`);
    t.ok(
      columns.some((v) => v !== p.d),
      `${name}: the network is not constant (the comparison sees the neurons)`,
    );
  }
});
