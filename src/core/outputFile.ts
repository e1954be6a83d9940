/**
 * Writing results without losing what is already there.
 * - writeFileAtomic: write to a temporary file beside the target, then rename over it, so a reader
 *   (or a crash) sees either the old file or the whole new one.
 * - An unwritable path is the user's problem, reported as a UsageError (exit 2).
 */
import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UsageError } from './usageError.js';

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}` : String(e);
}

/** Create dir (and parents); UsageError when it cannot be created. */
export function ensureDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create output directory "${dir}" (${describe(err)})`);
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
