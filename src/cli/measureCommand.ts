/**
 * `approx-order measure <unit...> --target EXPR --widths LIST --method lsq|lm|adam|paper-newton|varpro [--init I]
 *   [--seeds K] [--data-size N] [--domain a,b] [--max-iterations K] [--gate-scale S] [--json] [--out results.jsonl] [--resume] [--jobs J]`:
 * train (or solve) each unit at each width and seed and report train/test RMSE (train/measureSweep).
 * Progress goes to stderr: a bar on a TTY, one plain line per record otherwise. --json prints the
 * records as one JSON array (schema of one record: specs/schemas/result-record.schema.json).
 */
import type { Command } from 'commander';
import { pathOption } from './pathOption.js';
import { drawProgressBar, stderrIsTerminal } from './progressBar.js';
import { DEFAULT_DOMAIN, parseDomain } from '../core/domain.js';
import { UsageError } from '../core/errors.js';
import { parseWidths } from '../core/widths.js';
import type { MeasureProgress, MeasureRequest } from '../measure/measureSweep.js';
import type { SweepEstimate } from '../measure/sweepEstimate.js';
import { formatBytes, formatSeconds, LONG_RUN_SECONDS, requireSeeds } from '../core/resourceBudget.js';
import { MAX_TEST_SIZE } from '../core/problemNames.js';
import type { ResultRecord } from '../measure/resultRecord.js';
import { observedLocalOrders } from '../fit/observedLocalOrders.js';
import { DEFAULT_TRAINING_POINTS, METHOD_STARTS } from '../core/methods.js';
import { chooseShard } from '../core/shardChoice.js';
import { addDdimOptions, ddimMeasure, isDdimRequest } from './ddimMeasure.js';
import { quoteUserText } from '../core/userText.js';

interface MeasureOptions {
  target?: string;
  problem?: string;
  protocol?: string;
  testSize?: string;
  widths: string;
  method: string;
  init?: string;
  seeds: string;
  dataSize: string;
  domain?: string;
  maxIterations?: string;
  gateScale?: string;
  json?: boolean;
  out?: string;
  resume?: boolean;
  jobs?: string;
  shard?: string;
}

/** A count option: decimal digits only, >= 1 (so "1.5", "2e3" and "0" are refused). */
export function parseCount(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new UsageError(`${option} must be a positive integer, got ${quoteUserText(text)}`);
  return Number(text);
}

/** --seeds and --test-size of a d-dimensional measure, each within its ceiling. */
function ddimCounts(options: MeasureOptions): { seeds: number; testSize: number | undefined } {
  const testSize = options.testSize === undefined ? undefined : parseCount(options.testSize, '--test-size');
  if (testSize !== undefined && testSize > MAX_TEST_SIZE)
    throw new UsageError(
      `--test-size ${testSize} exceeds the limit of ${MAX_TEST_SIZE} test points (the test RMSE's sampling error at the default 100000 is about 0.3%)`,
    );
  const seeds = parseCount(options.seeds, '--seeds');
  requireSeeds(seeds);
  return { seeds, testSize };
}

/** --gate-scale: a positive decimal number up to 1000 (the spec schema's ceiling). */
function parseGateScale(text: string): number {
  const value = Number(text.trim());
  if (!/^\s*\d*\.?\d+(e[+-]?\d+)?\s*$/i.test(text) || !(value > 0 && value <= 1000))
    throw new UsageError(`--gate-scale must be a number in (0, 1000], got ${quoteUserText(text)}`);
  return value;
}

function progressReporter(): (record: ResultRecord, progress: MeasureProgress) => void {
  const tty = stderrIsTerminal();
  return (r, { done, total, reused }) => {
    const what = `${r.unit} n=${r.n} seed=${r.seed} ${r.method}: test RMSE ${r.testRmse.toExponential(3)}${reused ? ' (from --resume)' : ` (${r.seconds.toFixed(2)} s)`}`;
    if (tty) drawProgressBar(done, total, what);
    else process.stderr.write(`measure: ${done}/${total} ${what}\n`);
  };
}

