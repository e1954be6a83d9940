// Every line read back from a results file is checked before it is reused: one case per kind of
// problem, with the exact words `measure --resume` prints after "line N".
import t from 'tap';
import { measureSweep } from '../../src/measure/measureSweep.js';
import { parseResultRecord } from '../../src/measure/parseResultRecord.js';

const [record] = await measureSweep({ units: ['mlp'], target: 'x^2', widths: [4], method: 'lsq', data: 50 });
const line = JSON.stringify(record);
const edited = (change: Record<string, unknown>) => JSON.stringify({ ...record, ...change });
const problemOf = (text: string) => {
  const parsed = parseResultRecord(text);
  return 'problem' in parsed ? parsed.problem : '(accepted)';
};

t.test('a record as measure writes it is accepted unchanged', async (t) => {
  const parsed = parseResultRecord(line);
  t.ok('record' in parsed);
  if ('record' in parsed) t.same(parsed.record, record);
  t.ok(line.startsWith('{"unit":"mlp",'), 'unit is the first field, which the torn-line rule relies on');
});

t.test('each kind of bad line is named', async (t) => {
  const cases: Array<[string, string, string | RegExp]> = [
    ['text', 'hello', 'is not JSON'],
    ['testRmse "oops"', edited({ testRmse: 'oops' }), 'is not a result record: /testRmse must be number'],
    ['testRmse null', edited({ testRmse: null }), 'is not a result record: /testRmse must be number'],
    ['testRmse -5', edited({ testRmse: -5 }), 'is not a result record: /testRmse must be >= 0'],
    [
      'only unit and testRmse',
      '{"unit":"mlp","testRmse":0.1}',
      "is not a result record: / must have required property 'target' (and 16 more errors)",
    ],
    ['an array', '[1]', 'is not a result record: / must be object'],
    ['an extra field', edited({ extra: 1 }), 'is not a result record: / must NOT have additional properties "extra"'],
    [
      '"__proto__" at the top',
      line.replace('{"unit":"mlp",', '{"unit":"mlp","__proto__":{"n":1},'),
      'has a "__proto__" key',
    ],
    [
      '"__proto__" in diagnostics',
      line.replace('"diagnostics":{', '"diagnostics":{"__proto__":{"polluted":true},'),
      'has a "__proto__" key',
    ],
    [
      'a number beyond float64',
      line.replace(/"testRmse":[^,]+/, '"testRmse":1e999'),
      'has a number beyond float64 ("testRmse" reads as Infinity)',
    ],
    ['params of another unit', edited({ params: 99 }), 'has params 99, but unit mlp at n = 4 has 13'],
    ['an unreadable unit', edited({ unit: 'mlq' }), /^names a unit approx-order cannot read \(unknown symbol "mlq"/],
    ['a start lsq never uses', edited({ init: 'lsq' }), 'has method lsq with init lsq, which it never uses'],
    ['lsq with iterations', edited({ maxIterations: 5 }), 'has method lsq with maxIterations 5 (lsq records have 1)'],
    ['a reversed domain', edited({ domain: [1, -1] }), 'has domain [1, -1], which is not an interval'],
  ];
  for (const [what, text, expected] of cases)
    if (typeof expected === 'string') t.equal(problemOf(text), expected, what);
    else t.match(problemOf(text), expected, what);
  t.equal(
    Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
    false,
    'nothing reached Object.prototype',
  );
});
