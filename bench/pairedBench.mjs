#!/usr/bin/env node
// npm run bench: the tool against live peers, measured in the same run, runs alternating, with the
// load average printed beside every section (the machine may be shared; a ratio from one run is
// only as good as the load was steady, so each section prints the load before and after it).
//
//   start-up      whole process: `node -e 0`, `approx-order --help`, `approx-order analyze glu --json`
//   lsq grid      the paper grid: mlp, glu, gqu x n = 1, 4, ..., 100 (102 fits), N = 10000, seed 0,
//                 target 1/(1+cos(pi*x)^2), test RMSE on the 20001-point grid, against
//                   scipy make_lsq_spline (banded B-spline least squares; gqu's spline space is the
//                     C1 cubic spline space, a little larger than the network's, so its RMSE differs)
//                   numpy lstsq (dense design, LAPACK gelsd; the network's own columns)
//                 whole process (node bin/approx-order.js measure ... against python3 bench/peers.py)
//                 and in process (measureSweep from dist/ against the peers' own clock, which starts
//                 after their imports and reading the data), each the median of --runs.
// The peers run on bench/peers.py with python3, numpy and scipy; without them they are skipped with
// a message. BLAS runs single-threaded (OPENBLAS_NUM_THREADS=1 and friends), as the tool does: on a
// loaded 2-core machine a threaded BLAS spends its time waiting (numpy lstsq took 760 s so, 40 s not).
// Options: --runs K (default 3), --no-lstsq (numpy's dense solve is the slow one), --no-startup.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTarget } from '../dist/core/target.js';
import { trainingData } from '../dist/train/trainingData.js';
import { measureSweep } from '../dist/measure/measureSweep.js';
import { load, median, ONE_THREAD, option } from './benchCommon.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
const runs = Number(option('--runs', '3'));
const TARGET = '1/(1+cos(pi*x)^2)';
const DOMAIN = [-1, 1];
const DATA = 10000;
const WIDTHS = Array.from({ length: 34 }, (_, i) => 1 + 3 * i);
const UNITS = ['mlp', 'glu', 'gqu'];

const fmt = (s) => `${s.toFixed(3)} s`;

