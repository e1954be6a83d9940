/** A closed interval [a, b] of the real line, a < b. */
import { UsageError } from './errors.js';

export type Domain = readonly [number, number];

export const DEFAULT_DOMAIN: Domain = [-1, 1];

/**
 * Largest max(|a|, |b|) / (b - a) accepted. A network evaluates its gates as G x + g in absolute
 * coordinates, so a domain far from 0 relative to its length loses log10 of this ratio in digits to
 * cancellation: at 1e4 the constructions' own cross-check fails (measured), at 1e3 it holds.
 */
export const MAX_DOMAIN_OFFSET_RATIO = 1e3;

/** Throws UsageError (prefixed by `where`) unless a < b and the domain is not too far from 0 for its length. */
export function checkDomain(domain: Domain, where = 'domain'): Domain {
  const [a, b] = domain;
  if (!(a < b)) throw new UsageError(`${where} [${a}, ${b}] is empty; expected a < b`);
  const ratio = Math.max(Math.abs(a), Math.abs(b)) / (b - a);
  if (!(ratio <= MAX_DOMAIN_OFFSET_RATIO)) {
    throw new UsageError(
      `${where} [${a}, ${b}] lies ${ratio.toExponential(1)} lengths from 0 (at most ${MAX_DOMAIN_OFFSET_RATIO} accepted): ` +
        `gate arguments G x + g would lose about ${Math.round(Math.log10(ratio))} digits to cancellation; shift x so that the domain is near 0`,
    );
  }
  return domain;
}

/** Parse `a,b`; throws UsageError unless a and b are finite numbers with a < b, not too far from 0 (checkDomain). */
export function parseDomain(text: string): Domain {
  const parts = text.split(',').map((s) => s.trim());
  const [a, b] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new UsageError(`cannot parse domain "${text}"; expected two numbers "a,b"`);
  }
  if (!(a < b)) throw new UsageError(`domain "${text}" is empty; expected a < b`);
  return checkDomain([a, b]);
}
