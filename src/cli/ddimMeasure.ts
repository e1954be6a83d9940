/**
 * `measure` on d-dimensional problems: a target of x1..xd on a box (`--target 'sin(4*x1)*sin(4*x2)'
 * --domain '[-1,1]^2'`) or a named problem (`--problem friedman1`), under a protocol (`--protocol
 * paper|holdout`, default holdout). `--method lsq` (frozen data-following gates, exact least squares:
 * a random-features model), `--method lm` (from that fit, every parameter trained by float64
 * Levenberg-Marquardt, up to P = DDIM_LM_MAX_PARAMS) and `--method adam` (TF.js float32, from that fit,
 * or with `--init torch` from PyTorch's default init as the paper did) run in d dimensions; progress
 * goes to stderr, one line per record.
 *
 * Examples:  approx-order measure mlp glu --problem friedman1 --widths 8,16,32 --method lsq --protocol paper
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { parseBoxDomain } from '../core/boxDomain.js';
import { parseWidths } from '../core/widths.js';
import { DDIM_INIT, NAMED_PROBLEMS, parseProblemName, parseProtocol, type DdimInit } from '../core/problemNames.js';
import type { ProblemSpec } from '../data/studyProblem.js';
import type { DdimMethod, DdimRecord } from '../measure/ddimStudy.js';

export interface DdimMeasureOptions {
  readonly target?: string;
  readonly problem?: string;
  readonly domain?: string;
  readonly protocol?: string;
  readonly widths: string;
  readonly method: string;
  readonly init?: string;
  /** seeds 0..seeds-1 */
  readonly seeds: number;
  readonly testSize?: number;
  /** lm: maximum iterations */
  readonly maxIterations?: number;
  readonly json?: boolean;
  readonly out?: string;
}

/** measure's options for d-dimensional problems (the box domain is a form of --domain). */
export function addDdimOptions(command: Command): Command {
  return command
    .option('--problem <name>', `a named d-dimensional problem: ${NAMED_PROBLEMS.join(', ')}`)
    .option(
      '--protocol <protocol>',
      "d-dimensional problems: paper (the paper's data, standardized on all of it, training RMSE) or holdout (seeded 80/20 split; the default)",
    )
    .option(
      '--test-size <N>',
      'd-dimensional synthetic problems under holdout: independent test points (default 100000)',
    );
}

/** Whether measure's options ask for a d-dimensional problem (a named problem, or a box domain `[a,b]...`). */
export function isDdimRequest(options: { problem?: string; domain?: string }): boolean {
  return options.problem !== undefined || (options.domain ?? '').trim().startsWith('[');
}

/** The problem the options name; UsageError for a missing or doubled one. */
export function ddimProblem(options: Pick<DdimMeasureOptions, 'target' | 'problem' | 'domain'>): ProblemSpec {
  if (options.problem !== undefined) {
    if (options.target !== undefined || options.domain !== undefined)
      throw new UsageError('--problem names its own data: give either --problem or --target with --domain, not both');
    return { kind: 'named', name: parseProblemName(options.problem) };
  }
  if (options.target === undefined) throw new UsageError("required option '--target <expr>' not specified");
  return { kind: 'target', expression: options.target, domain: parseBoxDomain(options.domain as string) };
}

function table(records: readonly DdimRecord[]): string {
  const header = ['unit', 'n', 'P', 'unknowns', 'seed', 'train RMSE', 'test RMSE', 'test/train'];
  const rows = records.map((r) => [
    r.unit,
    String(r.n),
    String(r.params),
    String(r.unknowns),
    String(r.seed),
    r.trainRmse.toExponential(3),
    r.testRmse.toExponential(3),
    (r.testRmse / r.trainRmse).toFixed(2),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((c, j) => c.padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function ddimMeasure(units: readonly string[], options: DdimMeasureOptions): Promise<void> {
  if (options.method !== 'lsq' && options.method !== 'lm' && options.method !== 'adam')
    throw new UsageError(
      `method ${JSON.stringify(options.method.slice(0, 40))} is not available in d dimensions; use --method lsq (frozen data-following gates, exact least squares), lm (from that fit, all parameters, float64) or adam (TF.js float32)`,
    );
  const method: DdimMethod = options.method;
  const init = options.init ?? DDIM_INIT;
  if (init !== DDIM_INIT && !(method === 'adam' && init === 'torch'))
    throw new UsageError(
      method === 'adam'
        ? `in d dimensions adam starts from --init dataq (the lsq fit on data-following gates) or --init torch (PyTorch's default init, the paper's protocol), not ${JSON.stringify(init.slice(0, 40))}`
        : `in d dimensions ${method} starts from the data-following gates only (--init dataq)${method === 'lm' ? ', through their lsq fit' : ''}`,
    );
  if (options.out !== undefined)
    throw new UsageError(
      '--out is not available for d-dimensional measure; use verify with a table spec (specs/table1.json)',
    );
  const problem = ddimProblem(options);
  const protocol = parseProtocol(options.protocol ?? 'holdout');
  const widths = parseWidths(options.widths);
  const { seeds, testSize, maxIterations } = options;
  const { ddimStudy } = await import('../measure/ddimStudy.js');
  let done = 0;
  const total = units.length * widths.length * seeds;
  const records = await ddimStudy(
    {
      problem,
      protocol,
      units,
      widths,
      seeds: Array.from({ length: seeds }, (_, i) => i),
      testSize,
      method,
      init: init as DdimInit,
      maxIterations,
    },
    {
      onRecord: (r) =>
        process.stderr.write(
          `measure: ${++done}/${total} ${r.unit} n=${r.n} seed=${r.seed} ${r.method}: train RMSE ${r.trainRmse.toExponential(3)} test RMSE ${r.testRmse.toExponential(3)}` +
            (r.method === 'lm'
              ? ` (from lsq ${r.startTrainRmse?.toExponential(3)}; ${r.iterations} iterations, ${r.stopReason})`
              : r.method === 'adam'
                ? ` (from ${r.init === 'torch' ? 'torch init' : 'lsq'} ${r.startTrainRmse?.toExponential(3)}; ${r.iterations} epochs)`
                : '') +
            '\n',
        ),
    },
  );
  const first = records[0];
  process.stdout.write(
    options.json
      ? `${JSON.stringify(records, null, 2)}\n`
      : (method === 'lm'
          ? `lm (all parameters, float64) from the lsq fit on ${first.init} gates on`
          : method === 'adam'
            ? `adam (all parameters, TF.js float32) from ${init === 'torch' ? "PyTorch's default init (the paper's protocol)" : `the lsq fit on ${first.init} gates`} on`
            : `lsq from ${first.init} gates (frozen: a random-features model) on`) +
          ` ${first.problem} (d = ${first.dim}), protocol ${protocol}, ` +
          `${first.trainRows} training points, ${first.testRows} test points\n${table(records)}\n`,
  );
}
