/**
 * The digest of a spec that every result record carries (`specDigest`), so that `merge` can refuse
 * to mix records from different specs: SHA-256 of the spec's canonical JSON (object keys sorted at
 * every depth, no white space), first 16 hex digits (64 bits: a guard against mixing files by
 * mistake, not against forgery). Any change to the spec, a note included, changes it.
 *
 * Examples:  specDigest({ b: 1, a: [2] }) === specDigest({ a: [2], b: 1 })
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function specDigest(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}
