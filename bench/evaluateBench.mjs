#!/usr/bin/env node
// The construct phase's hot spot: evaluating a constructed network on the 20001-point test grid.
// The 1-D relu loop of evaluateNetwork against the generic closure loop (evaluateNetworkByFactors,
// the evaluator every network used before), in the same run, alternating, median of --runs, with the
// load average before and after. Both return the same float64 values (test/network/evaluateNetwork.test.ts).
// Options: --runs K (default 5), --width n (default 256).
import { parseUnit } from '../dist/core/unitForm.js';
import { analysedUnit } from '../dist/symbolic/analysedUnit.js';
import { compileTarget } from '../dist/core/target.js';
import { constructNetwork } from '../dist/construct/constructNetwork.js';
import { evaluateNetwork, evaluateNetworkByFactors } from '../dist/network/evaluateNetwork.js';
import { uniformGrid } from '../dist/core/testGrid.js';
import { load, median, option } from './benchCommon.mjs';

const runs = Number(option('--runs', '5'));
const n = Number(option('--width', '256'));
const domain = [-1, 1];
const target = compileTarget('1/(1+cos(pi*x)^2)', domain);
const xs = uniformGrid(domain, 20001);
const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

console.log(`evaluate a constructed network at n = ${n} on 20001 points, median of ${runs}; load average ${load()}`);
console.log('unit           generic ms   relu-1d ms   generic/relu-1d');
for (const name of ['mlp', 'glu', 'gqu', 'relu(g)^3*u']) {
  const analysed = analysedUnit(parseUnit(name));
  const { params } = constructNetwork(analysed, target, n);
  const generic = [];
  const fast = [];
  for (let r = 0; r < runs; r++) {
    generic.push(time(() => evaluateNetworkByFactors(analysed.form, params, xs)));
    fast.push(time(() => evaluateNetwork(analysed.form, params, xs)));
  }
  const [g, f] = [median(generic), median(fast)];
  console.log(
    `${name.padEnd(14)} ${g.toFixed(1).padStart(10)} ${f.toFixed(1).padStart(12)} ${(g / f).toFixed(2).padStart(17)}`,
  );
}
console.log(`load average after: ${load()}`);
