/**
 * The project's JSON schemas (specs/schemas/*.schema.json), compiled once each with ajv (all
 * errors collected) the first time they are used: validating a spec, a report, or the result
 * records read back from a JSONL file.
 *
 * Examples:  const check = schemaValidator('spec'); if (!check(json)) schemaErrorLines(check.errors, 'spec.json')
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

/**
 * ajv, required on first use rather than imported: its CommonJS modules took 10-15 ms to evaluate and
 * its 264 KB of source to compile at every start of measure and verify, which validate nothing on most
 * runs. (A dynamic import would make schemaValidator asynchronous; require keeps it synchronous.)
 */
function loadAjv(): typeof Ajv {
  return (createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv }).Ajv;
}

export type SchemaName = 'spec' | 'report' | 'result-record' | 'network-params' | 'analysis' | 'shard-manifest';

const compiled = new Map<SchemaName, ValidateFunction>();
let ajv: Ajv | null = null;

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    ajv ??= new (loadAjv())({ allErrors: true, strict: false });
    const url = new URL(`../../specs/schemas/${name}.schema.json`, import.meta.url);
    validate = ajv.compile(JSON.parse(readFileSync(url, 'utf8')));
    compiled.set(name, validate);
  }
  return validate;
}

/** One line per schema error: "<source>: <JSON path> <message>[ detail]". */
export function schemaErrorLine(source: string, e: ErrorObject): string {
  const path = e.instancePath === '' ? '/' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
      : e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
        : '';
  return `${source}: ${path} ${e.message}${extra}`;
}
