// Two real processes on one output: the second is refused with exit 2 and one line naming the
// holder, and the holder's records all reach the file. The holder is paused with SIGSTOP while it
// holds the lock (the test waits for the lock file, not for a time), so the overlap is certain.
// Also: a lock is released on SIGTERM mid-sweep, and a stale lock of a dead pid is taken over.
import t from 'tap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultsFile } from '../../src/measure/resultsFile.js';

const root = new URL('../..', import.meta.url).pathname;
// The CLI runs dist/; `npm test` builds it first. Standalone: build if missing.
if (!existsSync(join(root, 'dist/cli-bundle/all.js')))
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });

interface Ended {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const started = new Set<ChildProcess>();
// A failed assertion must not leave a stopped process behind.
t.teardown(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

// The CLI as users run it. Under tap every spawned child gets NODE_OPTIONS=--import=<tap's process
// tracker>, which adds signal-exit's handlers; with another SIGTERM listener present, the re-raised
// signal waits for the next turn of the event loop, one more run. `env -u` drops it (env execs node,
// so child.pid is node's pid).
function start(args: readonly string[]): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn('env', ['-u', 'NODE_OPTIONS', process.execPath, join(root, 'bin/approx-order.js'), ...args], {
    cwd: root,
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const ended = new Promise<Ended>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, ended };
}

/** The holder in a lock file; null when it is not there yet, or still being written. */
function lockHolder(lockFile: string): { pid: number; since: string } | null {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8'));
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait until `lockFile` holds the child's lock, then stop the child there (SIGSTOP) and return the
 * holder. The child's sweep lasts seconds after it takes the lock, against a 5 ms poll.
 */
async function stopWhileLocked(child: ChildProcess, lockFile: string): Promise<{ pid: number; since: string }> {
  while (child.exitCode === null && child.signalCode === null) {
    const holder = lockHolder(lockFile);
    if (holder) {
      child.kill('SIGSTOP');
      const now = lockHolder(lockFile);
      if (now === null || now.pid !== child.pid)
        throw new Error(`the first process no longer held ${lockFile} when paused: make its sweep longer`);
      return now;
    }
    await sleep(5);
  }
  throw new Error('the first process ended before the test saw its lock: make its sweep longer');
}

// Six LM runs: seconds of work after the lock is taken, so the holder is still at work when paused.
const widths = ['8', '16', '24', '32', '40', '48'];
const slowSweep = (out: string) => [
  'measure',
  'mlp',
  '--target',
  'sin(3*x)',
  '--widths',
  widths.join(','),
  '--method',
  'lm',
  '--init',
  'spline',
  '--max-iterations',
  '40',
  '--data-size',
  '200',
  '--jobs',
  '1',
  '--out',
  out,
];
const quickSweep = (out: string) => [
  'measure',
  'mlp',
  '--target',
  'x^2',
  '--widths',
  '4,8',
  '--method',
  'lsq',
  '--data-size',
  '200',
  '--out',
  out,
];

t.test(
  'a second measure on the same --out, with or without --resume, exits 2 naming the holder; no record is lost',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'approx-order-lock-'));
    const out = join(dir, 'results.jsonl');
    const first = start(slowSweep(out));
    const holder = await stopWhileLocked(first.child, `${out}.lock`);
    // The lock is taken before the file is started, so there may be no file yet.
    const onDisk = existsSync(out) ? readFileSync(out, 'utf8') : null;
    const [fresh, resumed] = await Promise.all([
      start(slowSweep(out)).ended,
      start([...slowSweep(out), '--resume']).ended,
    ]);
    const refusal =
      `approx-order: "${out}" is in use by approx-order measure (pid ${holder.pid} on host ${hostname()}, since ${holder.since}); ` +
      `wait for it to finish, or remove "${out}.lock" if that process is gone\n`;
    for (const [what, r] of [
      ['without --resume', fresh],
      ['with --resume', resumed],
    ] as const) {
      t.equal(r.status, 2, `${what}: exit 2`);
      t.equal(r.stderr, refusal, `${what}: one line naming the holder`);
      t.equal(r.stdout, '', `${what}: nothing on stdout`);
    }
    t.equal(existsSync(out) ? readFileSync(out, 'utf8') : null, onDisk, 'the refused processes did not touch the file');
    first.child.kill('SIGCONT');
    const done = await first.ended;
    t.equal(done.status, 0, done.stderr);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    t.same(
      records.map((r) => r.n),
      widths.map(Number),
      'every record of the run that held the lock, in order',
    );
    t.same(readdirSync(dir), ['results.jsonl'], 'the lock is released');
  },
);

t.test('SIGTERM mid-sweep releases the lock after the run in flight, leaving only whole records', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-lock-'));
  const out = join(dir, 'results.jsonl');
  const run = start(slowSweep(out));
  await stopWhileLocked(run.child, `${out}.lock`);
  const before = existsSync(out) ? readResultsFile(out).records.length : 0;
  run.child.kill('SIGTERM');
  run.child.kill('SIGCONT');
  const ended = await run.ended;
  t.equal(ended.signal, 'SIGTERM', 'the process still ends by the signal');
  t.same(readdirSync(dir), ['results.jsonl'], 'the lock is released');
  const contents = readResultsFile(out);
  t.equal(contents.tornLine, null, 'whole lines only');
  // --jobs 1 runs in this thread: the handler runs between runs, not after the whole sweep.
  t.ok(
    contents.records.length <= before + 1 && contents.records.length < widths.length,
    `${before} records when paused, ${contents.records.length} when ended, of ${widths.length}`,
  );
});

t.test('a stale lock of a dead pid on this host is taken over, with one line saying so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-lock-'));
  const out = join(dir, 'results.jsonl');
  const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
  const since = '2026-01-02T03:04:05.000Z';
  writeFileSync(`${out}.lock`, JSON.stringify({ pid: dead, hostname: hostname(), since, command: 'measure' }));
  const r = await start(quickSweep(out)).ended;
  t.equal(r.status, 0, r.stderr);
  t.equal(
    r.stderr.split('\n')[0],
    `approx-order: took over the stale lock "${out}.lock" of approx-order measure (pid ${dead} on host ${hostname()}, since ${since}): that process is gone`,
  );
  t.equal(readFileSync(out, 'utf8').trim().split('\n').length, 2, 'the run wrote its records');
  t.same(readdirSync(dir), ['results.jsonl'], 'and released the lock');
});

t.test('a second verify on the same report directory exits 2 naming the first', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-lock-'));
  const spec = join(dir, 'spec.json');
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'locked',
      units: ['mlp', 'glu'],
      targets: ['sin(2*x)'],
      widths: '8:128:8',
      methods: [{ name: 'construct' }],
    }),
  );
  const report = join(dir, 'report');
  const first = start(['verify', spec, '--out', report]);
  const holder = await stopWhileLocked(first.child, join(report, '.approx-order.lock'));
  const second = await start(['verify', spec, '--out', report]).ended;
  t.equal(second.status, 2);
  t.equal(
    second.stderr,
    `approx-order: "${report}" is in use by approx-order verify (pid ${holder.pid} on host ${hostname()}, since ${holder.since}); ` +
      `wait for it to finish, or remove "${join(report, '.approx-order.lock')}" if that process is gone\n`,
  );
  first.child.kill('SIGCONT');
  const done = await first.ended;
  t.equal(done.status, 0, done.stderr);
  t.notOk(existsSync(join(report, '.approx-order.lock')), 'the lock is released');
  t.ok(existsSync(join(report, 'report.json')), 'the first one wrote its report');
});
