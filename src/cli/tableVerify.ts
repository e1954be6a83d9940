/**
 * `verify SPEC` when SPEC is a table spec ("kind": "table", e.g. specs/table1.json): run the
 * d-dimensional table study (verify/tableStudy), write reports/<name>/ (report.md, report.json, one
 * SVG per problem, results-table.jsonl) and print the headline table. Progress: one line per fit on
 * stderr. `--resume` reuses the records already in results-table.jsonl. Exit 0: the verdicts for
 * d > 1 are "measured; reference slopes shown", never PASS or FAIL.
 */
import { join } from 'node:path';
import { ensureDirectory, checkOutputFile, writeFilesAtomic } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { readInputText } from '../core/inputFile.js';

/** The parsed JSON of a table spec, or null (not readable, not JSON, or not a table spec: verify's own checks report those). */
export function tableSpecJson(path: string): unknown {
  try {
    const json: unknown = JSON.parse(readInputText(path, 'spec'));
    return typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'table' ? json : null;
  } catch {
    return null;
  }
}

export async function runTableVerify(
  json: unknown,
  specPath: string,
  options: { out?: string; resume: boolean; json?: boolean; lockName: string },
): Promise<void> {
  const [{ parseTableSpec, runTableStudy }, { tableReportFiles, tableReportMarkdown }] = await Promise.all([
    import('../verify/tableStudy.js'),
    import('../report/tableReport.js'),
  ]);
  const spec = parseTableSpec(json, specPath);
  const dir = options.out ?? join('reports', spec.name);
  ensureDirectory(dir);
  lockOutput(dir, join(dir, options.lockName), 'verify', (line) => process.stderr.write(`approx-order: ${line}\n`));
  const resultsFile = join(dir, 'results-table.jsonl');
  checkOutputFile(resultsFile);
  const started = Date.now();
  const report = await runTableStudy(spec, {
    resultsFile,
    resume: options.resume,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const seconds = (Date.now() - started) / 1000;
  const files = tableReportFiles(report, seconds);
  writeFilesAtomic(files.map(([name, contents]) => [join(dir, name), contents] as const));
  const markdown = tableReportMarkdown(report, seconds);
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ spec: { name: spec.name, source: spec.source }, report: join(dir, 'report.json'), verdict: report.verdict, gluVsMlp: report.gluVsMlp }, null, 2)}\n`
      : `${markdown.slice(markdown.indexOf('## Slopes'), markdown.indexOf('## Left out'))}report: ${join(dir, 'report.md')} (also report.json, one SVG per problem)\n`,
  );
}
