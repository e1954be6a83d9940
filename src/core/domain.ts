/** A closed interval [a, b] of the real line, a < b. */
import { UsageError } from './errors.js';
import { MAX_ACTIVE_DEGREE } from './unitForm.js';
import { quoteUserText } from './userText.js';

export type Domain = readonly [number, number];

export const DEFAULT_DOMAIN: Domain = [-1, 1];

/**
 * Largest max(|a|, |b|) / (b - a) accepted. A network evaluates its gates as G x + g in absolute
 * coordinates, so a domain far from 0 relative to its length loses log10 of this ratio in digits to
 * cancellation: at 1e4 the constructions' own cross-check fails (measured), at 1e3 it holds.
 */
export const MAX_DOMAIN_OFFSET_RATIO = 1e3;

/**
 * Bounds on the scale of a domain: b - a >= MIN_DOMAIN_LENGTH and |a|, |b| <= MAX_DOMAIN_MAGNITUDE.
 * RMSEs and their predicted constants scale like (b - a)^p with p up to MAX_ACTIVE_DEGREE + 1 = 13:
 * 1e20^13 = 1e260 and 1e-20^13 = 1e-260 stay inside float64's normal range (1e-308 .. 1e308), where
 * 1e-300 .. 2e-300 (a length of 1e-300) failed the constructions' own cross-check (exit 3) and
 * -1e308 .. 1e308 has a length that overflows to Infinity. The relative bound is MAX_DOMAIN_OFFSET_RATIO.
 */
export const MIN_DOMAIN_LENGTH = 1e-20;
export const MAX_DOMAIN_MAGNITUDE = 1e20;
// The exponent bound above is stated for MAX_ACTIVE_DEGREE = 12; a larger degree needs narrower bounds.
const DOMAIN_SCALE_EXPONENT = MAX_ACTIVE_DEGREE + 1;

/**
 * Throws UsageError (prefixed by `where`) unless a < b, the domain's scale lies within
 * MIN_DOMAIN_LENGTH and MAX_DOMAIN_MAGNITUDE, and it is not too far from 0 for its length.
 */
export function checkDomain(domain: Domain, where = 'domain'): Domain {
  const [a, b] = domain;
  if (!(a < b)) throw new UsageError(`${where} [${a}, ${b}] is empty; expected a < b`);
  const magnitude = Math.max(Math.abs(a), Math.abs(b));
  if (!(magnitude <= MAX_DOMAIN_MAGNITUDE)) {
    throw new UsageError(
      `${where} [${a}, ${b}] reaches |x| = ${magnitude.toExponential(1)}; at most ${MAX_DOMAIN_MAGNITUDE.toExponential(0)} is accepted ` +
        `(RMSEs scale like the domain's length to the power ${DOMAIN_SCALE_EXPONENT}, which must stay inside float64's range); rescale x`,
    );
  }
  if (!(b - a >= MIN_DOMAIN_LENGTH)) {
    throw new UsageError(
      `${where} [${a}, ${b}] has length ${(b - a).toExponential(1)}; at least ${MIN_DOMAIN_LENGTH.toExponential(0)} is accepted ` +
        `(RMSEs scale like the domain's length to the power ${DOMAIN_SCALE_EXPONENT}, which must stay inside float64's range); rescale x`,
    );
  }
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
    throw new UsageError(`cannot parse domain ${quoteUserText(text)}; expected two numbers "a,b"`);
  }
  if (!(a < b)) throw new UsageError(`domain ${quoteUserText(text)} is empty; expected a < b`);
  return checkDomain([a, b]);
}
