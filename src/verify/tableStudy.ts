/**
 * Table studies (specs/table1.json): the paper's Table 1 (arXiv 2602.14495) measured on every
 * problem, unit and protocol, with slopes, CIs, reference slopes and the GLU-vs-MLP question.
 *
 * A table spec is a JSON object with "kind": "table"; `verify` dispatches on it. Fields:
 *   name, description, units (default mlp, glu, gqu, relu2), protocols (default paper, holdout),
 *   seeds (K: seeds 0..K-1), testSize, maxUnknownsFraction (see measure/ddimStudy),
 *   problems: [{ label, problem | target + domain ([[a, b], ...] or "[a,b]^d"), widths, from,
 *                paperSlopes: { unit: slope } }],
 *   paperOptimizer (optional): { units, widths, seeds, epochs }: the same problems under the `paper`
 *                protocol trained as the paper's code trained them (adam from PyTorch's default init,
 *                AdamW lr 1e-4, weight decay 0, epochs full-batch steps, default 1000; measure/ddimStudy
 *                DDIM_ADAM_SETTINGS.torch), so its Table 1 slopes can be set beside a like-for-like run.
 *
 * Reference slopes printed beside every measured slope (never verdicts: for d > 1 the verdict is
 * "measured; reference slopes shown"):
 *   cells       -(m + 1) / d, the cell-counting heuristic of `analyze --dim d`;
 *   ridge       -(k + (d + 1) / 2) / d, the optimal rate of shallow ReLU^k ridge networks on smooth
 *               targets (Siegel & Xu, Found. Comput. Math. 24 (2024), arXiv:2101.12365; Mao, Siegel &
 *               Xu, arXiv:2408.10996; for fixed inner weights, Mao & Xu, arXiv:2510.04060). Shown only
 *               for units that are ridge functions, relu(g)^k (mlp, relu2, relu3): a GLU neuron
 *               relu(w.x + b)(u.x + c) is not a finite sum of ridge functions when u is not parallel
 *               to w (its kink's jump varies along the hyperplane), so those theorems say nothing
 *               about GLU or GQU.
 *
 * Examples:  await runTableStudy(readTableSpec('specs/table1.json'), { resultsFile, resume: false, log })
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { MAX_SEEDS } from '../core/resourceBudget.js';
import { MAX_TEST_SIZE } from '../core/problemNames.js';
import { quoteUserText } from '../core/userText.js';
import { writeFileAtomic } from '../core/outputFile.js';
import { parseBoxDomain, quotedText, checkBoxDomain, type BoxDomain } from '../core/boxDomain.js';
import { parseUnit } from '../core/unitForm.js';
import {
  parseProblemName,
  parseProtocol,
  type ProblemSpec,
  type Protocol,
  problemDimension,
} from '../data/studyProblem.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
// the 1-D verdicts' slope tolerance, also the resolution at which an order counts as steady across a window
import { DEFAULT_TOLERANCE } from './verificationSpec.js';
import {
  DDIM_ADAM_SETTINGS,
  ddimRecordKey,
  ddimStudy,
  ddimUnits,
  checkDdimMemory,
  type DdimRecord,
  type DdimStudyOptions,
} from '../measure/ddimStudy.js';
import {
  MIN_WINDOW,
  ddimSlope,
  orderDrift,
  steeperSlope,
  type DdimSlope,
  type OrderDrift,
  type SlopeDifference,
} from '../fit/ddimSlopes.js';

export interface TableProblem {
  readonly label: string;
  readonly problem: ProblemSpec;
  readonly dim: number;
  readonly widths: readonly number[];
  readonly from: number;
  readonly paperSlopes: Readonly<Record<string, number>>;
}

/** The paper's optimizer on the table's problems (spec field paperOptimizer). */
export interface PaperOptimizerRuns {
  readonly units: readonly string[];
  readonly widths: readonly number[];
  readonly seeds: readonly number[];
  readonly epochs: number;
}

export interface TableSpec {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly units: readonly string[];
  readonly protocols: readonly Protocol[];
  readonly seeds: readonly number[];
  readonly testSize: number;
  readonly maxUnknownsFraction: number;
  readonly problems: readonly TableProblem[];
  readonly paperOptimizer: PaperOptimizerRuns | null;
}

/** Whether a parsed JSON spec is a table spec. */
export function isTableSpecJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'table';
}

