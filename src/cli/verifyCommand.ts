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
import { ensureDirectory } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { runTableVerify, tableSpecJson } from './tableVerify.js';
import type { VerificationReport } from '../verify/verificationReport.js';
// The report pipeline (vega, ajv, the trainer) is imported when the verb runs, not when the CLI
// starts: every other verb, --help and --version stay fast.

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
    )
    .option('--resume', 'reuse the trained records already in the report directory', false)
    .option(
      '--json',
      "print report.json's verdicts and summary as JSON ({spec, verdicts, summary, report}) instead of the table",
    )
    .action(async (specPath: string, options: { out?: string; resume: boolean; json?: boolean }) => {
      const table = tableSpecJson(specPath);
      if (table) return runTableVerify(table, specPath, { ...options, lockName: REPORT_LOCK });
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
      ensureDirectory(dir);
      // Held until this process exits, however it ends (core/outputLock releases it then).
      lockOutput(dir, join(dir, REPORT_LOCK), 'verify', (line) => process.stderr.write(`approx-order: ${line}\n`));
      const report = await runVerification(spec, {
        sources: defaultSources,
        resultsDir: dir,
        resume: options.resume,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      await writeReport(report, dir);
      process.stdout.write(
        options.json
          ? `${JSON.stringify(verdictsJson(report, join(dir, 'report.json')), null, 2)}\n`
          : `${summaryTable(report)}\n\nreport: ${join(dir, 'report.html')} (also report.md, report.json)\n`,
      );
      process.exitCode = report.summary.exitCode;
    });
}
