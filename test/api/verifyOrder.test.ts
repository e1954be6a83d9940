import t from 'tap';
import { verifyOrder, expectOrder, OrderExpectationError } from '../../src/index.js';

// The README's example: a GLU is order 3 (slope -3 against n) with small widths and exact least squares.
// A verdict needs widths over 3.5 doublings (src/fit/extrapolatedOrder.ts), so they start at 4: from
// 8 the same call is INCONCLUSIVE (tested below).
t.test('a GLU is order 3', async (t) => {
  const result = await expectOrder({
    unit: 'glu',
    order: 3,
    target: 'sin(3*x)',
    widths: [4, 6, 8, 12, 16, 24, 32, 48, 64],
    dataSize: 2000,
  });
  t.equal(result.verdict.verdict, 'PASS');
  t.ok(Math.abs(result.verdict.measuredSlope! + 3) < 0.15, `window slope ${result.verdict.measuredSlope}`);
  t.ok(Math.abs(result.verdict.extrapolatedSlope! + 3) < 0.15, `extrapolated ${result.verdict.extrapolatedSlope}`);
  t.equal(result.prediction.derivedSlope, -3);
  t.ok(
    result.fit.fit.windowWidths.length >= 4,
    `window of ${result.fit.fit.windowWidths.length} widths (at least 4 for a window slope)`,
  );
  const short = await verifyOrder({
    unit: 'glu',
    target: 'sin(3*x)',
    widths: [8, 12, 16, 24, 32, 48, 64],
    dataSize: 2000,
  });
  t.equal(short.verdict.verdict, 'INCONCLUSIVE');
  t.match(
    short.verdict.reason,
    /a verdict needs the drift pattern over 4 doublings and the usable widths 8\.\.64 span less/,
  );
});

t.test('a wrong claim rejects with the verdict; verifyOrder returns the verdict without throwing', async (t) => {
  const options = {
    unit: 'mlp',
    target: 'sin(3*x)',
    widths: [4, 6, 8, 12, 16, 24, 32, 48, 64],
    method: 'construct' as const,
  };
  await t.rejects(expectOrder({ ...options, order: 4 }), OrderExpectationError);
  await t.rejects(expectOrder({ ...options, order: 4 }), {
    message:
      /^mlp on sin\(3\*x\) \(construct\): FAIL: extrapolated -2\.00 \[-2\.01, -1\.99\] \(window slope -1\.99, drift \+0\.00 per doubling at n = 64\) lies outside predicted -4\.00 \+- 0\.15: shallower by at least 1\.99$/,
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
