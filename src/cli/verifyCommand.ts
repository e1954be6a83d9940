/**
 * `approx-order verify [SPEC] [--out DIR] [--resume]`: run a verification spec (default: the
 * packaged specs/paper.json), write reports/<spec name>/ (report.json, report.md, report.html, SVG
 * plots, results-<method>.jsonl), print the verdict table.
 * Exit 0 when every gating verdict passes, 1 when one fails (or is INCONCLUSIVE and the spec does
 * not allow that), 2 on bad input.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ensureDirectory } from '../core/outputFile.js';
// The report pipeline (vega, ajv, the trainer) is imported when the verb runs, not when the CLI
// starts: every other verb, --help and --version stay fast.

export const DEFAULT_SPEC = fileURLToPath(new URL('../../specs/paper.json', import.meta.url));

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Run a verification spec: predictions, constructions, training, slope fits, verdicts and a report')
    .argument('[spec]', 'spec file (JSON, see specs/schemas/spec.schema.json)', DEFAULT_SPEC)
    .option('--out <dir>', 'report directory (default: reports/<spec name>)')
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
