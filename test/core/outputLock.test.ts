// The output lock in-process: what the lock file holds, refusals naming the holder, stale take-over,
// and a release that removes only this process's own lock. The two-process cases are in
// test/cli/outputLock.test.ts.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockOutput, type LockHolder } from '../../src/core/outputLock.js';
import { UsageError } from '../../src/core/errors.js';

/** A pid that was just in use on this host and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

const holderJson = (h: LockHolder) => `${JSON.stringify(h)}\n`;

t.test(
  'the lock file holds pid, host, start and verb; a second lock in this process is refused; release removes it',
  async (t) => {
    const dir = t.testdir({});
    const out = join(dir, 'r.jsonl');
    const lock = lockOutput(out, `${out}.lock`, 'measure', () => t.fail('no notice'));
    const holder = JSON.parse(readFileSync(`${out}.lock`, 'utf8'));
    t.same(holder, { pid: process.pid, hostname: hostname(), since: lock.holder.since, command: 'measure' });
    t.ok(Date.parse(holder.since) > 0, 'since is an ISO time');
    t.throws(
      () => lockOutput(out, `${out}.lock`, 'measure', () => undefined),
      new UsageError(
        `"${out}" is in use by approx-order measure (this process on host ${hostname()}, since ${holder.since}); ` +
          `wait for it to finish, or remove "${out}.lock" if that process is gone`,
      ),
    );
    lock.release();
    t.notOk(existsSync(`${out}.lock`));
    lock.release(); // idempotent
    t.same(readdirSync(dir), []);
  },
);

t.test('a live holder on this host and any holder on another host are refused, their lock untouched', async (t) => {
  const dir = t.testdir({});
  const out = join(dir, 'r.jsonl');
  const parent: LockHolder = {
    pid: process.ppid,
    hostname: hostname(),
    since: '2026-01-02T03:04:05.000Z',
    command: 'verify',
  };
  writeFileSync(`${out}.lock`, holderJson(parent));
  t.throws(() => lockOutput(out, `${out}.lock`, 'measure', () => undefined), {
    message: `"${out}" is in use by approx-order verify (pid ${process.ppid} on host ${hostname()}, since 2026-01-02T03:04:05.000Z); wait for it to finish, or remove "${out}.lock" if that process is gone`,
  });
  t.equal(readFileSync(`${out}.lock`, 'utf8'), holderJson(parent));
  // A pid on another host means nothing here: never judged stale.
  const remote: LockHolder = { pid: deadPid(), hostname: `not-${hostname()}`, since: parent.since, command: 'measure' };
  writeFileSync(`${out}.lock`, holderJson(remote));
  t.throws(() => lockOutput(out, `${out}.lock`, 'measure', () => undefined), {
    message: new RegExp(`^"${out}" is in use by approx-order measure \\(pid ${remote.pid} on host not-`),
  });
  t.equal(readFileSync(`${out}.lock`, 'utf8'), holderJson(remote));
});

t.test('a lock of a dead pid on this host is taken over, with one notice; no guard file is left', async (t) => {
  const dir = t.testdir({});
  const out = join(dir, 'r.jsonl');
  const stale: LockHolder = {
    pid: deadPid(),
    hostname: hostname(),
    since: '2026-01-02T03:04:05.000Z',
    command: 'measure',
  };
  writeFileSync(`${out}.lock`, holderJson(stale));
  const notices: string[] = [];
  const lock = lockOutput(out, `${out}.lock`, 'measure', (line) => notices.push(line));
  t.same(notices, [
    `took over the stale lock "${out}.lock" of approx-order measure (pid ${stale.pid} on host ${hostname()}, since 2026-01-02T03:04:05.000Z): that process is gone`,
  ]);
  t.equal(JSON.parse(readFileSync(`${out}.lock`, 'utf8')).pid, process.pid);
  t.same(readdirSync(dir), ['r.jsonl.lock']);
  lock.release();
  t.same(readdirSync(dir), []);
});

t.test('release leaves a lock that is no longer its own', async (t) => {
  const dir = t.testdir({});
  const out = join(dir, 'r.jsonl');
  const lock = lockOutput(out, `${out}.lock`, 'measure', () => undefined);
  const other: LockHolder = { pid: process.ppid, hostname: hostname(), since: lock.holder.since, command: 'measure' };
  writeFileSync(`${out}.lock`, holderJson(other)); // as if removed by hand and taken by another process
  lock.release();
  t.equal(readFileSync(`${out}.lock`, 'utf8'), holderJson(other));
});

t.test('a lock path that is not a regular file, or not an approx-order lock, is refused and left', async (t) => {
  const dir = t.testdir({});
  const out = join(dir, 'r.jsonl');
  mkdirSync(`${out}.lock`);
  t.throws(() => lockOutput(out, `${out}.lock`, 'measure', () => undefined), {
    message: `the lock file "${out}.lock" of "${out}" is a directory, not a regular file; remove it if no approx-order process is using "${out}"`,
  });
  t.ok(existsSync(`${out}.lock`));
  const other = join(dir, 'o.jsonl');
  writeFileSync(`${other}.lock`, 'my notes\n');
  t.throws(() => lockOutput(other, `${other}.lock`, 'measure', () => undefined), {
    message: `"${other}.lock" is not an approx-order lock file; remove it if no approx-order process is using "${other}"`,
  });
  t.equal(readFileSync(`${other}.lock`, 'utf8'), 'my notes\n');
});
