import t from 'tap';
import { taylorDerivative } from '../../src/core/taylorDerivatives.js';
import { compileTarget } from '../../src/core/target.js';

const TARGETS = [
  '1/(1+cos(pi*x)^2)',
  'sin(2*x)',
  'exp(x)*atan(x)',
  'sqrt(x+2)',
  'log(x+3)*tanh(x)',
  'asin(x/2)+acos(x/3)',
  'x^3-2*x',
  'cbrt(x+2)',
  '2^x',
  'abs(x-5)',
  'tan(x)',
  'cosh(x)-sinh(x/2)',
];

t.test('agrees with the symbolic derivatives 1..3 (relative 1e-12)', async (t) => {
  for (const expression of TARGETS) {
    const target = compileTarget(expression, [-1, 1]);
    for (const k of [1, 2, 3]) {
      const ad = taylorDerivative(expression, k);
      const symbolic = target.derivative(k);
      for (const x of [-0.9, -0.3, 0.1, 0.7]) {
        const want = symbolic(x);
        t.ok(
          Math.abs(ad(x) - want) <= 1e-12 * (1 + Math.abs(want)),
          `${expression}: f^(${k})(${x}) = ${want}, got ${ad(x)}`,
        );
      }
    }
  }
});

t.test('high orders against closed forms', async (t) => {
  const close = (got: number, want: number, what: string) =>
    t.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: want ${want}, got ${got}`);
  for (const x of [-0.7, 0.2, 0.9]) {
    close(taylorDerivative('sin(2*x)', 13)(x), 2 ** 13 * Math.cos(2 * x), `d^13 sin(2x) at ${x}`);
    close(taylorDerivative('exp(3*x)', 10)(x), 3 ** 10 * Math.exp(3 * x), `d^10 exp(3x) at ${x}`);
    // d^k 1/(2 - x) = k!/(2 - x)^(k + 1)
    close(taylorDerivative('1/(2-x)', 12)(x), 479001600 / (2 - x) ** 13, `d^12 1/(2-x) at ${x}`);
  }
});

t.test('a derivative that does not exist is NaN, not a number', async (t) => {
  t.ok(Number.isNaN(taylorDerivative('abs(x)', 2)(0)));
  t.notOk(Number.isFinite(taylorDerivative('sqrt(x)', 1)(0)));
  t.equal(taylorDerivative('abs(x)', 2)(0.5), 0);
});
