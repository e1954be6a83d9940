// The shortcuts in the activations' float64 code give the plain formulas' values bit for bit:
// gelu's saturated tanh (|z| >= 7.3) and the identity closures of first-power factors.
import t from 'tap';
import { ACTIVATIONS } from '../../src/network/gateActivation.js';
import { unitFactors } from '../../src/network/unitFactors.js';
import { parseUnit } from '../../src/core/unitForm.js';
import { seededRandom } from '../../src/core/seededRandom.js';

const C = Math.sqrt(2 / Math.PI);
const plainValue = (z: number): number => 0.5 * z * (1 + Math.tanh(C * (z + 0.044715 * z ** 3)));
const plainDerivative = (z: number): number => {
  const th = Math.tanh(C * (z + 0.044715 * z ** 3));
  return 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * C * (1 + 3 * 0.044715 * z * z);
};

function samples(): number[] {
  const random = seededRandom(3);
  const zs = [0, -0, 7.3, -7.3, 7.299999999999999, -7.299999999999999, 5.9, -5.9, 1e300, -1e300];
  zs.push(Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE);
  for (let k = 0; k < 20000; k++) zs.push(30 * random.uniform() - 15);
  for (let k = 0; k < 2000; k++) zs.push(7.3 + (random.uniform() - 0.5) * 1e-3, -7.3 + (random.uniform() - 0.5) * 1e-3);
  for (let k = 0; k < 2000; k++) zs.push((random.uniform() - 0.5) * 1e6);
  return zs;
}

t.test('gelu with its saturation shortcut equals the plain tanh formula bit for bit', async (t) => {
  const zs = samples();
  const gelu = ACTIVATIONS.gelu;
  t.same(
    zs.filter((z) => !Object.is(gelu.value(z), plainValue(z))),
    [],
    `value at ${zs.length} points`,
  );
  t.same(
    zs.filter((z) => !Object.is(gelu.derivative(z), plainDerivative(z))),
    [],
    `derivative at ${zs.length} points`,
  );
  // the shortcut is taken: far out the values are exactly relu's
  t.equal(gelu.value(8), 8);
  t.ok(Object.is(gelu.value(-8), -0));
  t.equal(gelu.derivative(8), 1);
  t.equal(gelu.derivative(-8), 0);
});

t.test('a first-power factor is the identity, equal to z ** 1 and 1 * z ** 0 bit for bit', async (t) => {
  const [, u] = unitFactors(parseUnit('gelu(g)*u'));
  const zs = samples();
  const one = 1;
  t.same(
    zs.filter((z) => !Object.is(u.value(z), z ** one)),
    [],
    'value',
  );
  t.same(
    zs.filter((z) => !Object.is(u.derivative(z), one * z ** (one - 1))),
    [],
    'derivative',
  );
  const [, q] = unitFactors(parseUnit('relu(g)*q^2'));
  t.equal(q.value(3), 9, 'other powers keep the exponentiation');
});
