#!/usr/bin/env node
// The test command: builds dist/ (the CLI tests run the real bin), runs tap, and closes with the
// line CI reads: "N passed, N failed" (assertions, from tap's own summary).
import { spawnSync, spawn } from 'node:child_process';

const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const child = spawn('npx', ['tap', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  // tap's closing summary, e.g. "# { total: 16, pass: 15, fail: 1, skip: 0 }"
  const last = [...tail.matchAll(/# \{ (total: \d+[^}]*)\}/g)].at(-1);
  const counts = Object.fromEntries(
    (last?.[1] ?? '').split(',').map((kv) => kv.split(':').map((s) => s.trim())).filter((kv) => kv.length === 2).map(([k, v]) => [k, Number(v)]),
  );
  const pass = counts.pass ?? 0;
  const failed = counts.fail ?? 0;
  const skipped = (counts.skip ?? 0) + (counts.todo ?? 0);
  const ok = code === 0 && last !== undefined && failed === 0;
  console.log(`${pass} passed, ${ok ? 0 : Math.max(failed, 1)} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(ok ? 0 : 1);
});
