/**
 * `approx-order verify [SPEC] [--out DIR] [--resume]`: run a verification spec (default: the
 * packaged specs/paper.json), write reports/<spec name>/ (report.json, report.md, report.html, SVG
 * plots, results-<method>.jsonl), print the verdict table.
 * Exit 0 when every gating verdict passes, 1 when one fails (or is INCONCLUSIVE and the spec does
 * not allow that), 2 on bad input. The report directory is locked for the whole run.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ensureDirectory } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
// The report pipeline (vega, ajv, the trainer) is imported when the verb runs, not when the CLI
// starts: every other verb, --help and --version stay fast.

/** The report directory's lock file (core/outputLock): one verify per directory at a time. */
export const REPORT_LOCK = '.approx-order.lock';

export const DEFAULT_SPEC = fileURLToPath(new URL('../../specs/paper.json', import.meta.url));

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Run a verification spec: predictions, constructions, training, slope fits, verdicts and a report')
    .argument('[spec]', 'spec file (JSON, see specs/schemas/spec.schema.json)', DEFAULT_SPEC)
    .option(
      '--out <dir>',
      'report directory (default: reports/<spec name>); may be a link to a directory, but each file written inside ' +
        'must be absent or a regular file (a symbolic link, FIFO or device there is refused and left as it is); ' +
        `locked by DIR/${REPORT_LOCK} while the run lasts, so a second verify on it exits 2`,
    )
    .option('--resume', 'reuse the trained records already in the report directory', false)
    .action(async (specPath: string, options: { out?: string; resume: boolean }) => {
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
        `${summaryTable(report)}\n\nreport: ${join(dir, 'report.html')} (also report.md, report.json)\n`,
      );
      process.exitCode = report.summary.exitCode;
    });
}
