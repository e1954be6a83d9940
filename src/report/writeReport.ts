/**
 * Writes a verification report to a directory: report.json (schema-validated), report.md,
 * report.html (self-contained) and the SVG plots. Every file is written atomically, after every path
 * has been checked (core/outputFile: absent or a regular file), so a refusal leaves the old report
 * whole; an unwritable directory is a UsageError.
 */
import { join } from 'node:path';
import { writeFilesAtomic } from '../core/outputFile.js';
import { convergencePlots } from './convergencePlots.js';
import { renderHtml } from './reportHtml.js';
import { renderMarkdown } from './reportMarkdown.js';
import type { VerificationReport } from '../verify/verificationReport.js';
import { validateReport } from './validateReport.js';

export async function writeReport(report: VerificationReport, dir: string): Promise<string[]> {
  validateReport(report);
  const plots = await convergencePlots(report);
  const markdown = renderMarkdown(report, plots);
  const files: Array<[string, string]> = [
    ['report.json', `${JSON.stringify(report, null, 1)}\n`],
    ['report.md', markdown],
    ['report.html', renderHtml(markdown, plots, `approx-order: ${report.spec.name}`)],
    ...plots.map((p): [string, string] => [p.file, p.svg]),
  ];
  writeFilesAtomic(files.map(([name, contents]) => [join(dir, name), contents] as const));
  return files.map(([name]) => join(dir, name));
}
