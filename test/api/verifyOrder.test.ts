import t from 'tap';
import { verifyOrder, expectOrder, OrderExpectationError, type OrderOptions } from '../../src/index.js';

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

// verifyOrder and expectOrder take one options type: `order` is honoured by both, so a wrong claim
// cannot pass through verifyOrder (it used to check the derived -2 and return PASS).
t.test('verifyOrder honours order: a wrong claim is a FAIL, the right one a PASS', async (t) => {
  const options = {
    unit: 'mlp',
    target: 'exp(x)',
    widths: [4, 6, 8, 12, 16, 24, 32, 48, 64],
    method: 'construct' as const,
  };
  const wrong = await verifyOrder({ ...options, order: 3 });
  t.equal(wrong.verdict.verdict, 'FAIL', wrong.verdict.reason);
  t.equal(wrong.verdict.predictedSlope, -3);
  t.equal(wrong.prediction.derivedSlope, -2, 'the derived order is still reported beside the claim');
  const right = await verifyOrder({ ...options, order: 2 });
  t.equal(right.verdict.verdict, 'PASS', right.verdict.reason);
  await t.rejects(expectOrder({ ...options, order: 3 }), OrderExpectationError);
});

t.test('unknown option keys and values of the wrong type are UsageErrors that name them', async (t) => {
  const base = { unit: 'mlp', widths: [8, 16, 32, 64], method: 'construct' as const };
  const known =
    'the options are unit, target, domain, widths, method, order, seeds, dataSize, init, maxIterations, tolerance, jobs, out';
  // Casts: a TypeScript caller is stopped by the compiler; a JavaScript caller is not.
  await t.rejects(verifyOrder({ ...base, ordr: 3, bogus: true } as unknown as OrderOptions), {
    name: 'UsageError',
    message: `verifyOrder(): unknown options "ordr", "bogus"; ${known}`,
  });
  await t.rejects(expectOrder({ ...base, predictedSlope: -3 } as unknown as OrderOptions), {
    name: 'UsageError',
    message: `expectOrder(): unknown option "predictedSlope"; ${known}`,
  });
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ order: '3' }, 'option "order" must be a finite number > 0, got "3"'],
    [{ order: -3 }, 'option "order" must be a finite number > 0, got -3'],
    [{ order: Infinity }, 'option "order" must be a finite number > 0, got Infinity'],
    [{ tolerance: 0 }, 'option "tolerance" must be a finite number > 0, got 0'],
    [{ dataSize: 0 }, 'option "dataSize" must be an integer >= 2, got 0'],
    [{ seeds: 1.5 }, 'option "seeds" must be an integer from 1 to 1000, got 1.5'],
    [{ method: 'sgd' }, 'option "method" must be one of construct, lsq, lm, adam, paper-newton, varpro, got "sgd"'],
    [{ domain: [0, NaN] }, 'option "domain" must be an array of two finite numbers [a, b], got an array of 2'],
    [
      { widths: [8, 0] },
      'option "widths" must be a non-empty array of integers >= 1, or a list string such as "8:64:8", got an array of 2',
    ],
    [{ unit: 42 }, 'option "unit" must be a non-empty string, got 42'],
    [{ unit: undefined }, 'option "unit" is required'],
  ];
  for (const [patch, message] of bad)
    await t.rejects(verifyOrder({ ...base, ...patch } as unknown as OrderOptions), {
      name: 'UsageError',
      message: `verifyOrder(): ${message}`,
    });
  await t.rejects(verifyOrder(null as unknown as OrderOptions), { name: 'UsageError' });
  const skipped = await verifyOrder({ ...base, order: undefined, target: 'sin(2*x)' });
  t.equal(skipped.verdict.predictedSlope, -2, 'an option set to undefined is an option not given');
});