function field<T>(ok: boolean, where: string, expected: string, value: T): T {
  if (!ok) throw new UsageError(`table spec: ${where} must be ${expected}`);
  return value;
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;

/** An optional integer count in 1..max, `fallback` when absent; UsageError naming `where`. */
function optionalCount(value: unknown, where: string, max: number, fallback: number): number {
  return field(
    value === undefined || (isCount(value) && value <= max),
    where,
    `an integer from 1 to ${max}`,
    (value as number | undefined) ?? fallback,
  );
}

const SPEC_KEYS = [
  'kind',
  'name',
  'description',
  'units',
  'protocols',
  'seeds',
  'testSize',
  'maxUnknownsFraction',
  'problems',
  'paperOptimizer',
];
const PAPER_OPTIMIZER_KEYS = ['units', 'widths', 'seeds', 'epochs'];
const PROBLEM_KEYS = ['label', 'problem', 'target', 'domain', 'widths', 'from', 'paperSlopes'];

/** A misspelt key ("seed", "testsize") would otherwise be ignored and its default used in silence. */
function knownKeys(value: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw new UsageError(`table spec: ${where}unknown key ${quoteUserText(unknown)}; known: ${known.join(', ')}`);
}

/** The first value that occurs twice, or undefined. */
function firstRepeat<T>(values: readonly T[]): T | undefined {
  return values.find((v, i) => values.indexOf(v) !== i);
}

/** A list of at least MIN_WINDOW distinct widths (integers >= 1), ascending; UsageError naming `where`. */
function parseWidthList(value: unknown, where: string): number[] {
  const widths = field(
    Array.isArray(value) && value.length >= MIN_WINDOW && value.every(isCount),
    where,
    `a list of at least ${MIN_WINDOW} integers >= 1`,
    value as number[],
  );
  const repeated = firstRepeat(widths);
  if (repeated !== undefined)
    throw new UsageError(`table spec: ${where} lists n = ${repeated} twice; each width is one point of the slope`);
  return [...widths].sort((a, b) => a - b);
}

/** A non-empty list of unit names that lsq can fit in d dimensions; UsageError naming `where` or the unit. */
function parseUnitList(value: unknown, where: string): string[] {
  const units = field(
    Array.isArray(value) && value.length > 0 && value.every((u) => typeof u === 'string'),
    where,
    'a non-empty list of unit names',
    value as string[],
  );
  ddimUnits(units);
  return units;
}

function parseDomainJson(value: unknown, where: string): BoxDomain {
  if (typeof value === 'string') return parseBoxDomain(value);
  field(Array.isArray(value) && value.length >= 1, where, 'a list of [a, b] intervals or "[a,b]^d"', null);
  const box = (value as unknown[]).map((v, k) =>
    field(
      Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)),
      `${where}[${k}]`,
      'an interval [a, b] of two finite numbers',
      v as [number, number],
    ),
  );
  return checkBoxDomain(box, where);
}

function parseProblem(value: unknown, i: number): TableProblem {
  const where = `problems[${i}]`;
  const p = field(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    where,
    'an object',
    value,
  ) as Record<string, unknown>;
  knownKeys(p, PROBLEM_KEYS, `${where}: `);
  // The label names the problem's plot file and its records, and is printed: plain characters only.
  const label = field(
    typeof p.label === 'string' && /^[A-Za-z0-9_-]{1,60}$/.test(p.label),
    `${where}.label`,
    'a name of 1-60 letters, digits, _ and -',
    p.label as string,
  );
  let problem: ProblemSpec;
  if (p.problem !== undefined) {
    problem = { kind: 'named', name: parseProblemName(String(p.problem)) };
  } else {
    const expression = field(
      typeof p.target === 'string',
      `${where}.target`,
      'a target of x1..xd (or give "problem")',
      p.target as string,
    );
    problem = { kind: 'target', expression, domain: parseDomainJson(p.domain, `${where}.domain`) };
  }
  const widths = parseWidthList(p.widths, `${where}.widths`);
  const from = field(
    p.from === undefined || isCount(p.from),
    `${where}.from`,
    'an integer >= 1',
    (p.from as number | undefined) ?? 1,
  );
  if (widths.filter((n) => n >= from).length < MIN_WINDOW)
    throw new UsageError(
      `table spec: ${where}.from is ${from}, which leaves fewer than ${MIN_WINDOW} of its widths for the slope`,
    );
  const slopes = (p.paperSlopes ?? {}) as Record<string, unknown>;
  field(
    typeof slopes === 'object' &&
      !Array.isArray(slopes) &&
      Object.values(slopes).every((v) => typeof v === 'number' && Number.isFinite(v)),
    `${where}.paperSlopes`,
    'an object of numbers',
    null,
  );
  return {
    label,
    problem,
    dim: problemDimension(problem),
    widths,
    from,
    paperSlopes: slopes as Record<string, number>,
  };
}

