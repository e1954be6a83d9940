/**
 * report.md: the verification as Markdown. The summary table has the shape of the paper's Table 1
 * (unit, predicted slope, measured slope with 95% CI for each method, verdict), followed by the
 * GQU finding, the derivation constants, the baselines, the widths each method used and why widths
 * were left out of each fit.
 */
import type { VerificationReport, VerdictRow } from '../verify/verificationReport.js';
import type { ReportPlot } from './convergencePlots.js';

const f2 = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(2));
const sci = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toExponential(2));

/** "2..10, 12, 16..20" for a sorted width list. */
export function compactWidths(widths: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < widths.length;) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[j] + 1) j++;
    parts.push(j - i >= 2 ? `${widths[i]}..${widths[j]}` : widths.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

export function slopeCell(row: VerdictRow | undefined): string {
  if (!row) return '–';
  if (row.measuredSlope === null) return `– ${row.verdict}${row.gating ? '' : '*'}`;
  const ci = row.ci ? ` [${f2(row.ci[0])}, ${f2(row.ci[1])}]` : '';
  return `${f2(row.measuredSlope)}${ci} ${row.verdict}${row.gating ? '' : '*'}`;
}

function unitVerdict(rows: VerdictRow[]): string {
  const gating = rows.filter((r) => r.gating);
  if (gating.some((r) => r.verdict === 'FAIL')) return 'FAIL';
  if (gating.some((r) => r.verdict === 'INCONCLUSIVE')) return 'INCONCLUSIVE';
  if (gating.length === 0) return 'open question';
  return rows.length === gating.length ? 'PASS' : 'PASS (gating rows)';
}

export function renderMarkdown(report: VerificationReport, plots: readonly ReportPlot[]): string {
  const out: string[] = [];
  const methods = report.methods.map((m) => m.name);
  out.push(`# Verification report: ${report.spec.name}`, '');
  if (report.spec.description) out.push(report.spec.description, '');
  out.push(
    `approx-order ${report.tool.version}; spec \`${report.spec.source}\`; domain [${report.spec.domain.join(', ')}]; ` +
      `tolerance ${report.spec.tolerance} on the slope against n; ${report.spec.allowInconclusive ? 'INCONCLUSIVE allowed' : 'INCONCLUSIVE counts as not passing'}; ran in ${report.seconds.toFixed(1)} s.`,
    '',
    `**Result: ${report.summary.pass} PASS, ${report.summary.fail} FAIL, ${report.summary.inconclusive} INCONCLUSIVE of ${report.summary.total}; ` +
      `${report.summary.gatingNotPassed === 0 ? 'every gating verdict passed (exit 0)' : `${report.summary.gatingNotPassed} gating verdict(s) did not pass (exit 1)`}.**`,
    '',
  );
  for (const target of report.targets) {
    out.push(`## Summary: ${target.expression}`, '');
    out.push(
      "Slope of test RMSE against width n over the detected asymptotic window, 95% CI in brackets (the paper's Table 1 reports these slopes).",
      '',
    );
    out.push(
      `| unit | predicted | ${methods.join(' | ')} | verdict |`,
      `|---|---|${methods.map(() => '---|').join('')}---|`,
    );
    for (const p of report.predictions) {
      const rows = report.verdicts.filter((v) => v.unit === p.unit && v.target === target.expression);
      out.push(
        `| ${p.unit} | ${p.predictedSlope === null ? 'none' : f2(p.predictedSlope)}${p.overridden ? ' (override)' : ''} | ${methods.map((m) => slopeCell(rows.find((r) => r.method === m))).join(' | ')} | ${unitVerdict(rows)} |`,
      );
    }
    out.push('');
    if (report.verdicts.some((v) => !v.gating))
      out.push('\\* open question of the spec: reported, not part of the exit code (see below).', '');
  }
  for (const finding of report.findings) out.push(`## ${finding.title}`, '', finding.text, '');
  const open = report.verdicts.filter((v) => !v.gating);
  if (open.length > 0) {
    out.push('## Open questions', '');
    for (const v of open)
      out.push(`- ${v.unit} / ${v.method}: ${v.verdict} (${v.reason}). Why it is open: ${v.openQuestion}`);
    out.push('');
  }
  out.push(
    '## Verdicts in detail',
    '',
    '| unit | target | method | predicted | slope vs n [95% CI] | slope vs P | window (widths) | verdict | reason |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const v of report.verdicts) {
    out.push(
      `| ${v.unit} | ${v.target} | ${v.method} | ${f2(v.predictedSlope)} | ${f2(v.measuredSlope)}${v.ci ? ` [${f2(v.ci[0])}, ${f2(v.ci[1])}]` : ''} | ${f2(v.measuredSlopeVsP)} | ${v.window ? `${v.window[0]}..${v.window[1]} (${v.windowWidths})` : '–'} | ${v.verdict} | ${v.reason} |`,
    );
  }
  out.push('');
  out.push(
    '## Derivation constants',
    '',
    'RMSE of the explicit construction = C h^(m+1) RMS(f^(m+1)) + O(h^(m+2)) (src/symbolic proveUnit); "measured / predicted" is the construction\'s RMSE over that leading term at its largest width.',
    '',
  );
  out.push(
    '| unit | expression | m | r | order | construction | C exact | C | measured / predicted |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const p of report.predictions) {
    const rows = report.constructions.find((c) => c.unit === p.unit)?.rows ?? [];
    const last = rows[rows.length - 1];
    out.push(
      `| ${p.unit} | \`${p.expression}\` | ${p.degree ?? '–'} | ${p.continuity ?? '–'} | ${p.predictedOrder ?? '–'} | ${p.constant?.construction ?? '–'} | ${p.constant ? `\`${p.constant.exact}\`` : '–'} | ${p.constant ? p.constant.value.toPrecision(6) : '–'} | ${last?.ratioToPredicted != null ? `${last.ratioToPredicted.toFixed(3)} at n = ${last.n}` : '–'} |`,
    );
  }
  out.push('');
  for (const p of report.predictions) for (const note of p.notes) out.push(`- ${p.unit}: ${note}`);
  out.push('');
  if (report.baselines.length > 0) {
    out.push(
      '## Spline baselines',
      '',
      "Least-squares splines of degree k with C^(k-1) knots on the knots of the spline-initialised network of the same width (the paper's Fig. 4 comparison).",
      '',
    );
    out.push(
      '| target | spline | known slope | measured slope [95% CI] | window | verdict |',
      '|---|---|---|---|---|---|',
    );
    for (const b of report.baselines)
      out.push(
        `| ${b.target} | ${b.kind} | ${b.knownSlope} | ${f2(b.measuredSlope)}${b.ci ? ` [${f2(b.ci[0])}, ${f2(b.ci[1])}]` : ''} | ${b.window ? `${b.window[0]}..${b.window[1]}` : '–'} | ${b.verdict} |`,
      );
    out.push('');
  }
  out.push(
    '## Widths each method used',
    '',
    '| method | widths | seeds | init | training points | iterations | note |',
    '|---|---|---|---|---|---|---|',
  );
  for (const m of report.methods)
    out.push(
      `| ${m.name} | ${compactWidths(m.widths)} (${m.widths.length}) | ${m.seeds.length ? m.seeds.join(', ') : '–'} | ${m.init ?? '–'} | ${m.dataSize ?? '–'} | ${m.maxIterations ?? 'default'} | ${m.note ?? ''} |`,
    );
  out.push('');
  out.push(
    '## Fit windows: which widths were used and why',
    '',
    "The window is found without looking at the prediction: widths at or past the float floor (100 eps |f|), constructions' widths whose own rounding error exceeds 10% of their RMSE, widths after the smallest RMSE (it stopped falling), and widths whose running local order is more than 0.2 away from the window's slope (pre-asymptotic on the left, unsettled on the right) are left out.",
    '',
  );
  for (const f of report.fits) {
    const reasons = new Map<string, number[]>();
    for (const e of f.fit.excluded) reasons.set(e.reason, [...(reasons.get(e.reason) ?? []), e.n]);
    const why = [...reasons.entries()].map(([r, ns]) => `${r}: ${compactWidths(ns)}`).join('; ');
    out.push(
      `- ${f.unit} / ${f.method} (${f.precision}${f.fit.seeds > 1 ? `, ${f.fit.seeds} seeds` : ''}): window ${f.fit.windowWidths.length ? compactWidths(f.fit.windowWidths) : 'none'}${why ? `; excluded ${why}` : ''}; CI by ${f.fit.vsN?.ciMethod ?? '–'}; prefactor A = ${sci(f.fit.vsN?.prefactor)}.`,
    );
  }
  out.push('');
  const broken = report.constructions.filter((c) => c.error);
  if (broken.length > 0) {
    out.push('## Constructions not available', '');
    for (const c of broken) out.push(`- ${c.unit}: ${c.error}`);
    out.push('');
  }
  if (plots.length > 0) {
    out.push('## Plots', '');
    for (const p of plots) out.push(`### ${p.title}`, '', `![${p.title}](${p.file})`, '', p.caption, '');
  }
  return out.join('\n');
}
