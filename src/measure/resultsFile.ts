/**
 * The results JSONL file: one ResultRecord per line.
 * - appendRecordLine: one appendFileSync of a whole line (O_APPEND, a single write), so a crash
 *   leaves either the full line or, at worst, a trailing partial line; nothing earlier is touched.
 * - readResultsFile: the complete records, after cutting a trailing partial line off the file
 *   (the run that was in flight when a sweep was killed); a malformed line elsewhere is a UsageError.
 * - rewriteInOrder: the final, atomic reordering (writeFileAtomic) into a deterministic order.
 */
import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { ensureDirectory, writeFileAtomic } from '../core/outputFile.js';
import type { ResultRecord } from './resultRecord.js';

export function readResultsFile(path: string): ResultRecord[] {
  if (!existsSync(path)) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read results file "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < text.length) {
    try {
      truncateSync(path, Buffer.byteLength(text.slice(0, complete)));
    } catch (err) {
      throw new UsageError(
        `cannot truncate the partial last line of "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
  }
  const records: ResultRecord[] = [];
  text
    .slice(0, complete)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new UsageError(`line ${i + 1} of "${path}" is not JSON; not a results file written by measure`);
      }
      if (typeof record !== 'object' || record === null || !('unit' in record) || !('testRmse' in record)) {
        throw new UsageError(`line ${i + 1} of "${path}" is not a result record`);
      }
      records.push(record as ResultRecord);
    });
  return records;
}

/** Start an empty results file (replacing any); UsageError when it cannot be written. */
export function startResultsFile(path: string): void {
  writeFileAtomic(path, '');
}

export function appendRecordLine(path: string, record: ResultRecord): void {
  ensureDirectory(dirname(path));
  try {
    appendFileSync(path, `${JSON.stringify(record)}\n`);
  } catch (err) {
    throw new UsageError(`cannot append to "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export function rewriteInOrder(path: string, records: readonly ResultRecord[]): void {
  writeFileAtomic(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}
