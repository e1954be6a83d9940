/**
 * Box domains in d dimensions, [a1, b1] x ... x [ad, bd], for targets of x1..xd.
 *
 * Written `[a,b]^d` (the same interval on every axis), `[a1,b1]x[a2,b2]x...` (one interval per axis)
 * or, in a spec, an array of [a, b] pairs. Each interval passes the 1-D checks of checkDomain
 * (a < b, not too far from 0 for its length).
 *
 * Examples:  parseBoxDomain('[-1,1]^2')          // [[-1, 1], [-1, 1]]
 *            parseBoxDomain('[0,1]x[-2,2]')      // [[0, 1], [-2, 2]]
 */
import { UsageError } from './errors.js';
import { checkDomain, type Domain } from './domain.js';

export type BoxDomain = readonly Domain[];

/**
 * Largest input dimension accepted. The paper's problems have d <= 8; beyond 64 a box sample of
 * any size this tool can fit covers the box so thinly that no rate is measurable.
 */
export const MAX_INPUT_DIMENSION = 64;

/** User text inside an error message: JSON-quoted (so control characters are escaped), at most 60 characters. */
export function quotedText(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return JSON.stringify(short);
}

/** Throws UsageError unless 1 <= d <= MAX_INPUT_DIMENSION. */
export function checkInputDimension(d: number, where = 'input dimension'): number {
  if (!Number.isInteger(d) || d < 1 || d > MAX_INPUT_DIMENSION)
    throw new UsageError(`${where} must be an integer in [1, ${MAX_INPUT_DIMENSION}], got ${d}`);
  return d;
}

/** Check every interval of a box (checkDomain) and its dimension. */
export function checkBoxDomain(box: BoxDomain, where = 'domain'): BoxDomain {
  checkInputDimension(box.length, `${where}: the number of axes`);
  box.forEach((interval, k) => checkDomain(interval, `${where} axis x${k + 1}`));
  return box;
}

const NUMBER = String.raw`\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?pi)\s*`;
const INTERVAL = new RegExp(String.raw`^\[${NUMBER},${NUMBER}\]$`);

function parseNumber(text: string): number {
  const t = text.trim();
  if (t === 'pi' || t === '+pi') return Math.PI;
  if (t === '-pi') return -Math.PI;
  return Number(t);
}

function parseInterval(text: string, whole: string): Domain {
  const m = INTERVAL.exec(text.trim());
  if (!m)
    throw new UsageError(
      `cannot parse the interval ${quotedText(text)} in domain ${quotedText(whole)}; expected [a,b]`,
    );
  return [parseNumber(m[1]), parseNumber(m[2])];
}

/** `[a,b]^d` or `[a1,b1]x[a2,b2]...`; throws UsageError on anything else, d < 1, or an empty interval. */
export function parseBoxDomain(text: string): BoxDomain {
  const trimmed = text.trim();
  const power = /^(.*\])\s*\^\s*([-+]?\d+)$/.exec(trimmed);
  if (power) {
    const d = Number(power[2]);
    if (d < 1) throw new UsageError(`domain ${quotedText(text)} has dimension ${d}; the dimension must be at least 1`);
    checkInputDimension(d, `domain ${quotedText(text)}: the dimension`);
    const interval = parseInterval(power[1], text);
    return checkBoxDomain(Array.from({ length: d }, () => interval));
  }
  const parts = trimmed.split(/\]\s*[x×]\s*\[/);
  if (parts.length > 1) {
    return checkBoxDomain(
      parts.map((p, k) => parseInterval(`${k > 0 ? '[' : ''}${p}${k < parts.length - 1 ? ']' : ''}`, text)),
    );
  }
  return checkBoxDomain([parseInterval(trimmed, text)]);
}
