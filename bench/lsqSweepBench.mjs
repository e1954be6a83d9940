#!/usr/bin/env node
// Wall time of the frozen-gate lsq solvers of this repository, banded against dense, float64, on dist/
// (run `npm run bench:solvers`, which builds first). Peers outside the repository: bench/pairedBench.mjs.
//
// Grids (seed 0, domain [-1, 1], frozen spline gates: knots over [-1.001, 1.001], directions alternating):
//   speedrun  mlp, glu, gqu x n = 1, 4, ..., 100 (102 runs), N = 2000,   target 1/(1+9*x^2)
//   paper     mlp, glu, gqu x n = 1, 4, ..., 100 (102 runs), N = 10000,  target 1/(1+cos(pi*x)^2)
// Rows:
//   banded    src/linalg/frozenGateSpline (B-splines, Givens QR), test RMSE from its fitted function on the
//             20001-point test grid; timed from compiling the target to the last test RMSE, median of --runs (5).
//   dense     src/train/frozenGateLeastSquares (dense pivoted QR, network re-evaluated), test RMSE from the
//             network on the same grid; timed once (it is slow), as the tool's lsq path before the banded solver.
//   pool      measureSweep (the tool's `measure --method lsq`, whatever solver it calls) with --jobs 1 and 2,
//             once each, speedrun grid only: the worker-pool speed-up.
// Accuracy: every (unit, n) compares banded and dense test RMSE: |difference| <= 1e-9 relative or 1e-14 absolute.
// Options: --runs K (default 5), --no-dense, --no-pool, --grid speedrun|paper.
import { availableParallelism, cpus } from 'node:os';
import { compileTarget } from '../dist/core/target.js';
import { parseUnit } from '../dist/core/unitForm.js';
import { splineInitialGates } from '../dist/network/splineInitialisation.js';
import { evaluateNetwork } from '../dist/network/evaluateNetwork.js';
import { rootMeanSquareDifference } from '../dist/core/testGrid.js';
import { analysedUnit } from '../dist/symbolic/analysedUnit.js';
import { trainingData } from '../dist/train/trainingData.js';
import { fitFrozenGateLeastSquares } from '../dist/train/frozenGateLeastSquares.js';
import { measureSweep } from '../dist/measure/measureSweep.js';
import { sortSample } from '../dist/linalg/sortedSample.js';
import { fitFrozenGateSpline } from '../dist/linalg/frozenGateSpline.js';
import { load, median, option } from './benchCommon.mjs';

const DOMAIN = [-1, 1];
const SEED = 0;
const UNITS = ['mlp', 'glu', 'gqu'];
const WIDTHS = Array.from({ length: 34 }, (_, i) => 1 + 3 * i);
const GRIDS = [
  { key: 'speedrun', target: '1/(1+9*x^2)', data: 2000, goalSeconds: 1 },
  { key: 'paper', target: '1/(1+cos(pi*x)^2)', data: 10000, goalSeconds: 3 },
];
const RELATIVE_TOLERANCE = 1e-9;
const ABSOLUTE_TOLERANCE = 1e-14;

const runs = Number(option('--runs', '5'));
const withDense = !process.argv.includes('--no-dense');
const withPool = !process.argv.includes('--no-pool');
const onlyGrid = option('--grid', null);

const seconds = (start) => (performance.now() - start) / 1000;

/** One pass over a grid with the banded solver; returns {seconds, rmse: Map("unit n" -> test RMSE), fallbacks}. */
function bandedGrid(grid) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const target = compileTarget(grid.target, DOMAIN);
  const data = trainingData(target, DOMAIN, grid.data, SEED);
  const sample = sortSample(data.xTrain, data.yTrain);
  const rmse = new Map();
  const fallbacks = [];
  for (const name of UNITS) {
    const unit = parseUnit(name);
    const family = analysedUnit(unit).frozenGate;
    for (const n of WIDTHS) {
      const gates = splineInitialGates(n, DOMAIN);
      const fit = fitFrozenGateSpline({
        sample,
        knots: gates.knots,
        gateWeights: gates.G,
        knotPower: family.knotPower,
        freeDegree: family.freeDegree,
        domain: DOMAIN,
      });
      if (fit.applicable) {
        rmse.set(`${name} ${n}`, rootMeanSquareDifference(fit.predict(data.xTest), data.yTest));
      } else {
        fallbacks.push(`${name} n=${n}: ${fit.reason}`);
        const dense = fitFrozenGateLeastSquares(analysedUnit(unit), gates, data.xTrain, data.yTrain, DOMAIN, 'dense');
        rmse.set(`${name} ${n}`, rootMeanSquareDifference(evaluateNetwork(unit, dense.params, data.xTest), data.yTest));
      }
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: seconds(start), cpuSeconds: (cpu.user + cpu.system) / 1e6, rmse, fallbacks };
}

