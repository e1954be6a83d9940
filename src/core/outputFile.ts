/**
 * Writing results without destroying anything.
 * - checkOutputFile: an output path must be absent or a regular file. Anything else (a directory, a
 *   FIFO, a device, a socket) is refused and left as it is. So is a symbolic link, dangling or not:
 *   renaming over a link replaces the link itself, and following it would write outside the path
 *   the user named, so approx-order does neither (lstat, never stat). Directories are different:
 *   an output directory, or any directory above a file, may be a link to a directory, as any path
 *   component may; only the files written inside are held to the rule above.
 * - writeFileAtomic: write a temporary file beside the target, created exclusively (O_EXCL, so it
 *   never truncates or follows anything already there), flush it, then rename it over the target,
 *   so a reader (or a crash) sees either the old file or the whole new one. A replaced file keeps
 *   its permission bits.
 * - checkOutputPaths: the same check, and the directories above, before a long computation.
 * - writeFilesAtomic: several files, each path checked before any is written.
 * - An unwritable path is the user's problem, reported as a UsageError (exit 2).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}` : String(e);
}

/** What a file-system entry is, for messages: "a FIFO", "a character device", ... */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The stats of an output file that may be replaced: null when the path is absent (or a directory
 * above it is missing, which ensureDirectory reports), the lstat of a regular file, else a
 * UsageError that names what is there. Nothing is created or changed.
 */
export function checkOutputFile(path: string): Stats | null {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`cannot write "${path}" (${describe(err)})`);
  }
  if (stats.isFile()) return stats;
  if (stats.isSymbolicLink())
    throw new UsageError(
      `cannot write "${path}": it is a symbolic link, which approx-order neither follows nor replaces (name the file it points to); it is left as it is`,
    );
  throw new UsageError(`cannot write "${path}": it is ${fileKind(stats)}, not a regular file; it is left as it is`);
}

/** Whether path is a directory, following links; null when nothing is there (a dangling link included). */
function isDirectory(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null;
  }
}

/**
 * The directories to create for dir, outermost first; UsageError when dir, or a directory above
 * it, exists and is not a directory. Creates nothing.
 */
function missingDirectories(dir: string): string[] {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    const found = isDirectory(current);
    if (found === true) break;
    if (found === false)
      throw new UsageError(`cannot create output directory "${dir}" ("${current}" is not a directory)`);
    const parent = dirname(current);
    if (parent === current) break;
    missing.push(current);
    current = parent;
  }
  return missing.reverse();
}

/**
 * Create dir (and parents); UsageError when it cannot be created.
 * Creates one level at a time from the deepest existing ancestor: Node 20's recursive mkdirSync
 * never returns for paths under /proc (measured), and a CLI must fail there, not hang.
 */
export function ensureDirectory(dir: string): void {
  for (const level of missingDirectories(dir)) {
    try {
      mkdirSync(level);
    } catch (err) {
      // EEXIST: made meanwhile by another process, or a dangling link (which mkdir does not follow).
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(level)) continue;
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new UsageError(`cannot create output directory "${dir}" ("${level}" is not a directory)`);
      throw new UsageError(`cannot create output directory "${dir}" (${describe(err)})`);
    }
  }
}

/**
 * Refuse, before any work is done, output files that could not be written: each must be absent or a
 * regular file, and each directory above it absent or a directory. Creates nothing.
 */
export function checkOutputPaths(paths: readonly string[]): void {
  for (const path of paths) {
    missingDirectories(dirname(path));
    checkOutputFile(path);
  }
}

/** A new file beside `path`, opened with O_EXCL under a fresh random name: it never clobbers anything. */
function createTemporaryBeside(path: string): { readonly path: string; readonly fd: number } {
  for (let attempt = 0; ; attempt++) {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      return { path: temporary, fd: openSync(temporary, 'wx', 0o666) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 8)
        throw new UsageError(`cannot write "${path}" (${describe(err)})`);
    }
  }
}

export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  ensureDirectory(dirname(path));
  const existing = checkOutputFile(path);
  const temporary = createTemporaryBeside(path);
  let open = true;
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
    for (let written = 0; written < bytes.length;)
      written += writeSync(temporary.fd, bytes, written, bytes.length - written);
    if (existing) fchmodSync(temporary.fd, existing.mode & 0o7777);
    fsyncSync(temporary.fd);
    closeSync(temporary.fd);
    open = false;
    renameSync(temporary.path, path);
  } catch (err) {
    if (open) closeSync(temporary.fd);
    rmSync(temporary.path, { force: true });
    throw new UsageError(`cannot write "${path}" (${describe(err)})`);
  }
}

/** Write several files atomically, each; every path is checked first, so a refusal writes none of them. */
export function writeFilesAtomic(files: ReadonlyArray<readonly [path: string, contents: string | Uint8Array]>): void {
  checkOutputPaths(files.map(([path]) => path));
  for (const [path, contents] of files) writeFileAtomic(path, contents);
}
