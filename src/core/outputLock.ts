/**
 * An exclusive lock on a shared output (a results file, a report directory), so that two
 * approx-order processes never write the same output at once: the second one's atomic rewrite
 * would silently replace the first one's records.
 *
 * The lock is a file created with O_EXCL ('wx') holding JSON: the holder's pid, host name, start
 * time and verb. A second process that finds it refuses at once (UsageError, exit 2) with one line
 * naming the holder. It does not wait: a sweep may run for hours, a silent wait looks like a hang,
 * and a second `measure` without --resume would then replace the first one's records anyway.
 *
 * Stale locks: a lock whose host is this host and whose pid is gone (SIGKILL, power loss) is taken
 * over, and the notice callback says so. A lock from another host is never judged stale (its pid
 * means nothing here); a reused pid looks alive. Either way the message says which file to remove.
 * Take-over runs under a second O_EXCL file (<lock>.takeover), held for microseconds, so that two
 * processes that both found the lock stale cannot both remove it: only the guard's holder re-reads
 * the lock, and removes it only if it is still the stale one.
 *
 * Release: by release() (callers use try/finally, so errors release too), at process exit, and on
 * SIGINT, SIGTERM and SIGHUP, after which the signal is raised again so the process still ends by
 * it. A handler runs only when the event loop gets control, so long synchronous work delays it. In a
 * host process with listeners of its own for the signal (a library user, signal-exit), those
 * decide what happens next; the re-raised signal reaches them at the event loop's next turn.
 *
 * Hand-written: proper-lockfile, the well-kept npm lock library, judges staleness by the lock's
 * modification time, refreshed by a timer, and records no holder; what is wanted here (the
 * holder's pid and host, pid-based stale detection, a one-line refusal) is about 150 lines on
 * O_EXCL.
 */
import { closeSync, lstatSync, openSync, readFileSync, rmSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { UsageError } from './errors.js';
import { ensureDirectory, fileKind } from './outputFile.js';

/** What a lock file holds. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** ISO 8601 time the lock was taken */
  readonly since: string;
  /** the verb that holds it, e.g. "measure" */
  readonly command: string;
}

