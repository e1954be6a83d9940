/**
 * Independent 32-bit seeds for the separate random streams of one record (training data,
 * initial parameters), derived from the user's seed and a label by FNV-1a. Each record's streams
 * depend only on (seed, label), never on which worker runs it or in what order: results are
 * independent of the worker count.
 */
export function derivedSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  const text = `${seed}:${label}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
