/**
 * `approx-order verify [SPEC] [--out DIR] [--resume] [--json]`: run a verification spec (default:
 * the packaged specs/paper.json), write reports/<spec name>/ (report.json, report.md, report.html,
 * SVG plots, results-<method>.jsonl), print the verdict table, or with --json the verdicts as JSON:
 * {spec: {name, source}, verdicts, summary, report} where verdicts and summary are report.json's own
 * (specs/schemas/report.schema.json) and report is the path of report.json.
 * Exit 0 when every gating verdict passes, 1 when one fails (or is INCONCLUSIVE and the spec does
 * not allow that), 2 on bad input; --json does not change the exit code. The report directory is
 * locked for the whole run.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Argument, type Command } from 'commander';
import { drawProgressBar, stderrIsTerminal } from './progressBar.js';
import { pathOption } from './pathOption.js';
import { UsageError } from '../core/errors.js';
import { chooseShard } from '../core/shardChoice.js';
import { ensureDirectory } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { runTableVerify, tableSpecJson } from './tableVerify.js';
import type { VerificationReport } from '../verify/verificationReport.js';
// The report pipeline (vega, ajv, the trainer) is imported when the verb runs, not when the CLI
// starts: every other verb, --help and --version stay fast.

export interface VerifyOptions {
  readonly out?: string;
  readonly resume: boolean;
  readonly json?: boolean;
  readonly shard?: string;
  readonly fromRecords?: string;
}

/** The report directory's lock file (core/outputLock): one verify per directory at a time. */
export const REPORT_LOCK = '.approx-order.lock';

export const DEFAULT_SPEC = fileURLToPath(new URL('../../specs/paper.json', import.meta.url));

/** What `verify --json` prints: report.json's verdicts and summary, and where the report is. */
export function verdictsJson(report: VerificationReport, reportJson: string): Record<string, unknown> {
  return {
    spec: { name: report.spec.name, source: report.spec.source },
    verdicts: report.verdicts,
    summary: report.summary,
    report: reportJson,
  };
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Run a verification spec: predictions, constructions, training, slope fits, verdicts and a report')
    .addArgument(
      // Help names the packaged spec by its path in the package, not by the absolute path of one install.
      new Argument('[spec]', 'spec file (JSON, see specs/schemas/spec.schema.json)').default(
        DEFAULT_SPEC,
        'the packaged specs/paper.json',
      ),
    )
    .option(
      '--out <dir>',
      'report directory (default: reports/<spec name>); may be a link to a directory, but each file written inside ' +
        'must be absent or a regular file (a symbolic link, FIFO or device there is refused and left as it is); ' +
        `locked by DIR/${REPORT_LOCK} while the run lasts, so a second verify on it exits 2`,
      pathOption('--out'),
    )
    .option(
      '--resume',
      "reuse the trained records already in the report directory (with --shard: the shard's own)",
      false,
    )
    .option(
      '--shard <K/N>',
      'run only shard K of N of the trained runs (balanced by estimated cost; no report): records go to ' +
        'DIR/results-<method>.shard-K-of-N.jsonl beside DIR/shard-K-of-N.manifest.json; without it, the shard is ' +
        'read from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/APPROX_ORDER_SHARD_COUNT when set',
    )
    .option(
      '--from-records <dir>',
      'render the report from the records in DIR (the --out of `approx-order merge`, whose merged.json holds the ' +
        'spec) without training anything; the report goes to DIR unless --out says otherwise',
      pathOption('--from-records'),
    )
    .option(
      '--json',
      "print report.json's verdicts and summary as JSON ({spec, verdicts, summary, report}) instead of the table",
    )
    .action(async (specPath: string, options: VerifyOptions, command: Command) => {
      const table = tableSpecJson(specPath);
      if (table) {
        // A d-dimensional table spec (src/verify/tableStudy.ts) runs whole in one process.
        if (options.shard !== undefined || options.fromRecords !== undefined)
          throw new UsageError('a table spec (kind "table") takes neither --shard nor --from-records');
        return runTableVerify(table, specPath, { ...options, lockName: REPORT_LOCK });
      }
      if (options.fromRecords !== undefined) {
        if (options.shard !== undefined) throw new UsageError('--from-records runs nothing, so it takes no --shard');
        if (options.resume) throw new UsageError('--from-records runs nothing, so it takes no --resume');
        const { verifyFromRecords } = await import('./verifyFromRecords.js');
        await verifyFromRecords(options.fromRecords, command.args.length > 0 ? specPath : null, {
          defaultSpec: DEFAULT_SPEC,
          lockName: REPORT_LOCK,
          out: options.out,
          print: (report, dir, table) => printReport(report, dir, options.json === true, table),
        });
        return;
      }
      const shard = chooseShard(options.shard, process.env);
      const [{ readVerificationSpec }, { runVerification }, { defaultSources }, { writeReport }, { summaryTable }] =
        await Promise.all([
          import('../verify/verificationSpec.js'),
          import('../verify/runVerification.js'),
          import('../verify/defaultSources.js'),
          import('../report/writeReport.js'),
          import('../report/summaryTable.js'),
        ]);
      const spec = readVerificationSpec(specPath);
      const dir = options.out ?? join('reports', spec.name);
      if (shard !== null) {
        const { verifyShard } = await import('./verifyShard.js');
        await verifyShard(spec, shard, dir, options);
        return;
      }
      ensureDirectory(dir);
      // Held until this process exits, however it ends (core/outputLock releases it then).
      lockOutput(dir, join(dir, REPORT_LOCK), 'verify', (line) => process.stderr.write(`approx-order: ${line}\n`));
      const report = await runVerification(spec, {
        sources: defaultSources,
        resultsDir: dir,
        resume: options.resume,
        log: (line) => process.stderr.write(`${line}\n`),
        // long work shows progress: a bar on a terminal, the plain lines otherwise
        ...(stderrIsTerminal() ? { progress: drawProgressBar } : {}),
      });
      await writeReport(report, dir);
      printReport(report, dir, options.json === true, summaryTable);
    });
}

/** The verdict table (or --json) and where the report is; the exit code of the verdicts. */
export function printReport(
  report: VerificationReport,
  dir: string,
  json: boolean,
  table: (r: VerificationReport) => string,
): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(verdictsJson(report, join(dir, 'report.json')), null, 2)}\n`
      : `${table(report)}\n\nreport: ${join(dir, 'report.html')} (also report.md, report.json)\n`,
  );
  process.exitCode = report.summary.exitCode;
}
