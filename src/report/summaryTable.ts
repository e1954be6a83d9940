/**
 * The verdict table printed by `verify`: one line per (unit, target, method) with the window slope,
 * the extrapolated order (each with its 95% CI) and the drift per doubling side by side, verdicts
 * coloured with chalk (plain text when stdout is not a terminal: chalk detects it); below it, the
 * reason of every verdict that is not a PASS.
 */
import chalk from 'chalk';
import { signedSlope } from '../fit/orderVerdict.js';
import type { VerificationReport } from '../verify/verificationReport.js';
import { verdictText } from './reportMarkdown.js';

const COLOUR = { PASS: chalk.green, FAIL: chalk.red, INCONCLUSIVE: chalk.yellow } as const;
const f2 = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
const signed = (v: number | null): string => (v === null ? '–' : signedSlope(v));
const interval = (ci: [number, number] | null): string => (ci ? `[${f2(ci[0])}, ${f2(ci[1])}]` : '–');

export function summaryTable(report: VerificationReport): string {
  const multiTarget = report.targets.length > 1;
  const header = [
    'unit',
    ...(multiTarget ? ['target'] : []),
    'method',
    'predicted',
    'window slope',
    '95% CI',
    'window',
    'extrapolated',
    '95% CI',
    'drift',
    'verdict',
  ];
  const rows = report.verdicts.map((v) => [
    v.unit,
    ...(multiTarget ? [v.target] : []),
    v.method,
    f2(v.predictedSlope),
    f2(v.measuredSlope),
    interval(v.ci),
    v.window ? `${v.window[0]}..${v.window[1]} (${v.windowWidths})` : '–',
    f2(v.extrapolatedSlope),
    interval(v.extrapolatedCi),
    signed(v.driftPerDoubling),
    verdictText(v) + (v.gating || v.cause === 'no-prediction' ? '' : ' (open question)'),
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
    'window slope: least squares over the detected window; extrapolated: where the local orders are going (the verdict judges it); drift: change of the local order per doubling of n at the largest width',
  );
  for (const v of report.verdicts.filter((r) => r.verdict !== 'PASS'))
    out.push(
      `${v.unit}${multiTarget ? ` on ${v.target}` : ''} / ${v.method}: ${COLOUR[v.verdict](v.verdict)}: ${v.reason}`,
    );
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