/** Print the sweep's estimate on stderr when it is long (sweepEstimate.ts: rough, single-core rates). */
function announceEstimate(estimate: SweepEstimate): void {
  if (estimate.seconds < LONG_RUN_SECONDS) return;
  process.stderr.write(
    `measure: estimate for ${estimate.runs} runs on ${estimate.workers} worker thread${estimate.workers === 1 ? '' : 's'}: about ${formatSeconds(estimate.seconds)}, peak memory about ${formatBytes(estimate.bytes)}\n`,
  );
}

/**
 * Observed local order of test RMSE into each record from the previous width of the same unit and
 * seed (fit/observedLocalOrders), two decimals; '' for the first width of a series.
 */
function localOrders(records: readonly ResultRecord[]): string[] {
  const out = records.map(() => '');
  const series = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = `${r.unit}\u0000${r.seed}`;
    series.set(key, [...(series.get(key) ?? []), i]);
  });
  for (const indices of series.values()) {
    const sorted = [...indices].sort((p, q) => records[p].n - records[q].n);
    const orders = observedLocalOrders(
      sorted.map((i) => records[i].n),
      sorted.map((i) => records[i].testRmse),
    );
    orders.forEach((o, k) => {
      const [from, to] = [records[sorted[k]], records[sorted[k + 1]]];
      if (from.testRmse > 0 && to.testRmse > 0 && from.n < to.n) out[sorted[k + 1]] = o.order.toFixed(2);
    });
  }
  return out;
}

