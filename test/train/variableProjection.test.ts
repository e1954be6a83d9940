import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { sortSample } from '../../src/linalg/sortedSample.js';
import { trainingData } from '../../src/train/trainingData.js';
import { fitFrozenGateLeastSquares, solveFrozenGateFamily } from '../../src/train/frozenGateLeastSquares.js';
import { randomGates } from '../../src/train/initialParams.js';
import { compressedFrozenGateDesign, solveCompressedFrozenGate } from '../../src/train/compressedFrozenGateDesign.js';
import { kaufmanKnotJacobian } from '../../src/train/kaufmanKnotJacobian.js';
import { variableProjection } from '../../src/train/variableProjection.js';
import { rootMeanSquareDifference } from '../../src/core/testGrid.js';
import type { VariableProjectionDiagnostics } from '../../src/train/trainingOutcome.js';

const domain = [-1, 1] as const;
const UNITS = ['mlp', 'glu', 'gqu', 'relu2', 'relu3'] as const;

/** Knots from the spline start moved off the uniform grid (directions kept), as VarPro sees them mid-run. */
function movedKnots(n: number, seed: number): { knots: Float64Array; directions: Float64Array } {
  const gates = splineInitialGates(n, domain);
  const rng = seededRandom(seed);
  const knots = Float64Array.from(gates.knots, (k, i) =>
    i === 0 || i === n - 1 ? k : k + 0.2 * (2 / n) * rng.normal(),
  );
  return { knots, directions: gates.G };
}

function innerLoss(
  unit: string,
  knots: Float64Array,
  directions: Float64Array,
  xs: Float64Array,
  ys: Float64Array,
): number {
  const gates = { G: directions, g: Float64Array.from(knots, (k, i) => -directions[i] * k) };
  return solveFrozenGateFamily(analysedUnit(parseUnit(unit)).frozenGate!, gates, xs, ys, domain).residualSquares;
}

t.test("VarPro's first iterate is frozen-gate lsq at its starting gates", async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 2000, 0);
  for (const name of UNITS) {
    const analysed = analysedUnit(parseUnit(name));
    const gates = splineInitialGates(10, domain);
    const lsq = fitFrozenGateLeastSquares(analysed, gates, data.xTrain, data.yTrain, domain);
    const start = variableProjection(analysed, gates, data.xTrain, data.yTrain, domain, { maxIterations: 0 });
    const d = start.diagnostics as VariableProjectionDiagnostics;
    const lsqLoss = lsq.fitted!.trainRmse ** 2 * data.xTrain.length;
    t.ok(Math.abs(d.startLoss - lsqLoss) <= 1e-12 * lsqLoss, `${name}: start loss ${d.startLoss} = lsq ${lsqLoss}`);
    t.same(Array.from(start.params.D), Array.from(lsq.params.D), `${name}: the same network parameters`);
    t.equal(start.iterations, 0);
  }
});

t.test('VarPro never ends above its start, and every accepted step lowers the exact projected loss', async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 2000, 0);
  for (const name of UNITS) {
    const analysed = analysedUnit(parseUnit(name));
    for (const [label, gates] of [
      ['spline', splineInitialGates(8, domain)],
      ['random', randomGates(8, domain, 1)],
    ] as const) {
      const fit = variableProjection(analysed, gates, data.xTrain, data.yTrain, domain, { maxIterations: 12 });
      const d = fit.diagnostics as VariableProjectionDiagnostics;
      const history = d.lossHistory;
      t.ok(
        history.every((v, k) => k === 0 || v < history[k - 1]),
        `${name} from ${label}: loss strictly decreasing over ${history.length - 1} accepted steps`,
      );
      const lsq = fitFrozenGateLeastSquares(analysed, gates, data.xTrain, data.yTrain, domain);
      const after = rootMeanSquareDifference(evaluateNetwork(analysed.form, fit.params, data.xTrain), data.yTrain);
      const before = rootMeanSquareDifference(evaluateNetwork(analysed.form, lsq.params, data.xTrain), data.yTrain);
      t.ok(
        after <= before,
        `${name} from ${label}: train RMSE ${after.toExponential(4)} <= lsq at the start ${before.toExponential(4)}`,
      );
      // lsq's network read-off matches its spline to ~1e-9 of max|f| per point (its own check), i.e. ~1e-6 of
      // a loss whose RMSE is ~1e-3: the reported network carries VarPro's final loss to that accuracy.
      t.ok(
        Math.abs(after ** 2 * data.xTrain.length - d.finalLoss) <= 1e-6 * d.finalLoss,
        `${name}: the network carries the final loss (${(after ** 2 * data.xTrain.length).toExponential(8)} vs ${d.finalLoss.toExponential(8)})`,
      );
    }
  }
});

