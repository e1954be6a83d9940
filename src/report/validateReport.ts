/**
 * report.json is validated against specs/schemas/report.schema.json before it is written: a report
 * that does not match its schema is a bug in approx-order (CheckFailedError, exit 3), never a file.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { CheckFailedError } from '../core/errors.js';

const schemaUrl = new URL('../../specs/schemas/report.schema.json', import.meta.url);
let validator: ReturnType<Ajv['compile']> | null = null;

export function validateReport(report: unknown): void {
  if (!validator) validator = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  if (!validator(report)) {
    const lines = (validator.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new CheckFailedError('report schema', lines.join('; '));
  }
}
