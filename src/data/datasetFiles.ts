/**
 * The two real data sets of the paper's Table 1, read from the repository's data/ folder and
 * checked against their SHA-256 digests before use (data/README.md gives provenance and licences):
 * a missing, corrupted or substituted file is a one-line UsageError naming the file and the digest
 * it should have, never a silently different result.
 *
 *   airfoil     NASA airfoil self-noise (UCI, DOI 10.24432/C5VW2C): 1503 rows, 5 features, target the
 *               scaled sound pressure level [dB]
 *   california  California housing (Pace and Barry 1997, StatLib), 20640 rows, scikit-learn's 8
 *               features in its order (fetch_california_housing): MedInc, HouseAge, AveRooms =
 *               total_rooms / households, AveBedrms = total_bedrooms / households, Population,
 *               AveOccup = population / households, Latitude, Longitude; target median_house_value / 100000
 *
 * Shapes: X is rows x dim, row-major; y has length rows. Units as in the files.
 *
 * Examples:  readDataset('airfoil').rows === 1503
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import type { RegressionData } from './friedman.js';

export type DatasetName = 'airfoil' | 'california';

export interface DatasetFile {
  readonly file: string;
  readonly sha256: string;
  readonly rows: number;
  readonly features: readonly string[];
  readonly target: string;
}

export const DATASET_FILES: Readonly<Record<DatasetName, DatasetFile>> = {
  airfoil: {
    file: 'airfoil_self_noise.dat',
    sha256: '74c75fd71783f1e6b71f8a622b993dc592897a97cd689c5090a07147a1b097b3',
    rows: 1503,
    features: [
      'frequency',
      'angle of attack',
      'chord length',
      'free-stream velocity',
      'suction-side displacement thickness',
    ],
    target: 'scaled sound pressure level [dB]',
  },
  california: {
    file: 'cal_housing.csv',
    sha256: '534365b6c3c9b07c2b7d88e0ff9f1b41725d8b799748f5c0b80e1067f51c8ab3',
    rows: 20640,
    features: ['MedInc', 'HouseAge', 'AveRooms', 'AveBedrms', 'Population', 'AveOccup', 'Latitude', 'Longitude'],
    target: 'median house value / 100000',
  },
};

/** The repository's data/ folder (beside src/ and dist/). */
export const DATA_DIRECTORY = fileURLToPath(new URL('../../data/', import.meta.url));

/** The file's bytes, after checking its SHA-256; UsageError naming the file and the expected digest otherwise. */
export function verifiedBytes(path: string, expected: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(
      `data file "${path}" cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected SHA-256 ${expected}`,
    );
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== expected)
    throw new UsageError(`data file "${path}" has SHA-256 ${digest}, expected ${expected} (corrupted or substituted)`);
  return bytes;
}

function rowError(path: string, line: number, why: string): UsageError {
  return new UsageError(`data file "${path}" line ${line}: ${why}`);
}

function parseAirfoil(path: string, text: string): RegressionData {
  const X: number[] = [];
  const y: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const values = line.trim().split(/\s+/).map(Number);
    if (values.length !== 6 || !values.every(Number.isFinite)) throw rowError(path, i + 1, 'expected 6 numbers');
    X.push(...values.slice(0, 5));
    y.push(values[5]);
  });
  return { X: Float64Array.from(X), y: Float64Array.from(y), rows: y.length, dim: 5 };
}

function parseCalifornia(path: string, text: string): RegressionData {
  const lines = text.split(/\r?\n/);
  const X: number[] = [];
  const y: number[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const values = line.split(',').map(Number);
    if (values.length !== 9 || !values.every(Number.isFinite)) throw rowError(path, i + 2, 'expected 9 numbers');
    const [longitude, latitude, age, rooms, bedrooms, population, households, income, value] = values;
    X.push(
      income,
      age,
      rooms / households,
      bedrooms / households,
      population,
      population / households,
      latitude,
      longitude,
    );
    y.push(value / 100000);
  });
  return { X: Float64Array.from(X), y: Float64Array.from(y), rows: y.length, dim: 8 };
}

/** Read, verify and parse a data set; `directory` defaults to the repository's data/. */
export function readDataset(name: DatasetName, directory: string = DATA_DIRECTORY): RegressionData {
  const entry = DATASET_FILES[name];
  const path = `${directory.replace(/\/?$/, '/')}${entry.file}`;
  const text = verifiedBytes(path, entry.sha256).toString('latin1');
  const data = name === 'airfoil' ? parseAirfoil(path, text) : parseCalifornia(path, text);
  if (data.rows !== entry.rows)
    throw new UsageError(`data file "${path}" has ${data.rows} rows, expected ${entry.rows}`);
  return data;
}
