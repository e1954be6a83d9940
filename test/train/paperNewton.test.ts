import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { networkJacobian } from '../../src/network/networkJacobian.js';
import { parameterLayout } from '../../src/network/networkParams.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { trainingData } from '../../src/train/trainingData.js';
import { fitFrozenGateLeastSquares } from '../../src/train/frozenGateLeastSquares.js';
import { torchStyleSplineParams } from '../../src/train/initialParams.js';
import { paperNewton, paperNewtonRefusal, paperNewtonStages } from '../../src/train/paperNewton.js';
import type { PaperNewtonDiagnostics } from '../../src/train/trainingOutcome.js';

const domain = [-1, 1] as const;

t.test("the reference's stage order: D; D, U; D, U, Q, Q; generalised to any unit", async (t) => {
  t.same(paperNewtonStages(parseUnit('mlp')), ['D']);
  t.same(paperNewtonStages(parseUnit('glu')), ['D', 'U']);
  t.same(paperNewtonStages(parseUnit('gqu')), ['D', 'U', 'Q', 'Q']);
  t.same(paperNewtonStages(parseUnit('relu2')), ['D']);
  t.same(paperNewtonStages(parseUnit('relu(g)*u*v*w')), ['D', 'U', 'V', 'W', 'W']);
  t.equal(paperNewtonRefusal(parseUnit('gqu')), null);
  t.match(paperNewtonRefusal(parseUnit('relu(g)*u^2')), /u\^2/);
});

t.test('torch-style start: spline gates, maps in U(-1, 1), output layer in U(-1/sqrt(n), 1/sqrt(n))', async (t) => {
  const n = 50;
  const p = torchStyleSplineParams(parseUnit('gqu'), n, domain, 3);
  t.same(Array.from(p.maps.g.weight), Array.from(splineInitialGates(n, domain).G));
  for (const values of [p.maps.u.weight, p.maps.u.bias, p.maps.q.weight, p.maps.q.bias])
    t.ok(
      values.every((v) => Math.abs(v) <= 1),
      'maps within 1',
    );
  t.ok(
    [...p.D, p.d].every((v) => Math.abs(v) <= 1 / Math.sqrt(n)),
    'output layer within 1/sqrt(n)',
  );
  t.ok(Math.max(...p.maps.u.weight.map(Math.abs)) > 0.8, 'the maps fill their interval');
});

t.test(
  'one D stage equals the exact least-squares solve of its linear problem (MLP: D, d with frozen gates)',
  async (t) => {
    const unit = parseUnit('mlp');
    const data = trainingData(compileTarget('1/(1+9*x^2)', domain), domain, 2000, 1);
    const n = 7; // odd: the last neuron faces away from the data (a zero row, dropped), no duplicate edge neurons
    const fit = paperNewton(unit, torchStyleSplineParams(unit, n, domain, 0), data.xTrain, data.yTrain);
    const lsq = fitFrozenGateLeastSquares(
      analysedUnit(unit),
      splineInitialGates(n, domain),
      data.xTrain,
      data.yTrain,
      domain,
    );
    const d = fit.diagnostics as PaperNewtonDiagnostics;
    t.equal(d.stages.length, 1);
    t.equal(d.stages[0].kept, n, `one of ${n + 1} parameters dropped as a zero row`);
    t.equal(d.stages[0].pseudoInverse, false, `condition ${d.stages[0].condition.toExponential(2)} <= 1e12`);
    const mine = evaluateNetwork(unit, fit.params, data.xTest);
    const exact = lsq.fitted!.predict(data.xTest);
    const worst = Math.max(...mine.map((v, i) => Math.abs(v - exact[i])));
    // Normal equations lose cond * eps: with condition ~1e4 here, 1e-9 of max|f| = 1 is ample.
    t.ok(worst <= 1e-9, `max |paper-newton - lsq| on the test grid ${worst.toExponential(2)} <= 1e-9`);
  },
);

t.test(
  'every stage ends at its own least-squares optimum: the gradient of the last U stage vanishes (GLU)',
  async (t) => {
    const unit = parseUnit('glu');
    const data = trainingData(compileTarget('sin(3*x)', domain), domain, 2000, 2);
    const n = 9;
    const fit = paperNewton(unit, torchStyleSplineParams(unit, n, domain, 1), data.xTrain, data.yTrain);
    const d = fit.diagnostics as PaperNewtonDiagnostics;
    t.same(
      d.stages.map((s) => s.stage),
      ['D', 'U'],
    );
    t.ok(
      d.stages.every((s) => s.step === 1 && s.strongWolfe && s.evaluations === 1),
      'each Newton step accepted at t = 1',
    );
    t.ok(!d.stages[1].pseudoInverse, `U stage condition ${d.stages[1].condition.toExponential(2)}`);
    const J = networkJacobian(unit, fit.params, data.xTrain);
    const N = data.xTrain.length;
    const r = evaluateNetwork(unit, fit.params, data.xTrain).map((v, i) => v - data.yTrain[i]);
    const rNorm = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
    const layout = parameterLayout(unit, n);
    let cosine = 0;
    for (let i = 0; i < n; i++)
      for (const column of [layout.weight(1, i), layout.bias(1, i)]) {
        let dot = 0;
        let norm = 0;
        for (let k = 0; k < N; k++) {
          dot += J[k + column * N] * r[k];
          norm += J[k + column * N] ** 2;
        }
        if (norm > 0) cosine = Math.max(cosine, Math.abs(dot) / (Math.sqrt(norm) * rNorm));
      }
    t.ok(cosine <= 1e-8, `largest cosine between the residual and a U column ${cosine.toExponential(2)} <= 1e-8`);
  },
);

t.test('more passes never raise the loss: every stage is a descent step with a Wolfe line search (GQU)', async (t) => {
  const unit = parseUnit('gqu');
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 2000, 0);
  const fit = paperNewton(unit, torchStyleSplineParams(unit, 12, domain, 0), data.xTrain, data.yTrain, { passes: 3 });
  const d = fit.diagnostics as PaperNewtonDiagnostics;
  t.equal(d.stages.length, 12);
  t.equal(fit.iterations, 12);
  t.match(fit.stopReason, /3 passes of stages D, U, Q, Q/);
  for (const s of d.stages) t.ok(s.lossAfter <= s.lossBefore, `${s.stage}: ${s.lossBefore} -> ${s.lossAfter}`);
  t.ok(d.finalLoss < d.startLoss);
});
