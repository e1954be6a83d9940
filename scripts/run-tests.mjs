#!/usr/bin/env node
// The test command. In order, each step must pass before the next runs:
//   1. prettier --check (format), 2. eslint (lint errors fail; warnings are printed),
//   3. tsc --noEmit over src/ and test/ (tsconfig.check.json), 4. a fresh build of dist/ and the CLI
//   bundles (scripts/build.mjs): the CLI tests spawn bin/approx-order.js, which runs
//   dist/cli-bundle/<verb>.js, and the measure pool runs dist/measure/measureWorker.js (or the
//   bundle's copy), so they must never run stale compiled code, 5. tap.
// It closes with the line CI reads: "N passed, N failed" (tap's assertion counts).
import { spawnSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = [
  ['format (prettier --check)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['lint (eslint)', 'npx', ['eslint', '.']],
  ['types (tsc over src/ and test/)', 'npx', ['tsc', '-p', 'tsconfig.check.json']],
  [
    'build dist/ and the CLI bundles (the CLI tests and worker threads run them)',
    process.execPath,
    ['scripts/build.mjs'],
  ],
];
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const [what, command, args] of steps) {
  console.log(`# ${what}`);
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`# ${what} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const child = spawn('npx', ['tap', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0' },
});
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  // tap's closing summary, e.g. "# { total: 16, pass: 15, fail: 1, skip: 0 }"
  const last = [...tail.matchAll(/# \{ (total: \d+[^}]*)\}/g)].at(-1);
  const counts = Object.fromEntries(
    (last?.[1] ?? '')
      .split(',')
      .map((kv) => kv.split(':').map((s) => s.trim()))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k, Number(v)]),
  );
  const pass = counts.pass ?? 0;
  const failed = counts.fail ?? 0;
  const skipped = (counts.skip ?? 0) + (counts.todo ?? 0);
  const ok = code === 0 && last !== undefined && failed === 0;
  console.log(`${pass} passed, ${ok ? 0 : Math.max(failed, 1)} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(ok ? 0 : 1);
});
