/**
 * The results JSONL file: one ResultRecord per line, each written by JSON.stringify (so every line
 * starts with `{"unit":"`).
 * - appendRecordLine: one appendFileSync of a whole line (O_APPEND, a single write), so a crash
 *   leaves either the full line or, at worst, a trailing partial line; nothing earlier is touched.
 * - readResultsFile: the whole file read and every complete line checked (parseResultRecord: JSON,
 *   schema, consistency; no two lines with one record key) before anything is changed. A trailing
 *   line without its newline is accepted only as a torn record, i.e. when it is the start of one
 *   (the run in flight when a sweep was killed); anything else there means the file is not a
 *   results file. Any refusal is a UsageError naming the line, and the file is left byte for byte.
 * - resumeResultsFile: readResultsFile, then a torn last line is dropped by an atomic rewrite of
 *   the complete lines (never a truncation in place).
 * - rewriteInOrder: the final, atomic reordering (writeFileAtomic) into a deterministic order.
 * Paths that exist and are not regular files (links included) are refused (core/outputFile).
 */
import { constants as bufferConstants } from 'node:buffer';
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { readInputFile } from '../core/inputFile.js';
import { checkOutputFile, ensureDirectory, writeFileAtomic } from '../core/outputFile.js';
import { parseResultRecord } from './parseResultRecord.js';
import { recordKey, type ResultRecord } from './resultRecord.js';

/** How every record line starts: JSON.stringify writes a ResultRecord's fields in order, unit first. */
const RECORD_START = '{"unit":"';

export interface ResultsFileContents {
  readonly records: ResultRecord[];
  /** the complete lines, byte for byte, when the last line is a torn record; null when the file ends with a newline */
  readonly withoutTornLine: Buffer | null;
  /** 1-based number of that torn line */
  readonly tornLine: number | null;
}

const EMPTY: ResultsFileContents = { records: [], withoutTornLine: null, tornLine: null };

/** What the caller does with the file, for messages: "resume" (measure --resume), "merge" or "read" (verify --from-records). */
export type ResultsFileUse = 'resume' | 'merge' | 'read';

/** A results file is decoded as one string: V8's longest string is its ceiling. */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

function refusal(path: string, what: string, use: ResultsFileUse = 'resume'): UsageError {
  return new UsageError(`cannot ${use} "${path}": ${what}; the file is left as it was`);
}

/** The records of the complete lines, each checked; a UsageError names the first bad line. */
function checkedRecords(path: string, text: string, use: ResultsFileUse): ResultRecord[] {
  const records: ResultRecord[] = [];
  const lineOfKey = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseResultRecord(line);
    if ('problem' in parsed)
      throw refusal(
        path,
        `line ${i + 1} ${parsed.problem}, so this is not a results file written by measure --out`,
        use,
      );
    const key = recordKey(parsed.record);
    const first = lineOfKey.get(key);
    if (first !== undefined)
      throw refusal(
        path,
        `line ${i + 1} repeats the run of line ${first} (same unit, target, domain, data, method, init, n, seed and iteration budget)`,
        use,
      );
    lineOfKey.set(key, i + 1);
    records.push(parsed.record);
  });
  return records;
}

/** Read and check a results file without changing it; a missing file has no records. */
export function readResultsFile(path: string, use: ResultsFileUse = 'resume'): ResultsFileContents {
  // A file to resume is rewritten later, so it is held to the output rule (no link, FIFO or device);
  // one only read (merge, --from-records) may be a link, and a FIFO or device is refused unread.
  if (use === 'resume' && checkOutputFile(path) === null) return EMPTY;
  const bytes = readInputFile(path, 'results file', MAX_STRING_LENGTH);
  if (bytes === null) return EMPTY;
  const complete = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, complete).toString('utf8');
  const records = checkedRecords(path, text, use);
  if (complete === bytes.length) return { records, withoutTornLine: null, tornLine: null };
  const tornLine = text.split('\n').length;
  const torn = bytes.subarray(complete).toString('utf8');
  if (!(torn.startsWith(RECORD_START) || RECORD_START.startsWith(torn)))
    throw refusal(
      path,
      `its last line ${tornLine} has no newline and is not the start of a record, so this is not a results file written by measure --out`,
      use,
    );
  return { records, withoutTornLine: bytes.subarray(0, complete), tornLine };
}

/**
 * The records of a results file to resume; a torn last record is dropped by an atomic rewrite,
 * and `notice` says so in one line.
 */
export function resumeResultsFile(path: string, notice: (line: string) => void): ResultRecord[] {
  const contents = readResultsFile(path);
  if (contents.withoutTornLine !== null) {
    writeFileAtomic(path, contents.withoutTornLine);
    notice(`dropped the partial last line ${contents.tornLine} of "${path}" (a record cut off when a run was stopped)`);
  }
  return contents.records;
}

/** Start an empty results file (replacing any regular file); UsageError when it cannot be written. */
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
