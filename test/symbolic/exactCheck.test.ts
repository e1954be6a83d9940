import t from 'tap';
import { CheckFailedError } from '../../src/core/errors.js';
import { checkIdentity, checkEqualAt, evaluateExact, fraction } from '../../src/symbolic/exactCheck.js';
import { gradedCoefficients } from '../../src/symbolic/gradedCoefficients.js';
import { linearFactorisation } from '../../src/symbolic/linearFactorisation.js';
import { invertRationalMatrix } from '../../src/linalg/rationalLinearAlgebra.js';
import { polynomialFromExpression, renderLatex, renderPlain } from '../../src/symbolic/sparsePolynomial.js';

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

t.test('a true identity passes; a deliberately wrong one fails and names its step', async (t) => {
  checkIdentity('binomial', '(x + h)^3', 'x^3 + 3*x^2*h + 3*x*h^2 + h^3', ['x', 'h']);
  // off by one coefficient: 3*x*h^2 -> 2*x*h^2
  const err = caught(() => checkIdentity('wrong binomial', '(x + h)^3', 'x^3 + 3*x^2*h + 2*x*h^2 + h^3', ['x', 'h']));
  t.ok(err instanceof CheckFailedError, 'CheckFailedError');
  t.equal((err as CheckFailedError).step, 'wrong binomial');
  t.match(
    (err as Error).message,
    /^cross-check failed at step "wrong binomial": the two sides differ at x=-?\d+(\/\d+)?, h=/,
  );
  // a wrong constant: int_0^h (x(x-h))^2 dx is h^5/30, not h^5/32
  t.throws(() => checkIdentity('wrong integral', '(1/30)*h^5', '(1/32)*h^5', ['h']), CheckFailedError);
  // an identity that fails only at rare points is still caught: (x-1/3) vs 0 fails everywhere but one point
  t.throws(
    () =>
      checkEqualAt(
        'nearly zero',
        ['x'],
        (s) => s.x.sub(fraction(1, 3)),
        () => fraction(0),
      ),
    CheckFailedError,
  );
});

t.test('exact evaluation is rational, and a non-rational result is a failed check', async (t) => {
  t.equal(
    evaluateExact('(1/2)*f2*h + f1', { f2: fraction(3, 7), f1: fraction(-2), h: fraction(5, 3) }).toFraction(),
    '-23/14',
  );
  t.throws(() => evaluateExact('sqrt(x)', { x: fraction(2) }, 'irrational'), /step "irrational"/);
});

t.test('orders in h by exact interpolation', async (t) => {
  const scope = { x: fraction(2, 3), h: fraction(-5, 7), f: fraction(11, 2) };
  const orders = gradedCoefficients('orders', (s) => evaluateExact('f*x^3 - f*h^2*x + 4*h', s), scope, ['x', 'h'], 4);
  // 4h is order 1; f(x^3 - h^2 x) is order 3
  t.same(
    orders.map((c) => c.toFraction()),
    [
      '0',
      '-20/7',
      '0',
      fraction(11, 2)
        .mul(fraction(8, 27).sub(fraction(50, 147)))
        .toFraction(),
      '0',
    ],
  );
  t.throws(
    () => gradedCoefficients('degree bound', (s) => evaluateExact('x^5', s), scope, ['x'], 3),
    /not a polynomial of degree <= 3/,
  );
});

t.test('rational factorisation of leading terms', async (t) => {
  // x (x - h)(2x - h) / 12 at h = 1: (2s^3 - 3s^2 + s)/12
  const f = linearFactorisation([fraction(0), fraction(1, 12), fraction(-3, 12), fraction(2, 12)]);
  t.equal(f.plain, '(1/12)*x*(2*x - h)*(x - h)');
  t.equal(f.latex, '\\tfrac{1}{12}\\,x\\,(2x - h)\\,(x - h)');
  const hermite = linearFactorisation([fraction(0), fraction(0), fraction(1, 24), fraction(-2, 24), fraction(1, 24)]);
  t.equal(hermite.plain, '(1/24)*x^2*(x - h)^2');
  // x^2 + 1 has no rational root: kept as a factor
  const irreducible = linearFactorisation([fraction(1), fraction(0), fraction(1)]);
  t.equal(irreducible.roots.length, 0);
  t.equal(irreducible.rest.length, 3);
});

t.test('exact inverse and singular systems', async (t) => {
  const inv = invertRationalMatrix([
    [fraction(1), fraction(1)],
    [fraction(1), fraction(2)],
  ]);
  t.same(
    inv.map((r) => r.map((v) => v.toFraction())),
    [
      ['2', '-1'],
      ['-1', '1'],
    ],
  );
  t.throws(
    () =>
      invertRationalMatrix(
        [
          [fraction(1), fraction(2)],
          [fraction(2), fraction(4)],
        ],
        'singular',
      ),
    /step "singular": the 2x2 system is singular/,
  );
});

t.test('canonical rendering of CAS output', async (t) => {
  const p = polynomialFromExpression('(1/2)*f2*x^2+f0+f1*x-(1/6)*f3*h^2*x');
  const options = { order: ['x', 'h'], names: { f0: 'f_0', f1: 'f_1', f2: 'f_2', f3: 'f_3' } };
  t.equal(renderPlain(p, options), 'f_0 + f_1*x + (1/2)*f_2*x^2 - (1/6)*f_3*h^2*x');
  t.equal(renderLatex(p, options), 'f_0 + f_1 x + \\tfrac{1}{2} f_2 x^{2} - \\tfrac{1}{6} f_3 h^{2} x');
});