export function parseTableSpec(json: unknown, source: string): TableSpec {
  const s = json as Record<string, unknown>;
  knownKeys(s, SPEC_KEYS, '');
  const name = field(
    typeof s.name === 'string' && /^[A-Za-z0-9_-]{1,60}$/.test(s.name),
    'name',
    'a plain file name (letters, digits, _ and -)',
    s.name as string,
  );
  const units = s.units === undefined ? ['mlp', 'glu', 'gqu', 'relu2'] : parseUnitList(s.units, 'units');
  const protocols = field(
    s.protocols === undefined || Array.isArray(s.protocols),
    'protocols',
    'a list',
    (s.protocols as string[] | undefined) ?? ['paper', 'holdout'],
  ).map(parseProtocol);
  if (protocols.length === 0 || firstRepeat(protocols) !== undefined)
    throw new UsageError('table spec: protocols must be a non-empty list of distinct protocols (paper, holdout)');
  const seeds = optionalCount(s.seeds, 'seeds', MAX_SEEDS, 3);
  const testSize = optionalCount(s.testSize, 'testSize', MAX_TEST_SIZE, 100000);
  const fraction = field(
    s.maxUnknownsFraction === undefined ||
      (typeof s.maxUnknownsFraction === 'number' && s.maxUnknownsFraction > 0 && s.maxUnknownsFraction <= 1),
    'maxUnknownsFraction',
    'a number in (0, 1]',
    (s.maxUnknownsFraction as number | undefined) ?? 1,
  );
  const problems = field(
    Array.isArray(s.problems) && s.problems.length > 0,
    'problems',
    'a non-empty list',
    s.problems as unknown[],
  ).map(parseProblem);
  const twice = firstRepeat(problems.map((p) => p.label));
  if (twice !== undefined) throw new UsageError(`table spec: two problems have the label "${twice}"`);
  const paperOptimizer = s.paperOptimizer === undefined ? null : parsePaperOptimizer(s.paperOptimizer);
  const spec: TableSpec = {
    name,
    description: typeof s.description === 'string' ? s.description : '',
    source,
    units,
    protocols,
    seeds: Array.from({ length: seeds }, (_, i) => i),
    testSize,
    maxUnknownsFraction: fraction,
    problems,
    paperOptimizer,
  };
  for (const p of problems) {
    checkDdimMemory({ problem: p.problem, protocol: 'paper', units, widths: p.widths, seeds: [0] }, ddimUnits(units));
    if (paperOptimizer) checkDdimMemory(paperOptimizerOptions(p, paperOptimizer), ddimUnits(paperOptimizer.units));
  }
  return spec;
}

function parsePaperOptimizer(value: unknown): PaperOptimizerRuns {
  const o = field(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    'paperOptimizer',
    'an object',
    value as Record<string, unknown>,
  );
  knownKeys(o, PAPER_OPTIMIZER_KEYS, 'paperOptimizer: ');
  const units = parseUnitList(o.units, 'paperOptimizer.units');
  const widths = parseWidthList(o.widths, 'paperOptimizer.widths');
  const seeds = optionalCount(o.seeds, 'paperOptimizer.seeds', MAX_SEEDS, 1);
  const epochs = optionalCount(o.epochs, 'paperOptimizer.epochs', 1e6, DDIM_ADAM_SETTINGS.torch.epochs);
  return { units, widths, seeds: Array.from({ length: seeds }, (_, i) => i), epochs };
}

/** The ddimStudy options of the paper-optimizer runs on one problem: the `paper` protocol, adam from torch init. */
function paperOptimizerOptions(p: TableProblem, runs: PaperOptimizerRuns): DdimStudyOptions {
  return {
    problem: p.problem,
    protocol: 'paper',
    units: runs.units,
    widths: runs.widths,
    seeds: runs.seeds,
    method: 'adam',
    init: 'torch',
    maxIterations: runs.epochs,
  };
}

/** Reference slopes of a unit in d dimensions. */
export interface ReferenceSlopes {
  /** -(m + 1) / d */
  readonly cells: number | null;
  /** -(k + (d + 1) / 2) / d for ridge units relu(g)^k, else null */
  readonly ridge: number | null;
  readonly ridgeNote: string;
}