/** One pass with the dense lsq path of src/train. */
function denseGrid(grid) {
  const start = performance.now();
  const target = compileTarget(grid.target, DOMAIN);
  const data = trainingData(target, DOMAIN, grid.data, SEED);
  const rmse = new Map();
  for (const name of UNITS) {
    const unit = parseUnit(name);
    for (const n of WIDTHS) {
      const gates = splineInitialGates(n, DOMAIN);
      const outcome = fitFrozenGateLeastSquares(analysedUnit(unit), gates, data.xTrain, data.yTrain, DOMAIN, 'dense');
      rmse.set(`${name} ${n}`, rootMeanSquareDifference(evaluateNetwork(unit, outcome.params, data.xTest), data.yTest));
    }
  }
  return { seconds: seconds(start), rmse };
}

async function poolSweep(grid, jobs) {
  const start = performance.now();
  const records = await measureSweep({
    units: UNITS,
    target: grid.target,
    widths: WIDTHS,
    method: 'lsq',
    data: grid.data,
    jobs,
  });
  return { seconds: seconds(start), records: records.length };
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`approx-order lsq sweep bench: Node ${process.version}, ${availableParallelism()} cores (${cpu})`);
console.log(
  `load average at start: ${load()} (wall times on a shared machine grow with it; CPU seconds are printed beside them)`,
);
let allAccurate = true;
for (const grid of GRIDS) {
  if (onlyGrid && grid.key !== onlyGrid) continue;
  console.log(
    `\n== ${grid.key} grid: ${UNITS.join(', ')} x n = 1, 4, ..., 100 (${UNITS.length * WIDTHS.length} runs), N = ${grid.data}, target ${grid.target}, float64`,
  );
  const passes = [];
  for (let r = 0; r < runs; r++) passes.push(bandedGrid(grid));
  const bandedSeconds = median(passes.map((p) => p.seconds));
  const banded = passes[0];
  const dense = withDense ? denseGrid(grid) : null;

  console.log(`\ntest RMSE on the 20001-point grid (banded${dense ? '; dense; |difference| relative' : ''})`);
  console.log(
    `${'n'.padStart(4)}  ${UNITS.map((u) => (dense ? `${u} banded / dense / rel diff` : `${u} banded`).padEnd(dense ? 42 : 14)).join('')}`,
  );
  let worstRelative = 0;
  for (const n of WIDTHS) {
    const cells = UNITS.map((u) => {
      const b = banded.rmse.get(`${u} ${n}`);
      if (!dense) return b.toExponential(6).padEnd(14);
      const d = dense.rmse.get(`${u} ${n}`);
      const difference = Math.abs(b - d);
      const ok = difference <= Math.max(RELATIVE_TOLERANCE * d, ABSOLUTE_TOLERANCE);
      if (!ok) allAccurate = false;
      worstRelative = Math.max(worstRelative, difference / d);
      return `${b.toExponential(6)} ${d.toExponential(6)} ${(difference / d).toExponential(1)}${ok ? ' ' : '!'}`.padEnd(
        42,
      );
    });
    console.log(`${String(n).padStart(4)}  ${cells.join('')}`);
  }
  if (banded.fallbacks.length > 0) console.log(`dense fallbacks: ${banded.fallbacks.join('; ')}`);

  console.log(`\nwall time, ${grid.key} grid (goal <= ${grid.goalSeconds} s)`);
  const cpuSeconds = median(passes.map((p) => p.cpuSeconds));
  console.log(
    `  banded lsq, median of ${runs} runs`.padEnd(47) +
      `${bandedSeconds.toFixed(3).padStart(6)} s   ${bandedSeconds <= grid.goalSeconds ? 'meets' : 'MISSES'} the goal (runs: ${passes.map((p) => p.seconds.toFixed(3)).join(', ')} s; median CPU ${cpuSeconds.toFixed(3)} s; load ${load()})`,
  );
  if (dense) {
    console.log(
      `  dense QR lsq, this machine (one run)`.padEnd(47) +
        `${dense.seconds.toFixed(2).padStart(6)} s   banded is ${(dense.seconds / bandedSeconds).toFixed(0)}x faster`,
    );
    console.log(
      `  worst banded-vs-dense test RMSE difference: ${worstRelative.toExponential(2)} relative (tolerance ${RELATIVE_TOLERANCE} relative or ${ABSOLUTE_TOLERANCE} absolute)`,
    );
  }
  if (withPool && grid.key === 'speedrun') {
    const one = await poolSweep(grid, 1);
    const two = await poolSweep(grid, 2);
    console.log(
      `  measure --method lsq --jobs 1 (tool's sweep, one run)`.padEnd(47) + `${one.seconds.toFixed(2).padStart(6)} s`,
    );
    console.log(
      `  measure --method lsq --jobs 2 (tool's sweep, one run)`.padEnd(47) +
        `${two.seconds.toFixed(2).padStart(6)} s   pool speed-up 1 -> 2 workers: ${(one.seconds / two.seconds).toFixed(2)}x`,
    );
  }
}
if (!allAccurate) {
  console.log('\nACCURACY FAILURE: banded and dense test RMSE differ beyond tolerance (marked !)');
  process.exitCode = 1;
}
