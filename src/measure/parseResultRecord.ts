/**
 * One line of a results file read back, checked before any of its numbers is reused: valid JSON
 * with no "__proto__" key at any depth and no number beyond float64 (1e999 parses to Infinity),
 * valid against specs/schemas/result-record.schema.json, and consistent with itself: the parameter
 * count is the unit's at width n (network/networkParams), the start is one the method accepts
 * (core/methods), lsq has an iteration budget of 1, and the domain is an interval.
 *
 * Examples:  parseResultRecord('{"unit":"mlp",...}')  // { record } or { problem: 'is not JSON' }
 */
import { schemaErrorLine, schemaValidator } from '../core/jsonSchema.js';
import { METHOD_STARTS } from '../core/methods.js';
import { UsageError } from '../core/errors.js';
import { parseUnit, type UnitForm } from '../core/unitForm.js';
import { parameterCount } from '../network/networkParams.js';
import type { ResultRecord } from './resultRecord.js';

export type ParsedRecord = { readonly record: ResultRecord } | { readonly problem: string };

/** Thrown by the JSON reviver; carries what is wrong with the line. */
class LineProblem extends Error {}

function reviveChecked(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new LineProblem('has a "__proto__" key');
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new LineProblem(`has a number beyond float64 ("${key}" reads as ${value})`);
  return value;
}

/** Each unit text parsed once per process: a results file repeats a few units thousands of times. */
const units = new Map<string, UnitForm | string>();

/** The unit's parameter count at width n, or why the unit cannot be read. */
function expectedParams(unitText: string, n: number): number | string {
  let unit = units.get(unitText);
  if (unit === undefined) {
    try {
      unit = parseUnit(unitText);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      unit = err.message;
    }
    units.set(unitText, unit);
  }
  return typeof unit === 'string' ? unit : parameterCount(unit, n);
}

/** What makes a schema-valid record inconsistent with itself; null when nothing does. */
function inconsistency(r: ResultRecord): string | null {
  const params = expectedParams(r.unit, r.n);
  if (typeof params === 'string') return `names a unit approx-order cannot read (${params})`;
  if (r.params !== params) return `has params ${r.params}, but unit ${r.unit} at n = ${r.n} has ${params}`;
  if (!METHOD_STARTS[r.method].includes(r.init))
    return `has method ${r.method} with init ${r.init}, which it never uses`;
  if (r.method === 'lsq' && r.maxIterations !== 1)
    return `has method lsq with maxIterations ${r.maxIterations} (lsq records have 1)`;
  if (!(r.domain[0] < r.domain[1])) return `has domain [${r.domain.join(', ')}], which is not an interval`;
  return null;
}

export function parseResultRecord(line: string): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(line, reviveChecked);
  } catch (err) {
    return { problem: err instanceof LineProblem ? err.message : 'is not JSON' };
  }
  const validate = schemaValidator('result-record');
  if (!validate(json)) {
    const errors = validate.errors ?? [];
    if (errors.length === 0) return { problem: 'is not a result record' };
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    return { problem: `${schemaErrorLine('is not a result record', errors[0])}${more}` };
  }
  const record = json as ResultRecord;
  const problem = inconsistency(record);
  return problem === null ? { record } : { problem };
}
