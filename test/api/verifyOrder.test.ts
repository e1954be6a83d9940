import t from 'tap';
import { verifyOrder, expectOrder, OrderExpectationError } from '../../src/index.js';

// The README's example: a GLU is order 3 (slope -3 against n) with small widths and exact least squares.
t.test('a GLU is order 3', async (t) => {
  const result = await expectOrder({
    unit: 'glu',
    order: 3,
    target: 'sin(3*x)',
    widths: [8, 12, 16, 24, 32, 48, 64],
    dataSize: 2000,
  });
  t.equal(result.verdict.verdict, 'PASS');
  t.ok(Math.abs(result.verdict.measuredSlope! + 3) < 0.15, `slope ${result.verdict.measuredSlope}`);
  t.equal(result.prediction.derivedSlope, -3);
  t.ok(
    result.fit.fit.windowWidths.length >= 4,
    `window of ${result.fit.fit.windowWidths.length} widths (at least 4 for a verdict)`,
  );
});

t.test('a wrong claim rejects with the verdict; verifyOrder returns the verdict without throwing', async (t) => {
  const options = {
    unit: 'mlp',
    target: 'sin(3*x)',
    widths: [8, 12, 16, 24, 32, 48, 64],
    method: 'construct' as const,
  };
  await t.rejects(expectOrder({ ...options, order: 4 }), OrderExpectationError);
  await t.rejects(expectOrder({ ...options, order: 4 }), {
    message: /^mlp on sin\(3\*x\) \(construct\): FAIL: measured -2\.0\d is shallower than predicted -4\.00/,
  });
  const plain = await verifyOrder(options);
  t.equal(plain.verdict.verdict, 'PASS');
  t.ok(
    Math.abs(plain.verdict.measuredSlope! + 2) < 0.15,
    `verifyOrder measures the MLP construction at ${plain.verdict.measuredSlope}`,
  );
});

t.test('bad input is a UsageError', async (t) => {
  await t.rejects(verifyOrder({ unit: 'relu(g)+u', widths: [8, 16] }), { name: 'UsageError' });
  await t.rejects(verifyOrder({ unit: 'glu', widths: '16:4:4' }), {
    name: 'UsageError',
    message: 'verifyOrder(): /widths: range "16:4:4" in "16:4:4" is empty (stop < start)',
  });
});
