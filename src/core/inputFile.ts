/**
 * Reading a file the user named (a spec, a shard manifest, merged.json, a records file to merge)
 * without hanging or filling memory: the file is opened with O_NONBLOCK, so a FIFO with no writer
 * does not block the open, then fstat'ed, and anything but a regular file (a FIFO, a device such as
 * /dev/zero, a socket, a directory) is refused before a byte is read. A symbolic link is followed:
 * reading through it changes nothing (writing is core/outputFile's business, and it never follows
 * one). A file above `maxBytes` is refused with its size, before it is read.
 * Every refusal is a UsageError (exit 2) quoting the path through core/userText.
 *
 * Examples:  readInputFile('specs/paper.json', 'spec', MAX_JSON_INPUT_BYTES)   // Buffer, or null when absent
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './errors.js';
import { fileKind } from './outputFile.js';
import { formatBytes } from './resourceBudget.js';
import { quoteUserText } from './userText.js';

/**
 * Largest JSON document read whole (a spec, a manifest, merged.json): JSON.parse holds several
 * times the text's size in V8's heap, and the largest committed spec is a few KiB.
 */
export const MAX_JSON_INPUT_BYTES = 64 * 1024 ** 2;

/** The bytes of the regular file at `path`, or null when nothing is there; UsageError otherwise. */
export function readInputFile(path: string, what: string, maxBytes: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`cannot read ${what} ${quoteUserText(path)} (${code ?? String(err)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile())
      throw new UsageError(`cannot read ${what} ${quoteUserText(path)}: it is ${fileKind(stats)}, not a regular file`);
    if (stats.size > maxBytes)
      throw new UsageError(
        `${what} ${quoteUserText(path)} is ${formatBytes(stats.size)}, larger than the ${formatBytes(maxBytes)} a ${what} may have`,
      );
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `cannot read ${what} ${quoteUserText(path)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  } finally {
    closeSync(fd);
  }
}

/** The text of a JSON document the user named; UsageError when absent, not a regular file or too large. */
export function readInputText(path: string, what: string, maxBytes = MAX_JSON_INPUT_BYTES): string {
  const bytes = readInputFile(path, what, maxBytes);
  if (bytes === null) throw new UsageError(`cannot read ${what} ${quoteUserText(path)} (ENOENT)`);
  return bytes.toString('utf8');
}