t.test("Kaufman's J_K^T r is the exact gradient of the projected loss (central differences, test only)", async (t) => {
  const data = trainingData(compileTarget('1/(1+cos(pi*x)^2)', domain), domain, 1500, 3);
  const { xs, ys } = sortSample(data.xTrain, data.yTrain);
  for (const name of UNITS) {
    const family = analysedUnit(parseUnit(name)).frozenGate!;
    const n = 9;
    const { knots, directions } = movedKnots(n, 5);
    const design = compressedFrozenGateDesign(family, knots, directions, xs, ys, domain);
    const inner = solveCompressedFrozenGate(design);
    const jac = kaufmanKnotJacobian(family, design, knots, directions, inner.coefficients, domain, inner.solution.rank);
    let worst = 0;
    let scale = 0;
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      let g = 0;
      for (let k = 0; k < jac.rows; k++) g += jac.matrix[k + i * jac.rows] * jac.residual[k];
      const plus = Float64Array.from(knots);
      const minus = Float64Array.from(knots);
      plus[i] += h;
      minus[i] -= h;
      const difference =
        (innerLoss(name, plus, directions, xs, ys) - innerLoss(name, minus, directions, xs, ys)) / (2 * h);
      worst = Math.max(worst, Math.abs(2 * g - difference));
      scale = Math.max(scale, Math.abs(difference));
    }
    // Central differences: truncation ~h^2, rounding ~eps loss / h ~ 1e-10 here.
    t.ok(
      worst <= 1e-6 * scale,
      `${name}: max |2 J_K^T r - difference| ${worst.toExponential(2)} vs max |gradient| ${scale.toExponential(2)}`,
    );
  }
});

t.test(
  "at a zero-residual point Kaufman's Jacobian is the exact Jacobian: J_K^T J_K against differences of the residual",
  async (t) => {
    const xs = trainingData(compileTarget('x', domain), domain, 1200, 4).xTrain.sort();
    for (const name of ['glu', 'relu2', 'gqu'] as const) {
      const analysed = analysedUnit(parseUnit(name));
      const family = analysed.frozenGate!;
      const n = 6;
      const { knots, directions } = movedKnots(n, 9);
      // Data from a network of this family at these knots: the projected residual vanishes at them.
      const gates = { G: directions, g: Float64Array.from(knots, (k, i) => -directions[i] * k) };
      const truthFit = fitFrozenGateLeastSquares(
        analysed,
        gates,
        xs,
        xs.map((x) => Math.sin(3 * x)),
        domain,
      );
      const ys = evaluateNetwork(analysed.form, truthFit.params, xs);
      const design = compressedFrozenGateDesign(family, knots, directions, xs, ys, domain);
      const inner = solveCompressedFrozenGate(design);
      const jac = kaufmanKnotJacobian(
        family,
        design,
        knots,
        directions,
        inner.coefficients,
        domain,
        inner.solution.rank,
      );
      const residualAt = (k: Float64Array): Float64Array => {
        const g = { G: directions, g: Float64Array.from(k, (v, i) => -directions[i] * v) };
        const fit = fitFrozenGateLeastSquares(analysed, g, xs, ys, domain);
        return evaluateNetwork(analysed.form, fit.params, xs).map((v, p) => v - ys[p]);
      };
      const h = 1e-7;
      const columns = Array.from({ length: n }, (_, i) => {
        const plus = Float64Array.from(knots);
        const minus = Float64Array.from(knots);
        plus[i] += h;
        minus[i] -= h;
        const rp = residualAt(plus);
        const rm = residualAt(minus);
        return rp.map((v, p) => (v - rm[p]) / (2 * h));
      });
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let exact = 0;
          for (let p = 0; p < xs.length; p++) exact += columns[i][p] * columns[j][p];
          let kaufman = 0;
          for (let k = 0; k < jac.rows; k++) kaufman += jac.matrix[k + i * jac.rows] * jac.matrix[k + j * jac.rows];
          worst = Math.max(worst, Math.abs(exact - kaufman));
          scale = Math.max(scale, Math.abs(exact));
        }
      t.ok(
        worst <= 1e-5 * scale,
        `${name}: max |J^T J (differences) - J_K^T J_K| ${worst.toExponential(2)} vs ${scale.toExponential(2)}`,
      );
    }
  },
);