function table(records: readonly ResultRecord[]): string {
  const header = ['unit', 'n', 'P', 'seed', 'train RMSE', 'test RMSE', 'local order', 'iterations', 'stop', 'seconds'];
  const orders = localOrders(records);
  const rows = records.map((r, i) => [
    r.unit,
    String(r.n),
    String(r.params),
    String(r.seed),
    r.trainRmse.toExponential(3),
    r.testRmse.toExponential(3),
    orders[i],
    String(r.iterations),
    r.stopReason,
    r.seconds.toFixed(2),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const lines = [header, ...rows].map((row) =>
    row
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd(),
  );
  const first = records[0];
  const notes: string[] = [];
  for (const unit of [...new Set(records.map((r) => r.unit))]) {
    const last = records.filter((r) => r.unit === unit).at(-1) as ResultRecord;
    notes.push(`notes (${unit}, n = ${last.n}, seed ${last.seed}):`, ...last.notes.map((note) => `  - ${note}`));
  }
  return [
    `${first.method} from ${first.init} on ${first.target} over [${first.domain.join(', ')}], N = ${first.data} training points, backend ${first.backend}`,
    ...lines,
    ...notes,
  ].join('\n');
}

export function registerMeasureCommand(program: Command): void {
  addDdimOptions(program.command('measure'))
    .description(
      'train or solve networks of each unit at each width and report train/test RMSE (one record per unit, width and seed)',
    )
    .argument('<unit...>', 'built-in (mlp, glu, gqu, relu2, relu3, geglu, swiglu) or a product such as relu(g)^2*u')
    .option(
      '--target <expr>',
      'target function of x, e.g. "1/(1+cos(pi*x)^2)"; on a box domain a function of x1..xd, e.g. "sin(4*x1)*sin(4*x2)"',
    )
    .requiredOption('--widths <list>', 'widths: "8,16,32" or "start:stop:step"')
    .requiredOption(
      '--method <method>',
      'lsq (gates frozen, exact float64 least squares), lm (float64 Levenberg-Marquardt), adam (TF.js float32), ' +
        "paper-newton (the paper's reference optimizer: one pass of staged Newton steps, gates frozen), " +
        'varpro (variable projection: knots by Levenberg-Marquardt, the rest solved exactly)',
    )
    .option(
      '--init <start>',
      Object.entries(METHOD_STARTS)
        .map(([m, inits]) => `${m}: ${inits.join('|')}`)
        .join('; ') +
        ' (first is the default); in d dimensions (--problem, or a box --domain) every method starts from dataq, and adam also from torch',
    )
    .option('--seeds <K>', 'seeds 0..K-1 (training data and random initial parameters)', '1')
    .option('--data-size <N>', 'training points, uniform random on the domain', String(DEFAULT_TRAINING_POINTS))
    .option(
      '--domain <a,b>',
      `domain (default ${DEFAULT_DOMAIN.join(',')}); a box in d dimensions as "[a,b]^d" or "[a1,b1]x[a2,b2]..."`,
    )
    .option(
      '--gate-scale <S>',
      'smooth gates (gelu, silu) under lsq or started from it: gates frozen at the spline knots with |G| = S / (knot spacing), ' +
        'so the gate argument changes by S across a cell (default 2; README "Smooth gates")',
    )
    .option(
      '--max-iterations <K>',
      'lm: maximum iterations (default 50); adam: epochs (default 1000); ' +
        'paper-newton: passes over the stages (default 1, as the reference); varpro: maximum iterations (default 100)',
    )
    .option('--json', 'print the records as one JSON array')
    .option(
      '--out <file>',
      'append records to this JSONL file as they finish (replaced unless --resume); it must be absent or a regular ' +
        'file: a symbolic link, FIFO, device or directory is refused and left as it is; FILE.lock holds it for the ' +
        'run, so a second measure on the same file exits 2 naming the first',
      pathOption('--out'),
    )
    .option(
      '--resume',
      'keep the records already in --out and run only the missing ones; every line is checked first, and a file ' +
        'that is not a results file is refused and left byte for byte as it was',
    )
    .option(
      '--jobs <J>',
      'worker threads (default: one per core; 1 for lsq, whose runs take ~1 ms while a worker takes ~0.4 s to start)',
    )
    .option(
      '--shard <K/N>',
      'run only shard K of N of the runs (balanced by estimated cost) into OUT.shard-K-of-N.jsonl beside ' +
        'OUT.shard-K-of-N.manifest.json (needs --out; combine with `approx-order merge`); without it, the shard is read ' +
        'from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/APPROX_ORDER_SHARD_COUNT when set',
    )
    .action(async (units: string[], options: MeasureOptions) => {
      if (isDdimRequest(options)) {
        const maxIterations =
          options.maxIterations === undefined ? undefined : parseCount(options.maxIterations, '--max-iterations');
        return ddimMeasure(units, { ...options, ...ddimCounts(options), maxIterations });
      }
      if (options.target === undefined) throw new UsageError("required option '--target <expr>' not specified");
      if (options.resume && !options.out)
        throw new UsageError('--resume needs --out <file> (the results file to continue)');
      const shard = chooseShard(options.shard, process.env);
      if (shard !== null && !options.out)
        throw new UsageError(
          `shard ${shard.index} of ${shard.count} (from ${shard.from}) needs --out <file>: each shard writes its own records file`,
        );
      // Loaded when the verb runs, so other verbs do not pay for the trainer's imports.
      const { measureSweep } = await import('../measure/measureSweep.js');
      const request: MeasureRequest = {
        units,
        target: options.target,
        domain: options.domain === undefined ? DEFAULT_DOMAIN : parseDomain(options.domain),
        widths: parseWidths(options.widths),
        method: options.method,
        init: options.init,
        seeds: parseCount(options.seeds, '--seeds'),
        data: parseCount(options.dataSize, '--data-size'),
        maxIterations:
          options.maxIterations === undefined ? undefined : parseCount(options.maxIterations, '--max-iterations'),
        gateScale: options.gateScale === undefined ? undefined : parseGateScale(options.gateScale),
        jobs: options.jobs === undefined ? undefined : parseCount(options.jobs, '--jobs'),
        out: options.out,
        resume: options.resume,
      };
      let records: ResultRecord[];
      if (shard === null) {
        records = await measureSweep(request, { onRecord: progressReporter(), onEstimate: announceEstimate });
      } else {
        const { measureShard } = await import('./measureShard.js');
        records = await measureShard(request, shard, options.out as string);
      }
      if (records.length === 0) {
        process.stdout.write(options.json ? '[]\n' : 'this shard has no runs\n');
        return;
      }
      process.stdout.write(options.json ? `${JSON.stringify(records, null, 2)}\n` : `${table(records)}\n`);
    });
}
