/**
 * The verdict table printed by `verify`: one line per (unit, target, method), verdicts coloured
 * with chalk (plain text when stdout is not a terminal: chalk detects it).
 */
import chalk from 'chalk';
import type { VerificationReport } from '../verify/verificationReport.js';

const COLOUR = { PASS: chalk.green, FAIL: chalk.red, INCONCLUSIVE: chalk.yellow } as const;
const f2 = (v: number | null): string => (v === null ? '–' : v.toFixed(2));

export function summaryTable(report: VerificationReport): string {
  const multiTarget = report.targets.length > 1;
  const header = [
    'unit',
    ...(multiTarget ? ['target'] : []),
    'method',
    'predicted',
    'measured',
    '95% CI',
    'vs P',
    'window',
    'verdict',
  ];
  const rows = report.verdicts.map((v) => [
    v.unit,
    ...(multiTarget ? [v.target] : []),
    v.method,
    f2(v.predictedSlope),
    f2(v.measuredSlope),
    v.ci ? `[${f2(v.ci[0])}, ${f2(v.ci[1])}]` : '–',
    f2(v.measuredSlopeVsP),
    v.window ? `${v.window[0]}..${v.window[1]} (${v.windowWidths})` : '–',
    v.verdict + (v.gating ? '' : ' (open question)'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[], colour?: (s: string) => string): string =>
    cells
      .map((c, i) => (i === cells.length - 1 && colour ? colour(c.padEnd(widths[i])) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [chalk.bold(line(header)), ...rows.map((r, k) => line(r, COLOUR[report.verdicts[k].verdict]))];
  const s = report.summary;
  out.push(
    '',
    `tolerance ${report.spec.tolerance} on the slope against n; ${s.pass} PASS, ${s.fail} FAIL, ${s.inconclusive} INCONCLUSIVE` +
      (s.gatingNotPassed > 0
        ? chalk.red(`; ${s.gatingNotPassed} gating verdict(s) did not pass`)
        : chalk.green('; every gating verdict passed')),
  );
  for (const finding of report.findings) out.push('', finding.text);
  return out.join('\n');
}