export function referenceSlopes(unitName: string, d: number): ReferenceSlopes {
  const unit = analysedUnit(parseUnit(unitName));
  const cells = unit.prediction ? -unit.prediction.order / d : null;
  const form = unit.form;
  if (form.maps.length === 1 && form.gate.activation === 'relu') {
    const k = form.gate.power;
    return { cells, ridge: -(k + (d + 1) / 2) / d, ridgeNote: `ReLU^${k} ridge networks (Siegel-Xu)` };
  }
  return {
    cells,
    ridge: null,
    ridgeNote: 'not covered: the unit is not a ridge function (Siegel-Xu applies to ReLU^k ridge networks only)',
  };
}

export interface TableRow {
  readonly problem: string;
  readonly dim: number;
  readonly unit: string;
  readonly paperSlope: number | null;
  readonly slopes: Readonly<Record<string, DdimSlope>>;
  /** by protocol: does the order still change across the window (fit/ddimSlopes orderDrift) */
  readonly drift: Readonly<Record<string, OrderDrift>>;
  readonly references: ReferenceSlopes;
}

/** One unit on one problem trained by the paper's optimizer, beside the paper's slope and our lsq under `paper`. */
export interface PaperOptimizerRow {
  readonly problem: string;
  readonly dim: number;
  readonly unit: string;
  readonly paperSlope: number | null;
  readonly adam: DdimSlope | null;
  readonly lsq: DdimSlope | null;
}

export interface GluVsMlp {
  readonly problem: string;
  readonly protocol: Protocol;
  readonly result: SlopeDifference;
}

export interface TableReport {
  readonly spec: TableSpec;
  readonly rows: readonly TableRow[];
  readonly gluVsMlp: readonly GluVsMlp[];
  /** empty when the spec has no paperOptimizer */
  readonly paperOptimizer: readonly PaperOptimizerRow[];
  readonly paperOptimizerGluVsMlp: readonly GluVsMlp[];
  readonly records: readonly DdimRecord[];
  readonly verdict: 'measured; reference slopes shown';
}

/** Records of a results file written by a table study, each checked; UsageError naming the first bad line. */
export function readTableResults(path: string): DdimRecord[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: DdimRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (i === lines.length - 1) return; // a torn last line (no newline): rerun that record
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line);
    } catch {
      throw new UsageError(`cannot resume ${quotedText(path)}: line ${i + 1} is not JSON; the file is left as it was`);
    }
    const numeric = [
      'n',
      'seed',
      'dim',
      'params',
      'unknowns',
      'rank',
      'trainRows',
      'testRows',
      'trainRmse',
      'testRmse',
    ];
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.problem !== 'string' ||
      typeof r.unit !== 'string' ||
      !numeric.every((k) => typeof r[k] === 'number' && Number.isFinite(r[k])) ||
      (r.protocol !== 'paper' && r.protocol !== 'holdout')
    )
      throw new UsageError(
        `cannot resume ${quotedText(path)}: line ${i + 1} is not a table-study record; the file is left as it was`,
      );
    out.push(r as unknown as DdimRecord);
  });
  return out;
}

export interface TableRunOptions {
  /** JSONL file the records are appended to */
  readonly resultsFile: string;
  readonly resume: boolean;
  readonly log: (line: string) => void;
}

