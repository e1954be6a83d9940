/**
 * The options of the library's one-unit order check (verifyOrder and expectOrder in src/index.ts):
 * one type for both functions, checked key by key before anything runs, and turned into the same
 * verification spec that `approx-order verify` reads (specs/schemas/spec.schema.json), whose parser
 * then checks the values themselves (unit, target, widths, domain).
 *
 * An unknown key is refused rather than ignored: a misspelt `ordr` would otherwise check the derived
 * order instead of the claimed one, a check the caller did not ask for. Every option has a check in
 * OPTION_CHECKS (a Record over the option names, so the compiler refuses an option without one).
 *
 * Examples:  orderSpecJson({ unit: 'glu', order: 3, widths: [8, 16, 32] }, 'expectOrder()')
 *            orderSpecJson({ unit: 'glu', ordr: 3 }, 'verifyOrder()')   // UsageError: unknown option "ordr"
 */
import { UsageError } from '../core/errors.js';
import { METHODS, STARTS, type Method, type Start } from '../core/methods.js';
import type { SpecJson } from './verificationSpec.js';

export interface OrderOptions {
  /** built-in name or unit expression, e.g. 'glu' or 'relu(g)^2*u' */
  readonly unit: string;
  /** target expression in x; default the paper's 1/(1+cos(pi*x)^2) */
  readonly target?: string;
  /** [a, b]; default [-1, 1] */
  readonly domain?: readonly [number, number];
  /** widths n, or a list string like '8:64:8' */
  readonly widths: readonly number[] | string;
  /** default 'lsq' */
  readonly method?: Method;
  /**
   * the claimed approximation order k > 0: RMSE ~ n^-k, i.e. slope -k against n (inputs are 1-D);
   * default the order derived from the unit (src/symbolic). A wrong claim gives FAIL.
   */
  readonly order?: number;
  /** seeds 0..K-1 (trained methods); default 1 */
  readonly seeds?: number;
  /** training points; default 10,000 */
  readonly dataSize?: number;
  /** start of lm or adam (spline, lsq, construct); default per method */
  readonly init?: Start;
  /** lm iterations or adam epochs; default per method */
  readonly maxIterations?: number;
  /** slope tolerance; default 0.15 */
  readonly tolerance?: number;
  /** worker threads for trained methods; default 1 (library calls stay in-process) */
  readonly jobs?: number;
  /** write report.json/md/html and plots here */
  readonly out?: string;
}

export const PAPER_TARGET = '1/(1+cos(pi*x)^2)';

/** A short, escaped description of a value for a message (the value comes from the caller). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}

type Check = (value: unknown) => string | null;

const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string');
const positiveNumber: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'a finite number > 0';
const integerAtLeast =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max
      ? null
      : max === Number.MAX_SAFE_INTEGER
        ? `an integer >= ${min}`
        : `an integer from ${min} to ${max}`;
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `one of ${values.join(', ')}`;

const OPTION_CHECKS: Readonly<Record<keyof OrderOptions, Check>> = {
  unit: nonEmptyString,
  target: nonEmptyString,
  domain: (v) =>
    Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))
      ? null
      : 'an array of two finite numbers [a, b]',
  widths: (v) =>
    (typeof v === 'string' && v.length > 0) ||
    (Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1))
      ? null
      : 'a non-empty array of integers >= 1, or a list string such as "8:64:8"',
  method: oneOf(METHODS),
  order: positiveNumber,
  // the spec schema's bounds (specs/schemas/spec.schema.json)
  seeds: integerAtLeast(1, 1000),
  dataSize: integerAtLeast(2),
  init: oneOf(STARTS),
  maxIterations: integerAtLeast(1),
  tolerance: positiveNumber,
  jobs: integerAtLeast(1),
  out: nonEmptyString,
};
const REQUIRED: ReadonlyArray<keyof OrderOptions> = ['unit', 'widths'];

/** The options, checked: a UsageError prefixed with `caller` names every unknown key, or the first bad value. */
export function checkOrderOptions(options: unknown, caller: string): OrderOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new UsageError(`${caller}: expected an options object such as { unit: 'glu', widths: [8, 16, 32] }`);
  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(OPTION_CHECKS, key));
  if (unknown.length > 0)
    throw new UsageError(
      `${caller}: unknown option${unknown.length === 1 ? '' : 's'} ${unknown.map(shown).join(', ')}; the options are ${Object.keys(OPTION_CHECKS).join(', ')}`,
    );
  for (const key of REQUIRED)
    if (given[key] === undefined) throw new UsageError(`${caller}: option "${key}" is required`);
  for (const [key, check] of Object.entries(OPTION_CHECKS)) {
    const value = given[key];
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== null) throw new UsageError(`${caller}: option "${key}" must be ${expected}, got ${shown(value)}`);
  }
  return given as unknown as OrderOptions;
}

/** The verification spec of one checked options object: one unit, one target, one method. */
export function orderSpecJson(options: OrderOptions): SpecJson {
  const method = options.method ?? 'lsq';
  return {
    name: 'verifyOrder',
    units: [options.unit],
    targets: [options.target ?? PAPER_TARGET],
    ...(options.domain !== undefined ? { domain: [options.domain[0], options.domain[1]] } : {}),
    widths: typeof options.widths === 'string' ? options.widths : [...options.widths],
    methods: [
      {
        name: method,
        ...(options.init !== undefined ? { init: options.init } : {}),
        ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
        ...(method === 'construct' ? {} : { jobs: options.jobs ?? 1 }),
      },
    ],
    ...(options.seeds !== undefined ? { seeds: options.seeds } : {}),
    ...(options.dataSize !== undefined ? { dataSize: options.dataSize } : {}),
    ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    // 1-D inputs: order k is slope -k against n (README "How the claims are derived").
    ...(options.order !== undefined ? { predictedSlopeOverrides: { [options.unit]: -options.order } } : {}),
  };
}
