/** A closed interval [a, b] of the real line, a < b. */
import { UsageError } from './usageError.js';

export type Domain = readonly [number, number];

export const DEFAULT_DOMAIN: Domain = [-1, 1];

/** Parse `a,b`; throws UsageError unless a and b are finite numbers with a < b. */
export function parseDomain(text: string): Domain {
  const parts = text.split(',').map((s) => s.trim());
  const [a, b] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new UsageError(`cannot parse domain "${text}"; expected two numbers "a,b"`);
  }
  if (!(a < b)) throw new UsageError(`domain "${text}" is empty; expected a < b`);
  return [a, b];
}