/** Wall seconds of one child process; throws on a non-zero exit. */
function timed(command, args, env = {}) {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

/** Run each contender once per round, in turn, for `runs` rounds; returns seconds and last output per contender. */
function alternate(contenders) {
  const out = Object.fromEntries(contenders.map((c) => [c.label, { seconds: [], last: null }]));
  for (let r = 0; r < runs; r++)
    for (const c of contenders) {
      const result = c.run();
      out[c.label].seconds.push(result.seconds);
      out[c.label].last = result;
    }
  return out;
}

function printRows(results, reference) {
  const ref = median(results[reference].seconds);
  for (const [label, { seconds }] of Object.entries(results)) {
    const m = median(seconds);
    const ratio = label === reference ? '' : `   ${(m / ref).toFixed(2)}x ${reference}`;
    console.log(
      `  ${label.padEnd(44)} ${fmt(m).padStart(9)}   (runs ${seconds.map((s) => s.toFixed(2)).join(', ')})${ratio}`,
    );
  }
}

function ratioLines(results, tool, peers) {
  const t = median(results[tool].seconds);
  for (const peer of peers) {
    if (!results[peer]) continue;
    const p = median(results[peer].seconds);
    console.log(`  ${tool} / ${peer}: ${(t / p).toFixed(2)}   (${peer} / ${tool}: ${(p / t).toFixed(2)}x)`);
  }
}

const python = spawnSync('python3', ['-c', 'import numpy, scipy; print(numpy.__version__, scipy.__version__)'], {
  encoding: 'utf8',
});
const peersAvailable = python.status === 0;

console.log(
  `approx-order paired bench: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
);
console.log(
  peersAvailable
    ? `peers: python3 with numpy ${python.stdout.trim().split(' ')[0]}, scipy ${python.stdout.trim().split(' ')[1]} (BLAS single-threaded)`
    : 'peers: SKIPPED (python3 with numpy and scipy not found); only the tool is timed',
);
console.log(`load average at start: ${load()}; each time is the median of ${runs} runs, contenders alternating`);

if (!process.argv.includes('--no-startup')) {
  console.log(`\n== start-up, whole process (load ${load()})`);
  const startup = alternate([
    { label: 'node -e 0', run: () => timed(process.execPath, ['-e', '0']) },
    { label: 'approx-order --help', run: () => timed(process.execPath, [bin, '--help']) },
    { label: 'approx-order analyze glu --json', run: () => timed(process.execPath, [bin, 'analyze', 'glu', '--json']) },
  ]);
  printRows(startup, 'node -e 0');
  console.log(`  (load at end ${load()})`);
}

console.log(
  `\n== lsq paper grid: ${UNITS.join(', ')} x n = 1, 4, ..., 100 (${UNITS.length * WIDTHS.length} fits), N = ${DATA}, target ${TARGET} (load ${load()})`,
);
const scratch = mkdtempSync(join(tmpdir(), 'approx-order-bench-'));
try {
  const data = trainingData(compileTarget(TARGET, DOMAIN), DOMAIN, DATA, 0);
  const xFile = join(scratch, 'x.f64');
  writeFileSync(xFile, Buffer.from(data.xTrain.buffer));
  const widthList = WIDTHS.join(',');
  const toolArgs = [
    bin,
    'measure',
    ...UNITS,
    '--widths',
    '1:100:3',
    '--method',
    'lsq',
    '--data-size',
    String(DATA),
    '--json',
    '--target',
    TARGET,
  ];
  const peer = (method) => () => {
    const r = timed('python3', [join(root, 'bench/peers.py'), method, xFile, widthList, TARGET], ONE_THREAD);
    return { ...r, inProcess: JSON.parse(r.stdout) };
  };
  const tool = { label: 'approx-order measure --method lsq', run: () => timed(process.execPath, toolArgs) };
  const contenders = [tool];
  if (peersAvailable) {
    contenders.push({ label: 'scipy make_lsq_spline', run: peer('lsq_spline') });
    if (!process.argv.includes('--no-lstsq')) contenders.push({ label: 'numpy lstsq', run: peer('lstsq') });
  }
  const inProcess = {
    label: 'approx-order measureSweep (in process)',
    run: () => {
      const start = performance.now();
      return measureSweep({ units: UNITS, target: TARGET, widths: WIDTHS, method: 'lsq', data: DATA, jobs: 1 }).then(
        (records) => ({ seconds: (performance.now() - start) / 1000, records }),
      );
    },
  };
  const whole = alternate(contenders);
  // in process: the tool's sweep alternating with the peers' in-process clocks (taken from the runs above
  // would not alternate, so the peers run again here)
  const inside = { [inProcess.label]: { seconds: [], last: null } };
  for (let r = 0; r < runs; r++) {
    const result = await inProcess.run();
    inside[inProcess.label].seconds.push(result.seconds);
    inside[inProcess.label].last = result;
    for (const c of contenders.slice(1)) {
      const label = `${c.label} (in process)`;
      inside[label] ??= { seconds: [], last: null };
      const peerRun = c.run();
      inside[label].seconds.push(peerRun.inProcess.seconds);
      inside[label].last = peerRun;
    }
  }
  console.log('whole process:');
  printRows(whole, tool.label);
  ratioLines(whole, tool.label, ['scipy make_lsq_spline', 'numpy lstsq']);
  console.log('in process (start-up and imports excluded):');
  printRows(inside, inProcess.label);
  ratioLines(inside, inProcess.label, ['scipy make_lsq_spline (in process)', 'numpy lstsq (in process)']);
  console.log(`  (load at end ${load()})`);

  // agreement: the same optimum (lstsq, the network's own columns) or the same space (make_lsq_spline; not gqu's)
  const toolRmse = new Map(JSON.parse(whole[tool.label].last.stdout).map((r) => [`${r.unit} ${r.n}`, r.testRmse]));
  for (const label of ['scipy make_lsq_spline', 'numpy lstsq']) {
    if (!whole[label]) continue;
    const peerRmse = whole[label].last.inProcess.rmse;
    const worst = UNITS.map((u) => {
      const rel = Math.max(
        ...WIDTHS.map((n) => Math.abs(peerRmse[`${u} ${n}`] - toolRmse.get(`${u} ${n}`)) / toolRmse.get(`${u} ${n}`)),
      );
      return `${u} ${rel.toExponential(1)}`;
    });
    console.log(`  test RMSE, worst relative difference from ${label}: ${worst.join(', ')}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
