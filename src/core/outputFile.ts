/**
 * Writing results without losing what is already there.
 * - writeFileAtomic: write to a temporary file beside the target, then rename over it, so a reader
 *   (or a crash) sees either the old file or the whole new one.
 * - An unwritable path is the user's problem, reported as a UsageError (exit 2).
 */
import { mkdirSync, renameSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}` : String(e);
}

/**
 * Create dir (and parents); UsageError when it cannot be created.
 * Creates one level at a time from the deepest existing ancestor: Node 20's recursive mkdirSync
 * never returns for paths under /proc (measured), and a CLI must fail there, not hang.
 */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    let isDirectory: boolean | null;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch {
      isDirectory = null;
    }
    if (isDirectory === true) break;
    if (isDirectory === false)
      throw new UsageError(`cannot create output directory "${dir}" ("${current}" is not a directory)`);
    const parent = dirname(current);
    if (parent === current) break;
    missing.push(current);
    current = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new UsageError(`cannot create output directory "${dir}" (${describe(err)})`);
    }
  }
}

export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  ensureDirectory(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write "${path}" (${describe(err)})`);
  }
}