export async function runTableStudy(spec: TableSpec, options: TableRunOptions): Promise<TableReport> {
  const previous = options.resume ? readTableResults(options.resultsFile) : [];
  // A torn last line (a run killed mid-write) is dropped by an atomic rewrite before anything is appended.
  if (options.resume && existsSync(options.resultsFile) && !readFileSync(options.resultsFile, 'utf8').endsWith('\n'))
    writeFileAtomic(options.resultsFile, previous.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const done = new Map(previous.map((r) => [ddimRecordKey(r), r]));
  if (!options.resume) appendFileSync(options.resultsFile, '', { flag: 'w' });
  const records: DdimRecord[] = [];
  const started = Date.now();
  const groups = spec.problems.length * spec.protocols.length;
  let group = 0;
  for (const p of spec.problems) {
    for (const protocol of spec.protocols) {
      group++;
      const got = await ddimStudy(
        {
          problem: p.problem,
          protocol,
          units: spec.units,
          widths: p.widths,
          seeds: spec.seeds,
          testSize: spec.testSize,
          maxUnknownsFraction: spec.maxUnknownsFraction,
        },
        {
          done,
          onRecord: (r) => {
            appendFileSync(options.resultsFile, `${JSON.stringify(r)}\n`);
            options.log(
              `table: [${group}/${groups}] ${p.label} ${protocol} ${r.unit} n=${r.n} seed=${r.seed}: train ${r.trainRmse.toExponential(2)} test ${r.testRmse.toExponential(2)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
            );
          },
        },
      );
      records.push(...got.map((r) => ({ ...r, problem: p.label })));
    }
  }
  const runs = spec.paperOptimizer;
  if (runs) {
    let problem = 0;
    for (const p of spec.problems) {
      problem++;
      const got = await ddimStudy(paperOptimizerOptions(p, runs), {
        done,
        onRecord: (r) => {
          appendFileSync(options.resultsFile, `${JSON.stringify(r)}\n`);
          options.log(
            `table: [paper optimizer ${problem}/${spec.problems.length}] ${p.label} ${r.unit} n=${r.n} seed=${r.seed}: adam from torch init, train ${r.trainRmse.toExponential(2)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
          );
        },
      });
      records.push(...got.map((r) => ({ ...r, problem: p.label })));
    }
  }
  return analyseTable(spec, records);
}

/** lsq records (results files written before lm and adam have no method: lsq). */
export function isLsq(r: DdimRecord): boolean {
  return (r.method ?? 'lsq') === 'lsq';
}

/** Records of the paper's optimizer: adam from PyTorch's default init. */
export function isPaperAdam(r: DdimRecord): boolean {
  return r.method === 'adam' && r.init === 'torch';
}

export function analyseTable(spec: TableSpec, records: readonly DdimRecord[]): TableReport {
  const rows: TableRow[] = [];
  const gluVsMlp: GluVsMlp[] = [];
  for (const p of spec.problems) {
    const slopesOf = new Map<string, Record<string, DdimSlope>>();
    for (const unit of spec.units) {
      const name = parseUnit(unit).name;
      const slopes: Record<string, DdimSlope> = {};
      const drift: Record<string, OrderDrift> = {};
      for (const protocol of spec.protocols) {
        const points = records.filter(
          (r) => r.problem === p.label && r.protocol === protocol && r.unit === name && isLsq(r),
        );
        if (points.length === 0) continue;
        slopes[protocol] = ddimSlope(points, { from: p.from });
        drift[protocol] = orderDrift(points, slopes[protocol], DEFAULT_TOLERANCE);
      }
      slopesOf.set(name, slopes);
      rows.push({
        problem: p.label,
        dim: p.dim,
        unit: name,
        paperSlope: p.paperSlopes[name] ?? null,
        slopes,
        drift,
        references: referenceSlopes(unit, p.dim),
      });
    }
    const [glu, mlp] = [slopesOf.get('glu'), slopesOf.get('mlp')];
    if (glu && mlp)
      for (const protocol of spec.protocols)
        if (glu[protocol] && mlp[protocol])
          gluVsMlp.push({ problem: p.label, protocol, result: steeperSlope(glu[protocol], mlp[protocol]) });
  }
  const paperOptimizer: PaperOptimizerRow[] = [];
  const paperOptimizerGluVsMlp: GluVsMlp[] = [];
  for (const p of spec.paperOptimizer ? spec.problems : []) {
    const adamOf = new Map<string, DdimSlope>();
    for (const unit of spec.paperOptimizer?.units ?? []) {
      const name = parseUnit(unit).name;
      const of = (adam: boolean) =>
        records.filter(
          (r) =>
            r.problem === p.label && r.protocol === 'paper' && r.unit === name && (adam ? isPaperAdam(r) : isLsq(r)),
        );
      const adamPoints = of(true);
      const lsqPoints = of(false);
      const adam = adamPoints.length > 0 ? ddimSlope(adamPoints, { from: p.from }) : null;
      if (adam) adamOf.set(name, adam);
      paperOptimizer.push({
        problem: p.label,
        dim: p.dim,
        unit: name,
        paperSlope: p.paperSlopes[name] ?? null,
        adam,
        lsq: lsqPoints.length > 0 ? ddimSlope(lsqPoints, { from: p.from }) : null,
      });
    }
    const [glu, mlp] = [adamOf.get('glu'), adamOf.get('mlp')];
    if (glu && mlp)
      paperOptimizerGluVsMlp.push({ problem: p.label, protocol: 'paper', result: steeperSlope(glu, mlp) });
  }
  return {
    spec,
    rows,
    gluVsMlp,
    paperOptimizer,
    paperOptimizerGluVsMlp,
    records,
    verdict: 'measured; reference slopes shown',
  };
}
