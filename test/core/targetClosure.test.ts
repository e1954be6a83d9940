// The closure tree of a target gives mathjs's number-build values bit for bit, on every node kind a
// target may contain, at ordinary and awkward points (0, negatives under sqrt/log/fractional powers,
// overflow, x^Infinity), and declines what it does not know.
import t from 'tap';
import { numberMath } from '../../src/core/numberMath.js';
import { targetClosure } from '../../src/core/targetClosure.js';
import { seededRandom } from '../../src/core/seededRandom.js';

const EXPRESSIONS = [
  '1/(1+cos(pi*x)^2)',
  'sin(4*x)',
  '1/(1+25*x^2)',
  'tanh(10*x)',
  'exp(-20*x^2)',
  'x^3 - 2*x + 0.1',
  '-x^2',
  '+x - -x',
  '2x + 3(x-1)',
  'sqrt(x) + log(x) + x^0.5 + cbrt(x)',
  'abs(x)^1.5',
  'atan(x) + asin(x/2) + acos(x/3) + tan(x)',
  'sinh(x) * cosh(x) / (1 + e^x)',
  'x^(1/3) + (-2)^x + 2^x^2',
  'exp(800*x) - exp(-800*x)',
  '(x/2)^(1/x)',
  '1e-300 * x / 1e300',
  '(0.5 + x/10)^(1/(x-x))',
];

t.test('closure values equal mathjs evaluate bit for bit', async (t) => {
  const math = numberMath();
  const random = seededRandom(3);
  const points = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    2,
    -2,
    1e-300,
    -1e-300,
    700,
    -700,
    ...Array.from({ length: 400 }, () => 8 * random.uniform() - 4),
  ];
  for (const expression of EXPRESSIONS) {
    const node = math.parse(expression);
    const closure = targetClosure(node);
    t.ok(closure, `${expression}: compiled to closures`);
    if (!closure) continue;
    const code = node.compile();
    const differing = points.filter((x) => {
      const y = code.evaluate({ x });
      const reference = typeof y === 'number' ? y : Number.NaN;
      return !Object.is(closure(x), reference);
    });
    t.same(differing, [], `${expression}: ${points.length} points`);
  }
});

t.test('declines a node it does not know, so mathjs keeps it', async (t) => {
  const math = numberMath();
  t.equal(targetClosure(math.parse('y + 1')), null, 'a symbol other than x, pi, e');
  t.equal(targetClosure(math.parse('max(x, 1)')), null, 'a function outside the target language');
  t.equal(targetClosure(math.parse('x mod 2')), null, 'an operator outside it');
});