export interface OutputLock {
  readonly lockFile: string;
  readonly holder: LockHolder;
  /** Remove the lock file if it is still this process's; idempotent. */
  release(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const held = new Set<OutputLock>();

function releaseAll(): void {
  for (const lock of [...held]) lock.release();
}

let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  releaseAll();
  stopListening();
  process.kill(process.pid, signal);
}

/**
 * The exit and signal listeners go in before a lock file is created, not after: a SIGTERM that
 * arrives between the file's creation and its listener would otherwise find no listener, take
 * Node's default action and leave the lock behind (seen once in CI, with the process stopped by
 * SIGSTOP in that window).
 */
function listen(): void {
  if (listening) return;
  listening = true;
  process.on('exit', releaseAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  process.removeListener('exit', releaseAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

function track(lock: OutputLock): void {
  listen();
  held.add(lock);
}

function untrack(lock: OutputLock): void {
  held.delete(lock);
  if (held.size === 0) stopListening();
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/** Block this thread for ms milliseconds (lock contention is resolved in microseconds; no timer needed). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isLockHolder(value: unknown): value is LockHolder {
  const v = value as Record<string, unknown>;
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(v.pid) &&
    (v.pid as number) > 0 &&
    typeof v.hostname === 'string' &&
    typeof v.since === 'string' &&
    typeof v.command === 'string'
  );
}

/** Create path with O_EXCL holding text; false when something is already there. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw new UsageError(`cannot create the lock file "${path}" (${errorCode(err)})`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * The holder recorded in an existing lock file; null when it has gone meanwhile. A file being
 * written by its creator (empty or partial JSON) is read again for up to a second before it is
 * called foreign.
 */
function readHolder(lockFile: string, output: string): LockHolder | null {
  for (let attempt = 0; ; attempt++) {
    let stats: Stats;
    try {
      stats = lstatSync(lockFile);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
      throw new UsageError(`cannot read the lock file "${lockFile}" (${errorCode(err)})`);
    }
    if (!stats.isFile())
      throw new UsageError(
        `the lock file "${lockFile}" of "${output}" is ${fileKind(stats)}, not a regular file; remove it if no approx-order process is using "${output}"`,
      );
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(readFileSync(lockFile, 'utf8'));
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
    }
    if (isLockHolder(parsed)) return parsed;
    if (attempt >= 50)
      throw new UsageError(
        `"${lockFile}" is not an approx-order lock file; remove it if no approx-order process is using "${output}"`,
      );
    pause(20);
  }
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.since === b.since && a.command === b.command;
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists, under another user.
    return errorCode(err) === 'ESRCH';
  }
}

/** A lock of this host whose process is gone (or is this process, which does not hold it). */
function isStale(holder: LockHolder, lockFile: string): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return ![...held].some((lock) => lock.lockFile === lockFile);
  return processIsGone(holder.pid);
}

/**
 * Remove a stale lock under the take-over guard: 'removed' by this process, 'changed' when the
 * lock is no longer that stale one (released or taken meanwhile), 'busy' when another process
 * holds the guard right now.
 */
function removeStaleLock(
  lockFile: string,
  stale: LockHolder,
  me: LockHolder,
  output: string,
): 'removed' | 'changed' | 'busy' {
  const guard = `${lockFile}.takeover`;
  if (!createExclusive(guard, JSON.stringify(me))) return 'busy';
  try {
    const now = readHolder(lockFile, output);
    if (!now || !sameHolder(now, stale)) return 'changed';
    rmSync(lockFile, { force: true });
    return 'removed';
  } finally {
    rmSync(guard, { force: true });
  }
}

function inUse(output: string, lockFile: string, h: LockHolder): UsageError {
  const who = h.pid === process.pid && h.hostname === hostname() ? 'this process' : `pid ${h.pid}`;
  return new UsageError(
    `"${output}" is in use by approx-order ${h.command} (${who} on host ${h.hostname}, since ${h.since}); ` +
      `wait for it to finish, or remove "${lockFile}" if that process is gone`,
  );
}

/**
 * Take the exclusive lock `lockFile` on `output` for `command`, or throw a UsageError naming the
 * holder. `notice` receives one line when a stale lock is taken over.
 */
export function lockOutput(
  output: string,
  lockFile: string,
  command: string,
  notice: (line: string) => void,
): OutputLock {
  ensureDirectory(dirname(lockFile));
  const me: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), command };
  listen();
  try {
    return takeLock(output, lockFile, me, notice);
  } finally {
    if (held.size === 0) stopListening();
  }
}

/** lockOutput's O_EXCL loop: create the lock, or take over a stale one, or name the live holder. */
function takeLock(output: string, lockFile: string, me: LockHolder, notice: (line: string) => void): OutputLock {
  let removed: LockHolder | null = null;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(lockFile, `${JSON.stringify(me)}\n`)) {
      if (removed)
        notice(
          `took over the stale lock "${lockFile}" of approx-order ${removed.command} (pid ${removed.pid} on host ${removed.hostname}, since ${removed.since}): that process is gone`,
        );
      const lock: OutputLock = {
        lockFile,
        holder: me,
        release() {
          if (!held.has(lock)) return;
          untrack(lock);
          let now: LockHolder | null;
          try {
            now = readHolder(lockFile, output);
          } catch {
            return; // replaced by something that is not our lock: leave it
          }
          if (now && sameHolder(now, me)) rmSync(lockFile, { force: true });
        },
      };
      track(lock);
      return lock;
    }
    const holder = readHolder(lockFile, output);
    if (holder === null) continue; // released meanwhile
    if (!isStale(holder, lockFile)) throw inUse(output, lockFile, holder);
    const outcome = removeStaleLock(lockFile, holder, me, output);
    if (outcome === 'removed') removed = holder;
    if (outcome === 'busy') pause(20);
  }
  throw new UsageError(
    `cannot take the lock "${lockFile}" on "${output}": other processes keep taking it (or "${lockFile}.takeover" was left by one that died; remove it)`,
  );
}
