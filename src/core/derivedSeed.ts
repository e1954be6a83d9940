/**
 * Independent 32-bit seeds for the separate random streams of one record (training data,
 * initial parameters), derived from the user's seed and a label by FNV-1a. Each record's streams
 * depend only on (seed, label), never on which worker runs it or in what order: results are
 * independent of the worker count.
 */
import { fnv1a } from './fnv1a.js';

export function derivedSeed(seed: number, label: string): number {
  return fnv1a(`${seed}:${label}`);
}
