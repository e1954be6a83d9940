import t from 'tap';
import { flattenParams } from '../../src/network/networkParams.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { rootMeanSquareDifference } from '../../src/core/testGrid.js';
import { trainingData } from '../../src/train/trainingData.js';
import { trainAdam } from '../../src/train/adamTrainer.js';
import { splineInitialParams } from '../../src/train/initialParams.js';
import { fitFrozenGateLeastSquares } from '../../src/train/frozenGateLeastSquares.js';

const domain = [-1, 1] as const;

t.test('adam (TF.js float32) lowers the loss from the spline start and names its backend', async (t) => {
  const unit = parseUnit('glu');
  const data = trainingData(compileTarget('sin(3*x)', domain), domain, 400, 0);
  const start = splineInitialParams(unit, 6, domain, 0);
  const before = rootMeanSquareDifference(evaluateNetwork(unit, start, data.xTrain), data.yTrain);
  const fit = await trainAdam(unit, start, data.xTrain, data.yTrain, { epochs: 200 });
  const after = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, data.xTrain), data.yTrain);
  t.ok(after < 0.5 * before, `train RMSE ${before.toExponential(3)} -> ${after.toExponential(3)}`);
  t.match(fit.backend, /^tfjs-(node|wasm|cpu) \(float32\)$/);
  t.equal(fit.iterations, 200);
  t.equal(fit.stopReason, 'epochs');
  // The parameters came back through float32: every one is exactly representable in float32.
  t.ok(flattenParams(unit, fit.params).every((v) => Math.fround(v) === v));
  // TF.js's own float32 loss and the float64 re-evaluation agree to float32 accuracy.
  t.equal(fit.diagnostics.kind, 'adam');
  const reported = fit.diagnostics.kind === 'adam' ? fit.diagnostics.finalLossRmse : Number.NaN;
  t.match(fit.notes.join(' '), /as TF.js computed it: \S+/, 'and the note renders it');
  t.ok(Math.abs(reported / after - 1) < 1e-3, `float32 loss ${reported} vs float64 ${after}`);
});

t.test(
  'the float32 floor: rounding an accurate float64 fit to float32 costs accuracy, and the notes say how much',
  async (t) => {
    const unit = parseUnit('gqu');
    const data = trainingData(compileTarget('exp(x)', domain), domain, 2000, 0);
    const lsq = fitFrozenGateLeastSquares(
      analysedUnit(unit),
      splineInitialGates(80, domain),
      data.xTrain,
      data.yTrain,
      domain,
    );
    const float64Rmse = rootMeanSquareDifference(evaluateNetwork(unit, lsq.params, data.xTrain), data.yTrain);
    const fit = await trainAdam(unit, lsq.params, data.xTrain, data.yTrain, {
      epochs: 1,
      learningRate: 1e-12,
      finalLearningRate: 1e-12,
    });
    t.ok(
      fit.notes.some((n) => n.startsWith('float32 floor')),
      'float32 floor note present',
    );
    if (fit.diagnostics.kind !== 'adam') throw new Error('adam diagnostics expected');
    const [from, to] = [fit.diagnostics.startRmse, fit.diagnostics.roundedStartRmse];
    t.ok(Math.abs(from / float64Rmse - 1) < 1e-3, `note starts from the float64 RMSE ${float64Rmse.toExponential(3)}`);
    // exp(x) to a C1 cubic spline at n = 80 is far below float32 resolution (max|f| eps32 = 3e-7);
    // rounding the parameters to float32 puts the error back at the 1e-8..1e-7 floor, whatever n.
    t.ok(float64Rmse < 1e-9, `float64 fit ${float64Rmse.toExponential(3)}`);
    t.ok(to > 10 * from && to > 1e-8, `float32 rounding alone: ${from.toExponential(3)} -> ${to.toExponential(3)}`);
    const after = rootMeanSquareDifference(evaluateNetwork(unit, fit.params, data.xTrain), data.yTrain);
    t.ok(after > 1e-8, `adam's float32 network cannot keep the float64 accuracy: ${after.toExponential(3)}`);
  },
);
