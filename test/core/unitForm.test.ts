import t from 'tap';
import { parseUnit, activeSideDegree, BUILTIN_UNITS } from '../../src/core/unitForm.js';
import { UsageError } from '../../src/core/errors.js';

t.test('built-ins resolve to their expressions', async (t) => {
  t.equal(parseUnit('glu').expression, 'relu(g)*u');
  t.equal(parseUnit('GQU').name, 'gqu');
  t.equal(parseUnit('swiglu').piecewisePolynomial, false);
  t.same(parseUnit('gqu').maps, ['g', 'u', 'q']);
  for (const name of Object.keys(BUILTIN_UNITS))
    t.equal(parseUnit(name).expression, parseUnit(BUILTIN_UNITS[name]).expression);
});

t.test('written forms: canonical expression, merged factors, degree', async (t) => {
  const u = parseUnit(' u * relu(g)^2 * u ');
  t.equal(u.expression, 'relu(g)^2*u^2');
  t.equal(u.name, 'relu(g)^2*u^2');
  t.same(u.factors, [{ map: 'u', power: 2 }]);
  t.equal(activeSideDegree(u), 4);
  t.equal(parseUnit('swish(g)*u').gate.activation, 'silu');
  t.equal(parseUnit('relu(g)*relu(g)').gate.power, 2);
});

t.test('bad forms name the problem in one line', async (t) => {
  const problem = (text: string) => {
    try {
      parseUnit(text);
    } catch (err) {
      t.ok(err instanceof UsageError, `${text}: UsageError`);
      t.notMatch((err as Error).message, /\n/, 'one line');
      return (err as Error).message.split(';')[0];
    }
    return 'accepted';
  };
  t.equal(problem('relu(g)+u'), 'a sum or difference of terms ("relu(g) + u") is outside the family');
  t.equal(problem('relu(x)'), '"x" is the input, not an affine map (in the argument of relu)');
  t.equal(problem('u*q'), 'unit "u*q" has no gate');
  t.equal(problem('relu(g)*gelu(u)'), 'unit "relu(g)*gelu(u)" has more than one gate');
  t.equal(problem('relu(g)^0'), 'the exponent of "relu(g)" must be a positive integer, got "0"');
  t.equal(problem('relu(uv)'), 'unknown symbol "uv"');
  t.equal(problem('relu(g)*u^-1'), 'the exponent of "u" must be a positive integer, got "-1"');
  t.equal(problem('relu(g)*d'), '"d" is reserved for the output bias (in a factor)');
  t.equal(problem('glu*u'), 'built-in "glu" cannot be combined with other factors');
  t.equal(problem('2*relu(g)'), 'numeric factor "2" is not allowed (the output weight D already scales the unit)');
});
