#!/usr/bin/env node
// Levenberg-Marquardt (`--method lm`) against scipy.optimize.least_squares (method 'trf', analytic Jacobian,
// x_scale 1, one BLAS thread) as a live peer, on dist/ (run `npm run bench`, which builds first).
//
// Problem: GLU at n = 32, 64, 128 on the paper target 1/(1+cos(pi*x)^2), N = 10,000, seed 0, domain [-1, 1],
// started from the frozen-gate lsq solution (spline gates). Both sides stop on their own default tolerances
// (ours: LM_DEFAULTS with maxIterations raised to 500 so the cap is not what stops it; trf: ftol = xtol =
// gtol = 1e-8), except that trf gets at most as many residual evaluations as ours used (our damped solves
// + 1, an upper bound on our evaluations): with its default max_nfev = 100 P, trf at n = 32 ran past 300 s
// of wall time on this loaded machine without stopping. Alternating ours / peer, --runs K times (default 3), median seconds; the
// peer's time is the least_squares call alone, measured in Python. The load average is printed with each row.
// Options: --runs K, --widths a,b,c. Goals (printed, not asserted): time <= 1/3 of trf's; train RMSE <= 1.01 x trf's.
// Skipped with a message when python3 with numpy and scipy is not present.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileTarget } from '../dist/core/target.js';
import { parseUnit } from '../dist/core/unitForm.js';
import { analysedUnit } from '../dist/symbolic/analysedUnit.js';
import { splineInitialGates } from '../dist/network/splineInitialisation.js';
import { evaluateNetwork } from '../dist/network/evaluateNetwork.js';
import { rootMeanSquareDifference } from '../dist/core/testGrid.js';
import { trainingData } from '../dist/train/trainingData.js';
import { fitFrozenGateLeastSquares } from '../dist/train/frozenGateLeastSquares.js';
import { levenbergMarquardt } from '../dist/train/levenbergMarquardt.js';
import { load, median, ONE_THREAD, option } from './benchCommon.mjs';

const DOMAIN = [-1, 1];
const WIDTHS = option('--widths', '32,64,128').split(',').map(Number);
const MAX_ITERATIONS = 500;
const PEER = fileURLToPath(new URL('./lmScipyPeer.py', import.meta.url));

const runs = Number(option('--runs', '3'));
/** scipy least_squares' status codes: why trf stopped */
const TRF_STATUS = {
  0: 'stopped at max_nfev',
  1: 'stopped on gtol',
  2: 'stopped on ftol',
  3: 'stopped on xtol',
  4: 'stopped on ftol and xtol',
};

const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log('LM bench skipped: python3 with numpy and scipy is not available (the peer is scipy least_squares trf)');
  process.exit(0);
}

const unit = parseUnit('glu');
const target = compileTarget('1/(1+cos(pi*x)^2)', DOMAIN);
const data = trainingData(target, DOMAIN, 10000, 0);
console.log(`LM vs scipy least_squares trf (1 BLAS thread), GLU, paper target, N = ${data.xTrain.length}, lsq start`);
console.log('   n   ours s    trf s   ratio   ours RMSE    trf RMSE  RMSE ratio  ours stop (iterations)        load');
for (const n of WIDTHS) {
  const start = fitFrozenGateLeastSquares(
    analysedUnit(unit),
    splineInitialGates(n, DOMAIN),
    data.xTrain,
    data.yTrain,
    DOMAIN,
  ).params;
  const theta = [
    ...start.maps.g.weight,
    ...start.maps.g.bias,
    ...start.maps.u.weight,
    ...start.maps.u.bias,
    ...start.D,
    start.d,
  ];
  const problemOf = (maxEvaluations) =>
    JSON.stringify({ n, xs: Array.from(data.xTrain), ys: Array.from(data.yTrain), theta, maxEvaluations });
  const ours = [];
  const peer = [];
  let ourFit = null;
  let peerFit = null;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    ourFit = levenbergMarquardt(unit, start, data.xTrain, data.yTrain, { maxIterations: MAX_ITERATIONS });
    ours.push((performance.now() - t0) / 1000);
    const child = spawnSync('python3', [PEER], {
      input: problemOf(ourFit.diagnostics.dampedSolves + 1),
      encoding: 'utf8',
      env: { ...process.env, ...ONE_THREAD },
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`scipy peer failed: ${child.stderr}`);
    peerFit = JSON.parse(child.stdout);
    peer.push(peerFit.seconds);
  }
  const ourRmse = rootMeanSquareDifference(evaluateNetwork(unit, ourFit.params, data.xTrain), data.yTrain);
  const ourTime = median(ours);
  const peerTime = median(peer);
  const timeRatio = ourTime / peerTime;
  const rmseRatio = ourRmse / peerFit.rmse;
  const verdict = `${timeRatio <= 1 / 3 ? 'time ok' : 'time > 1/3'}, ${rmseRatio <= 1.01 ? 'RMSE ok' : 'RMSE > 1.01x'}`;
  console.log(
    `${String(n).padStart(4)} ${ourTime.toFixed(2).padStart(8)} ${peerTime.toFixed(2).padStart(8)} ${timeRatio.toFixed(3).padStart(7)}` +
      ` ${ourRmse.toExponential(4).padStart(11)} ${peerFit.rmse.toExponential(4).padStart(11)} ${rmseRatio.toFixed(3).padStart(11)}` +
      `  ${`${ourFit.stopReason} (${ourFit.iterations})`.padEnd(28)} ${load()}   [trf nfev ${peerFit.nfev}, ${TRF_STATUS[peerFit.status] ?? `status ${peerFit.status}`}; ${verdict}]`,
  );
}
