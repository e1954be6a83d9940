/**
 * report.json is validated against specs/schemas/report.schema.json before it is written: a report
 * that does not match its schema is a bug in approx-order (CheckFailedError, exit 3), never a file.
 */
import { CheckFailedError } from '../core/errors.js';
import { schemaValidator } from '../core/jsonSchema.js';

export function validateReport(report: unknown): void {
  const validator = schemaValidator('report');
  if (!validator(report)) {
    const lines = (validator.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new CheckFailedError('report schema', lines.join('; '));
  }
}
