/**
 * Verification specs (specs/*.json): read, validate against specs/schemas/spec.schema.json with
 * ajv (all errors, one line each with its JSON path), then check every unit, target, domain and
 * width list with the same parsers the other verbs use, and fill in defaults.
 * Any problem is a UsageError (exit 2).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { UsageError } from '../core/errors.js';
import { parseInitialisation, parseMethod } from '../train/trainingMethods.js';
import { frozenGateFamily } from '../train/frozenGateFamily.js';
import { parseUnit, type UnitForm } from '../core/unitForm.js';
import { compileTarget, type Target } from '../core/target.js';
import { DEFAULT_DOMAIN, checkDomain, type Domain } from '../core/domain.js';
import { parseWidths } from '../core/widths.js';

export type MethodName = 'construct' | 'lsq' | 'lm' | 'adam';
export type BaselineKind = 'linear' | 'quadratic' | 'cubic';

export const DEFAULT_TOLERANCE = 0.15;
export const DEFAULT_DATA_SIZE = 10000;
export const DEFAULT_SEED_COUNT = 1;

export interface MethodPlan {
  readonly name: MethodName;
  readonly widths: number[];
  /** seeds 0..K-1; [] for construct (deterministic) */
  readonly seeds: number[];
  readonly init?: string;
  readonly dataSize: number;
  readonly maxIterations?: number;
  readonly jobs?: number;
  readonly note?: string;
}

export interface OpenQuestion {
  /** absent: every unit (of `method`) */
  readonly unit?: string;
  readonly method?: MethodName;
  readonly reason: string;
}

export interface VerificationSpec {
  readonly name: string;
  readonly description: string;
  /** where it was read from, or "(inline)" */
  readonly source: string;
  readonly units: UnitForm[];
  readonly targets: Target[];
  readonly domain: Domain;
  readonly methods: MethodPlan[];
  readonly tolerance: number;
  readonly baselines: BaselineKind[];
  readonly allowInconclusive: boolean;
  readonly predictedSlopeOverrides: Record<string, number>;
  readonly openQuestions: OpenQuestion[];
  /** the JSON as given */
  readonly raw: Record<string, unknown>;
}

const schemaUrl = new URL('../../specs/schemas/spec.schema.json', import.meta.url);
let validator: ReturnType<Ajv['compile']> | null = null;

function validate(json: unknown): ErrorObject[] {
  if (!validator) validator = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  return validator(json) ? [] : [...(validator.errors ?? [])];
}

function errorLine(source: string, e: ErrorObject): string {
  const path = e.instancePath === '' ? '/' : e.instancePath;
  const extra = e.keyword === 'additionalProperties'
    ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
    : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
  return `${source}: ${path} ${e.message}${extra}`;
}

function widthsOf(value: unknown): number[] {
  return typeof value === 'string' ? parseWidths(value) : [...new Set(value as number[])].sort((a, b) => a - b);
}

/** Rethrow a parser's UsageError prefixed with where in the spec the value sits. */
function at<T>(source: string, path: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${source}: ${path}: ${err.message}`);
    throw err;
  }
}

/** Validate a parsed spec object; `source` names it in messages. */
export function parseVerificationSpec(json: unknown, source = '(inline)'): VerificationSpec {
  const errors = validate(json);
  if (errors.length > 0) {
    // ajv reports the failing branches of a oneOf and then the oneOf itself; keep them all, one per line.
    throw new UsageError(`invalid spec (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.map((e) => errorLine(source, e)).join('\n')}`, true);
  }
  const raw = json as Record<string, any>;
  const domain: Domain = raw.domain ? [raw.domain[0], raw.domain[1]] : DEFAULT_DOMAIN;
  checkDomain(domain, `${source}: /domain:`);
  const units = (raw.units as string[]).map((u, i) => at(source, `/units/${i}`, () => parseUnit(u)));
  const targets = (raw.targets as string[]).map((e, i) => at(source, `/targets/${i}`, () => compileTarget(e, domain)));
  const defaultWidths = raw.widths === undefined ? null : at(source, '/widths', () => widthsOf(raw.widths));
  const dataSize = raw.dataSize ?? DEFAULT_DATA_SIZE;
  const seedCount: number = raw.seeds ?? DEFAULT_SEED_COUNT;
  const names = new Set<string>();
  const methods = (raw.methods as Array<Record<string, any>>).map((m, i): MethodPlan => {
    if (names.has(m.name)) throw new UsageError(`${source}: /methods/${i}/name: method "${m.name}" is listed twice`);
    names.add(m.name);
    const widths = m.widths === undefined ? defaultWidths : at(source, `/methods/${i}/widths`, () => widthsOf(m.widths));
    if (!widths) throw new UsageError(`${source}: /methods/${i}: method "${m.name}" has no widths and the spec has no default "widths"`);
    // Method/start/unit combinations the trainer would refuse are refused here, before any run starts.
    if (m.name !== 'construct') {
      const method = parseMethod(m.name);
      const init = at(source, `/methods/${i}/init`, () => parseInitialisation(method, m.init));
      if (method === 'lsq' || init === 'lsq') units.forEach((u, k) => at(source, `/units/${k}`, () => frozenGateFamily(u)));
    }
    return {
      name: m.name, widths, seeds: m.name === 'construct' ? [] : Array.from({ length: m.seeds ?? seedCount }, (_, k) => k), init: m.init, jobs: m.jobs,
      dataSize: m.dataSize ?? dataSize, maxIterations: m.maxIterations, note: m.note,
    };
  });
  const unitNames = new Set(units.map((u) => u.name));
  const overrides: Record<string, number> = raw.predictedSlopeOverrides ?? {};
  for (const key of Object.keys(overrides)) {
    if (!unitNames.has(key)) throw new UsageError(`${source}: /predictedSlopeOverrides/${key}: "${key}" is not one of the spec's units (${[...unitNames].join(', ')})`);
  }
  const openQuestions: OpenQuestion[] = raw.openQuestions ?? [];
  openQuestions.forEach((q, i) => {
    if (q.unit !== undefined && !unitNames.has(q.unit)) throw new UsageError(`${source}: /openQuestions/${i}/unit: "${q.unit}" is not one of the spec's units (${[...unitNames].join(', ')})`);
  });
  return {
    name: raw.name, description: raw.description ?? '', source, units, targets, domain, methods,
    tolerance: raw.tolerance ?? DEFAULT_TOLERANCE, baselines: raw.baselines ?? [], allowInconclusive: raw.allowInconclusive ?? false,
    predictedSlopeOverrides: overrides, openQuestions, raw,
  };
}

/** Read and validate a spec file. */
export function readVerificationSpec(path: string): VerificationSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read spec "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`spec "${path}" is not valid JSON (${(err as Error).message})`);
  }
  return parseVerificationSpec(json, path);
}
