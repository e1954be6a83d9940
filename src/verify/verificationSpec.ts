/**
 * Verification specs (specs/*.json): read, validate against specs/schemas/spec.schema.json with
 * ajv (all errors, one line each with its JSON path), then check every unit, target, domain and
 * width list with the same parsers the other verbs use, analyse each unit once, and fill in defaults.
 * Any problem is a UsageError (exit 2).
 */
import { displayPath } from '../core/displayPath.js';
import { UsageError } from '../core/errors.js';
import { readInputText } from '../core/inputFile.js';
import { schemaErrorLine, schemaValidator } from '../core/jsonSchema.js';
import { DEFAULT_TRAINING_POINTS, parseStart, parseTrainedMethod, type Method, type Start } from '../core/methods.js';
import { parseUnit } from '../core/unitForm.js';
import { quoteUserText } from '../core/userText.js';
import { compileTarget, type Target } from '../core/target.js';
import { DEFAULT_DOMAIN, checkDomain, type Domain } from '../core/domain.js';
import { parseWidths } from '../core/widths.js';
import { analysedUnit, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { methodRefusal } from '../train/methodRefusal.js';
import type { BaselineKind } from './splineBaseline.js';
import { requireMemory } from '../core/resourceBudget.js';
import { constructionCost } from '../construct/constructionCost.js';
import { defaultWorkers, estimateSweep, requireRunTimes } from '../measure/sweepEstimate.js';
import { defaultMaxIterations } from '../measure/runMeasurement.js';

export const DEFAULT_TOLERANCE = 0.15;
export const DEFAULT_SEED_COUNT = 1;

/** A width list as the schema allows it: integers, or a string such as "2:100:2,128". */
type WidthsJson = number[] | string;

/** One entry of "methods" (specs/schemas/spec.schema.json#/definitions/method). */
interface MethodJson {
  readonly name: Method;
  readonly units?: string[];
  readonly widths?: WidthsJson;
  readonly unitWidths?: Record<string, WidthsJson>;
  readonly seeds?: number;
  readonly init?: Start;
  readonly dataSize?: number;
  readonly maxIterations?: number;
  readonly unitMaxIterations?: Record<string, number>;
  readonly gateScale?: number;
  readonly jobs?: number;
  readonly note?: string;
}

/** A spec as specs/schemas/spec.schema.json describes it; only what passed validation is cast to it. */
export interface SpecJson {
  readonly name: string;
  readonly description?: string;
  readonly units: string[];
  readonly targets: string[];
  readonly domain?: [number, number];
  readonly widths?: WidthsJson;
  readonly methods: MethodJson[];
  readonly seeds?: number;
  readonly dataSize?: number;
  readonly tolerance?: number;
  readonly baselines?: BaselineKind[];
  readonly allowInconclusive?: boolean;
  readonly predictedSlopeOverrides?: Record<string, number>;
  readonly openQuestions?: OpenQuestion[];
}

export interface MethodPlan {
  readonly name: Method;
  /** the spec's units this method runs, in the spec's order (default: all) */
  readonly units: AnalysedUnit[];
  /** the method's widths: every unit runs them unless unitWidths names a subset for it */
  readonly widths: number[];
  /** unit name (its canonical form) -> the subset of `widths` it runs, where the spec gives one */
  readonly unitWidths: ReadonlyMap<string, readonly number[]>;
  /** seeds 0..K-1; [] for construct (deterministic) */
  readonly seeds: number[];
  readonly init?: Start;
  readonly dataSize: number;
  readonly maxIterations?: number;
  /** unit name (its canonical form) -> its own iteration budget in place of maxIterations, where the spec gives one */
  readonly unitMaxIterations: ReadonlyMap<string, number>;
  /** smooth gates under lsq or started from it (splineInitialisation.ts); default 2 */
  readonly gateScale?: number;
  readonly jobs?: number;
  readonly note?: string;
}

export interface OpenQuestion {
  /** absent: every unit (of `method`) */
  readonly unit?: string;
  readonly method?: Method;
  readonly reason: string;
}

export interface VerificationSpec {
  readonly name: string;
  readonly description: string;
  /** where it was read from, or "(inline)" */
  readonly source: string;
  /** each unit analysed once (symbolic/analysedUnit), in the spec's order */
  readonly units: AnalysedUnit[];
  readonly targets: Target[];
  readonly domain: Domain;
  readonly methods: MethodPlan[];
  readonly tolerance: number;
  readonly baselines: BaselineKind[];
  readonly allowInconclusive: boolean;
  readonly predictedSlopeOverrides: Record<string, number>;
  readonly openQuestions: OpenQuestion[];
  /** the JSON as given */
  readonly raw: SpecJson;
}

function widthsOf(value: WidthsJson): number[] {
  return typeof value === 'string' ? parseWidths(value) : [...new Set(value)].sort((a, b) => a - b);
}

/** The widths a plan runs for one unit: its unitWidths entry, or the method's widths. */
export function planWidthsFor(plan: MethodPlan, unitName: string): readonly number[] {
  return plan.unitWidths.get(unitName) ?? plan.widths;
}

/**
 * A method's "unitWidths": each key one of the method's units (as written in the spec's "units"),
 * each value a subset of the method's widths. It lets a costly unit (a smooth gate's dense lsq, its
 * uncompressed LM) run fewer widths of the same list, so that its slope sits beside the others' at
 * equal widths without every unit paying its cost.
 */
function planUnitWidths(
  m: MethodJson,
  i: number,
  raw: SpecJson,
  units: readonly AnalysedUnit[],
  widths: readonly number[],
  source: string,
): Map<string, number[]> {
  const result = new Map<string, number[]>();
  for (const [written, value] of Object.entries(m.unitWidths ?? {})) {
    const unit = methodUnitNamed(written, `/methods/${i}/unitWidths`, raw, units, source);
    const own = at(source, `/methods/${i}/unitWidths/${quoteUserText(written)}`, () => widthsOf(value));
    const outside = own.filter((n) => !widths.includes(n));
    if (outside.length > 0)
      throw new UsageError(
        `${source}: /methods/${i}/unitWidths/${quoteUserText(written)}: width ${outside[0]} is not one of the method's widths`,
      );
    result.set(unit.form.name, own);
  }
  return result;
}

/** A key of a per-unit field of method i (unitWidths, unitMaxIterations): one of the method's units as written in "units". */
function methodUnitNamed(
  written: string,
  path: string,
  raw: SpecJson,
  units: readonly AnalysedUnit[],
  source: string,
): AnalysedUnit {
  const k = raw.units.indexOf(written);
  const unit = k < 0 ? undefined : units.find((u) => u.form.name === parseUnit(raw.units[k]).name);
  if (!unit)
    throw new UsageError(
      `${source}: ${path}: ${quoteUserText(written)} is not one of this method's units (${units.map((u) => u.form.name).join(', ')})`,
    );
  return unit;
}

/**
 * A method's "unitMaxIterations": each key one of the method's units, each value that unit's own budget.
 * It lets a unit whose optimizer converges in a few hundred iterations get them while units that would
 * spend them without converging (or cost far more per iteration) keep a smaller budget; a run that ends
 * at its cap cannot PASS or FAIL either way (runVerification.ts, not-converged).
 */
function planUnitMaxIterations(
  m: MethodJson,
  i: number,
  raw: SpecJson,
  units: readonly AnalysedUnit[],
  source: string,
): Map<string, number> {
  const result = new Map<string, number>();
  if ((m.name === 'lsq' || m.name === 'construct') && Object.keys(m.unitMaxIterations ?? {}).length > 0)
    throw new UsageError(`${source}: /methods/${i}/unitMaxIterations: ${m.name} has no iterations`);
  for (const [written, value] of Object.entries(m.unitMaxIterations ?? {}))
    result.set(methodUnitNamed(written, `/methods/${i}/unitMaxIterations`, raw, units, source).form.name, value);
  return result;
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

/** The schema-valid JSON, or a UsageError listing every schema error, one per line. */
function validated(json: unknown, source: string): SpecJson {
  const validator = schemaValidator('spec');
  if (validator(json)) return json as SpecJson;
  const errors = validator.errors ?? [];
  // ajv reports the failing branches of a oneOf and then the oneOf itself; keep them all. One line per
  // error and nothing else, each naming the file and the JSON pointer (README "Set-up": bad input is
  // one line per problem); the CLI puts its "approx-order: " prefix on each line.
  throw new UsageError(errors.map((e) => `invalid spec: ${schemaErrorLine(source, e)}`).join('\n'), true);
}

/** A method's "units": each must be one of the spec's (as written there); the result keeps the spec's order. */
function planUnits(
  m: MethodJson,
  i: number,
  raw: SpecJson,
  units: readonly AnalysedUnit[],
  source: string,
): AnalysedUnit[] {
  if (m.units === undefined) return [...units];
  m.units.forEach((name, k) => {
    if (!raw.units.includes(name))
      throw new UsageError(
        `${source}: /methods/${i}/units/${k}: "${name}" is not one of the spec's units (${raw.units.join(', ')})`,
      );
  });
  return units.filter((_, k) => m.units?.includes(raw.units[k]));
}

function methodPlans(raw: SpecJson, allUnits: readonly AnalysedUnit[], source: string): MethodPlan[] {
  const defaultWidths =
    raw.widths === undefined ? null : at(source, '/widths', () => widthsOf(raw.widths as WidthsJson));
  const dataSize = raw.dataSize ?? DEFAULT_TRAINING_POINTS;
  const seedCount = raw.seeds ?? DEFAULT_SEED_COUNT;
  const names = new Set<string>();
  return raw.methods.map((m, i): MethodPlan => {
    if (names.has(m.name)) throw new UsageError(`${source}: /methods/${i}/name: method "${m.name}" is listed twice`);
    names.add(m.name);
    const units = planUnits(m, i, raw, allUnits, source);
    const widths =
      m.widths === undefined
        ? defaultWidths
        : at(source, `/methods/${i}/widths`, () => widthsOf(m.widths as WidthsJson));
    if (!widths)
      throw new UsageError(
        `${source}: /methods/${i}: method "${m.name}" has no widths and the spec has no default "widths"`,
      );
    const plan: MethodPlan = {
      name: m.name,
      units,
      widths,
      unitWidths: planUnitWidths(m, i, raw, units, widths, source),
      seeds: m.name === 'construct' ? [] : Array.from({ length: m.seeds ?? seedCount }, (_, k) => k),
      init: m.init,
      jobs: m.jobs,
      dataSize: m.dataSize ?? dataSize,
      maxIterations: m.maxIterations,
      unitMaxIterations: planUnitMaxIterations(m, i, raw, units, source),
      ...(m.gateScale === undefined ? {} : { gateScale: m.gateScale }),
      note: m.note,
    };
    requirePlanFits(plan, i, allUnits, source);
    return plan;
  });
}

/**
 * Method/start/unit combinations the trainer would refuse, and sizes over a ceiling, refused while the spec
 * is read, before any run starts: seeds, workers and memory as measure checks them (sweepEstimate.ts), each
 * run's time with its unit's own widths and budget, and a construction's memory.
 */
function requirePlanFits(plan: MethodPlan, i: number, allUnits: readonly AnalysedUnit[], source: string): void {
  if (plan.name === 'construct') {
    for (const u of plan.units) {
      if (!u.construction) continue;
      at(source, `/methods/${i}`, () =>
        requireMemory(
          constructionCost(u, plan.widths).bytes,
          `construct ${u.form.name} at ${plan.widths.length} widths up to n = ${plan.widths[plan.widths.length - 1]}`,
        ),
      );
    }
    return;
  }
  const method = parseTrainedMethod(plan.name);
  const init = at(source, `/methods/${i}/init`, () => parseStart(method, plan.init));
  plan.units.forEach((u) => {
    const refusal = methodRefusal(method, init, u);
    if (refusal) throw new UsageError(`${source}: /units/${allUnits.indexOf(u)}: ${refusal}`);
  });
  const budget = (u: AnalysedUnit): number =>
    method === 'lsq'
      ? 1
      : (plan.unitMaxIterations.get(u.form.name) ?? plan.maxIterations ?? defaultMaxIterations(method));
  at(source, `/methods/${i}`, () =>
    requireRunTimes(
      plan.units.flatMap((u) =>
        planWidthsFor(plan, u.form.name).map((n) => ({ unit: u, n, maxIterations: budget(u) })),
      ),
      method,
      init,
      plan.dataSize,
    ),
  );
  at(source, `/methods/${i}`, () =>
    estimateSweep({
      units: plan.units,
      method,
      init,
      widths: plan.widths,
      seeds: plan.seeds.length,
      data: plan.dataSize,
      maxIterations: method === 'lsq' ? 1 : (plan.maxIterations ?? defaultMaxIterations(method)),
      ...(method === 'lsq' ? {} : { unitMaxIterations: Object.fromEntries(plan.unitMaxIterations) }),
      jobs: plan.jobs,
      defaultJobs: defaultWorkers(method),
    }),
  );
}

/**
 * The report goes to reports/<name>/, so the name must be one plain file-name component. The schema
 * pattern says so too; this check runs first, for a one-line message, and holds for any schema.
 */
function checkSpecName(json: unknown, source: string): void {
  const name =
    typeof json === 'object' && json !== null && Object.hasOwn(json, 'name') ? (json as SpecJson).name : null;
  if (typeof name === 'string' && /^\.*$|[/\\]/.test(name))
    throw new UsageError(
      `${source}: /name: "${name}" is not a plain file-name component (the report goes to reports/<name>/); use letters, digits, '.', '_' and '-', not only dots`,
    );
}

/** Validate a parsed spec object; `source` names it in messages. */
export function parseVerificationSpec(json: unknown, source = '(inline)'): VerificationSpec {
  checkSpecName(json, source);
  const raw = validated(json, source);
  const domain: Domain = raw.domain ? [raw.domain[0], raw.domain[1]] : DEFAULT_DOMAIN;
  checkDomain(domain, `${source}: /domain:`);
  const units = raw.units.map((u, i) => at(source, `/units/${i}`, () => analysedUnit(parseUnit(u))));
  // Two spellings of one unit ("glu" and "GLU", "relu(g)*u" and "u*relu(g)") would run every job twice and
  // leave a results file that --resume rightly refuses (a run repeated); the schema's uniqueItems sees text only.
  units.forEach((u, i) => {
    const first = units.findIndex((v) => v.form.name === u.form.name);
    if (first < i)
      throw new UsageError(
        `${source}: /units/${i}: ${quoteUserText(raw.units[i])} is the unit ${u.form.name} again (/units/${first}: ${quoteUserText(raw.units[first])})`,
      );
  });
  const targets = raw.targets.map((e, i) => at(source, `/targets/${i}`, () => compileTarget(e, domain)));
  const methods = methodPlans(raw, units, source);
  const unitNames = new Set(units.map((u) => u.form.name));
  const overrides: Record<string, number> = raw.predictedSlopeOverrides ?? {};
  for (const key of Object.keys(overrides)) {
    if (!unitNames.has(key))
      throw new UsageError(
        `${source}: /predictedSlopeOverrides/${key}: "${key}" is not one of the spec's units (${[...unitNames].join(', ')})`,
      );
  }
  const openQuestions: OpenQuestion[] = raw.openQuestions ?? [];
  openQuestions.forEach((q, i) => {
    if (q.unit !== undefined && !unitNames.has(q.unit))
      throw new UsageError(
        `${source}: /openQuestions/${i}/unit: "${q.unit}" is not one of the spec's units (${[...unitNames].join(', ')})`,
      );
  });
  return {
    name: raw.name,
    description: raw.description ?? '',
    source,
    units,
    targets,
    domain,
    methods,
    tolerance: raw.tolerance ?? DEFAULT_TOLERANCE,
    baselines: raw.baselines ?? [],
    allowInconclusive: raw.allowInconclusive ?? false,
    predictedSlopeOverrides: overrides,
    openQuestions,
    raw,
  };
}

/** Read and validate a spec file; the spec's `source` is the path relative to the working directory (core/displayPath). */
export function readVerificationSpec(path: string): VerificationSpec {
  // A FIFO or a device (/dev/zero) is refused, not read forever (core/inputFile).
  const text = readInputText(path, 'spec');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`spec "${path}" is not valid JSON (${(err as Error).message})`);
  }
  return parseVerificationSpec(json, displayPath(path));
}
