#!/usr/bin/env node
// Adam (`--method adam`, src/train/adamTrainer.ts: TF.js float32, the backend it loads) against a plain numpy
// float32 Adam doing the same arithmetic per epoch (bench/adamNumpyPeer.py: same network, analytic gradient of
// the same mean squared error, full batch, beta1 0.9, beta2 0.999, epsilon 1e-7, the same exponential
// learning-rate schedule 1e-2 -> 1e-4), one BLAS thread, as a live peer, on dist/ (run `npm run bench`,
// which builds first).
//
// Problem: mlp and glu at n = 16 and 64 on the paper target 1/(1+cos(pi*x)^2), N = 10,000, seed 0, domain
// [-1, 1], from the spline start (splineInitialParams, seed 0), --epochs E (default 200; the schedule decays
// over those E epochs on both sides). Start parameters and training data go to python through a temp JSON
// file. Alternating ours / peer, --runs K times (default 3), median seconds; ours is the whole trainAdam call
// (TF.js already loaded by an untimed 2-epoch warm-up), the peer's is its training loop alone, measured in
// Python. The load average is printed with each row. Both final train RMSEs are computed by the same float64
// evaluator (evaluateNetwork) from the float32 parameters each side returns; they agree to float32 rounding,
// amplified by the E nonlinear steps, not bitwise (different summation orders).
// Options: --runs K, --epochs E, --widths a,b, --units mlp,glu. Skipped with a message when python3 with numpy
// is not present.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTarget } from '../dist/core/target.js';
import { parseUnit } from '../dist/core/unitForm.js';
import { evaluateNetwork } from '../dist/network/evaluateNetwork.js';
import { namedParameterArray, parameterNames, zeroParams } from '../dist/network/networkParams.js';
import { rootMeanSquareDifference } from '../dist/core/testGrid.js';
import { trainingData } from '../dist/train/trainingData.js';
import { splineInitialParams } from '../dist/train/initialParams.js';
import { trainAdam, ADAM_DEFAULTS } from '../dist/train/adamTrainer.js';
import { load, median, ONE_THREAD, option } from './benchCommon.mjs';

const DOMAIN = [-1, 1];
const PEER = fileURLToPath(new URL('./adamNumpyPeer.py', import.meta.url));

const runs = Number(option('--runs', '3'));
const epochs = Number(option('--epochs', '200'));
const widths = option('--widths', '16,64').split(',').map(Number);
const units = option('--units', 'mlp,glu').split(',');

const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log('Adam bench skipped: python3 with numpy is not available (the peer is a numpy float32 Adam)');
  process.exit(0);
}

const target = compileTarget('1/(1+cos(pi*x)^2)', DOMAIN);
const data = trainingData(target, DOMAIN, 10000, 0);
const schedule = {
  epochs,
  learningRate: ADAM_DEFAULTS.learningRate,
  finalLearningRate: ADAM_DEFAULTS.finalLearningRate,
};
const dir = mkdtempSync(join(tmpdir(), 'adam-bench-'));
const problemFile = join(dir, 'problem.json');
const warmUp = await trainAdam(
  parseUnit('glu'),
  splineInitialParams(parseUnit('glu'), 4, DOMAIN, 0),
  data.xTrain,
  data.yTrain,
  {
    epochs: 2,
  },
);
console.log(
  `Adam vs numpy float32 Adam (1 BLAS thread), paper target, N = ${data.xTrain.length}, spline start (seed 0), ` +
    `${epochs} epochs, lr ${schedule.learningRate} -> ${schedule.finalLearningRate}, ours on ${warmUp.backend}, median of ${runs}`,
);
console.log(
  'unit   n  ours ep/s  numpy ep/s  ours/numpy   ours RMSE  numpy RMSE  RMSE rel diff  max|dp|/max|p|        load',
);
try {
  for (const unitName of units) {
    const unit = parseUnit(unitName);
    for (const n of widths) {
      const start = splineInitialParams(unit, n, DOMAIN, 0);
      const names = parameterNames(unit);
      const startJson = Object.fromEntries(names.map((name) => [name, Array.from(namedParameterArray(start, name))]));
      startJson.d = start.d;
      writeFileSync(
        problemFile,
        JSON.stringify({
          unit: unitName,
          n,
          xs: Array.from(data.xTrain),
          ys: Array.from(data.yTrain),
          start: startJson,
          ...schedule,
        }),
      );
      const ours = [];
      const peer = [];
      let ourFit = null;
      let peerFit = null;
      for (let run = 0; run < runs; run++) {
        const t0 = performance.now();
        ourFit = await trainAdam(unit, start, data.xTrain, data.yTrain, schedule);
        ours.push((performance.now() - t0) / 1000);
        const child = spawnSync('python3', [PEER, problemFile], {
          encoding: 'utf8',
          env: { ...process.env, ...ONE_THREAD },
          maxBuffer: 1 << 24,
        });
        if (child.status !== 0) throw new Error(`numpy peer failed: ${child.stderr}`);
        peerFit = JSON.parse(child.stdout);
        peer.push(peerFit.seconds);
      }
      const peerParams = zeroParams(unit, n);
      for (const name of names) namedParameterArray(peerParams, name).set(peerFit.params[name]);
      peerParams.d = peerFit.params.d[0];
      const ourRmse = rootMeanSquareDifference(evaluateNetwork(unit, ourFit.params, data.xTrain), data.yTrain);
      const peerRmse = rootMeanSquareDifference(evaluateNetwork(unit, peerParams, data.xTrain), data.yTrain);
      let maxDiff = Math.abs(ourFit.params.d - peerParams.d);
      let maxParam = Math.abs(peerParams.d);
      for (const name of names) {
        const a = namedParameterArray(ourFit.params, name);
        const b = namedParameterArray(peerParams, name);
        for (let i = 0; i < a.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
          maxParam = Math.max(maxParam, Math.abs(b[i]));
        }
      }
      const ourRate = epochs / median(ours);
      const peerRate = epochs / median(peer);
      console.log(
        `${unitName.padEnd(4)} ${String(n).padStart(3)} ${ourRate.toFixed(1).padStart(10)} ${peerRate.toFixed(1).padStart(11)}` +
          ` ${(ourRate / peerRate).toFixed(3).padStart(11)} ${ourRmse.toExponential(4).padStart(11)} ${peerRmse.toExponential(4).padStart(11)}` +
          ` ${(Math.abs(ourRmse - peerRmse) / peerRmse).toExponential(2).padStart(14)} ${(maxDiff / maxParam).toExponential(2).padStart(15)}  ${load()}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
