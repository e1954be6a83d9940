// analyze must not depend on machine load (README "How it derives"): the degree-12 units that used
// to end with "internal error: timeout" (exit 3) under load, when nerdamer aborted any call longer
// than 800 ms of wall-clock time, run here while every core is kept busy by spinning worker threads.
import t from 'tap';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import nerdamer from 'nerdamer-prime';
import '../../src/symbolic/cas.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Unit and its derived predicted slope -(m+1), m the active degree. */
const UNITS: [string, number][] = [
  ['relu(g)^8', -9],
  ['relu(g)^10', -11],
  ['relu(g)^11', -12],
  ['relu(g)^12', -13],
  ['relu(g)*u^11', -13],
  ['relu(g)*u*q*r*s', -6],
  ['relu(g)^6*u^6', -13],
];

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/approx-order.js', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

t.test('the CAS has no wall-clock limit', async (t) => {
  t.equal(nerdamer.get('TIMEOUT' as never), Number.POSITIVE_INFINITY);
});

t.test('degree-12 units are analysed while every core is busy', async (t) => {
  // One spinning thread per core: every core is busy, and the CLI process shares one for the whole run.
  const spinners = Array.from({ length: availableParallelism() }, () => new Worker('for (;;) {}', { eval: true }));
  try {
    const r = await cli(['analyze', ...UNITS.map(([u]) => u), '--json']);
    t.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { unit: string; predictedSlope: number }[];
    t.same(
      out.map((a) => [a.unit, a.predictedSlope]),
      UNITS,
    );
  } finally {
    await Promise.all(spinners.map((w) => w.terminate()));
  }
});
