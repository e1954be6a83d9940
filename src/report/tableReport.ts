/**
 * The report of a table study (verify/tableStudy): report.md (headline table, the GLU-vs-MLP
 * question, exclusions), report.json (the same numbers), and one SVG plot per problem with train and
 * test RMSE against width on the same log-log axes (geometric mean over seeds).
 *
 * The plots are plain SVG written here rather than through vega-lite (report/convergencePlots): they
 * are simple polylines, and the table study must run without the 1-D report's spec machinery.
 *
 * Examples:  tableReportFiles(report, 812)   // [['report.md', ...], ['report.json', ...], ['sin2d.svg', ...]]
 */
import { isLsq, type TableReport, type TableRow } from '../verify/tableStudy.js';
import type { DdimSlope, Interval } from '../fit/ddimSlopes.js';
import type { DdimRecord } from '../measure/ddimStudy.js';

const f2 = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(2);

function interval(i: Interval | null): string {
  if (!i) return 'no window';
  return Number.isFinite(i.low) ? `${f2(i.estimate)} [${f2(i.low)}, ${f2(i.high)}]` : `${f2(i.estimate)} (no CI)`;
}

function windowText(s: DdimSlope | undefined): string {
  if (!s) return '';
  const w = s.window.length ? `${s.window[0]}..${s.window[s.window.length - 1]}` : 'none';
  return s.dataLimitedFrom === null ? w : `${w}; data-limited from ${s.dataLimitedFrom}`;
}

function headline(report: TableReport): string[] {
  const lines = [
    '| problem | d | unit | paper | ours, `paper` | ours, `holdout` (test RMSE) | `holdout` vs P | holdout window (n) | cells -(m+1)/d | ridge -(k+(d+1)/2)/d |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of report.rows) {
    lines.push(
      `| ${r.problem} | ${r.dim} | ${r.unit} | ${f2(r.paperSlope)} | ${interval(r.slopes.paper?.vsN ?? null)} | ${interval(r.slopes.holdout?.vsN ?? null)} | ${interval(r.slopes.holdout?.vsP ?? null)} | ${windowText(r.slopes.holdout)} | ${f2(r.references.cells)} | ${r.references.ridge === null ? 'not covered' : f2(r.references.ridge)} |`,
    );
  }
  return lines;
}

function comparison(report: TableReport): string[] {
  const lines = [
    '| problem | protocol | slope(GLU) - slope(MLP) [95% CI] | GLU steeper than MLP | why |',
    '|---|---|---|---|---|',
  ];
  for (const g of report.gluVsMlp)
    lines.push(
      `| ${g.problem} | ${g.protocol} | ${interval(g.result.difference)} | ${g.result.verdict} | ${g.result.reason} |`,
    );
  return lines;
}

function exclusions(rows: readonly TableRow[]): string[] {
  return rows.flatMap((r) =>
    Object.entries(r.slopes).flatMap(([protocol, s]) =>
      s.exclusions.map((e) => `- ${r.problem}, ${r.unit}, ${protocol}: ${e}`),
    ),
  );
}

/** Where the paper's slope lies against our lsq slope and our run of the paper's optimizer. */
function besideOptimizer(paper: number, ours: Interval, adam: Interval): string {
  if (Number.isFinite(adam.low) && paper >= adam.low && paper <= adam.high) return "which contains the paper's slope";
  if (paper < Math.min(ours.estimate, adam.estimate))
    return 'so the paper reports a steeper slope than either of our measurements';
  if (paper > Math.max(ours.estimate, adam.estimate))
    return 'so the paper reports a shallower slope than either of our measurements';
  return "so the paper's slope lies between the two";
}

/**
 * Each row whose paper slope lies outside our `paper`-protocol interval, with what differs between the
 * two measurements and, when the spec ran it, where the paper's own optimizer lands on that problem.
 */
function paperDifferences(report: TableReport): string[] {
  const out: string[] = [];
  for (const r of report.rows) {
    const ours = r.slopes.paper?.vsN;
    if (r.paperSlope === null || !ours || !Number.isFinite(ours.low)) continue;
    if (r.paperSlope >= ours.low && r.paperSlope <= ours.high) continue;
    const side = r.paperSlope < ours.low ? 'steeper' : 'shallower';
    const adam = report.paperOptimizer.find((a) => a.problem === r.problem && a.unit === r.unit)?.adam?.vsN;
    const optimizer = adam
      ? ` The paper's optimizer as its code ran it (section below) gives ${interval(adam)} here, ${besideOptimizer(r.paperSlope, ours, adam)}.`
      : '';
    out.push(
      `- ${r.problem}, ${r.unit}: the paper's ${f2(r.paperSlope)} is ${side} than our ${interval(ours)} (window ${windowText(r.slopes.paper)}). Ours is an exact fit over frozen random gates at each width; the paper trained every parameter by AdamW, with widths it did not record, so the two measure different networks over different ranges of n.${optimizer}`,
    );
  }
  if (out.length === 0) return [];
  return ["## Where the paper's slope lies outside our interval", '', ...out, ''];
}

/**
 * Does the order still change across each window (holdout, the protocol whose test error measures
 * approximation)? And, for box targets with an independent test set, the sentence the question
 * "does any method reach the asymptotic regime here" gets from those verdicts.
 */
function driftSection(report: TableReport): string[] {
  const rows = report.rows.filter((r) => r.drift.holdout);
  if (rows.length === 0) return [];
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '');
  const lines = [
    '## Is the order still changing across the window?',
    '',
    "Under `holdout`, per seed, the slope over the window's upper half against the slope over its lower half (the middle width in both when their count is odd); the change is the mean over seeds with a 95% t-interval. *steady*: the interval lies within ±0.15 (the 1-D verdicts' slope tolerance), one order fits the window, which is what an asymptotic range looks like at this resolution; *steepening*: the interval lies below 0, the lower widths are pre-asymptotic and the window's slope understates the order; *flattening*: above 0, the order falls off (a floor, or the data-limited regime setting in); *undecided*: the seeds scatter too much to tell.",
    '',
    '| problem | unit | lower half (n) | slope | upper half (n) | slope | change [95% CI] | order across the window |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const d = r.drift.holdout;
    const span = (w: readonly number[]) => (w.length ? `${w[0]}..${w[w.length - 1]}` : '');
    lines.push(
      `| ${r.problem} | ${r.unit} | ${span(d.lowerWidths)} | ${f(d.lower)} | ${span(d.upperWidths)} | ${f(d.upper)} | ${interval(d.change)} | ${d.verdict} |`,
    );
  }
  lines.push('');
  for (const p of report.spec.problems.filter((q) => q.problem.kind === 'target')) {
    const of = rows.filter((r) => r.problem === p.label);
    const steady = of.filter((r) => r.drift.holdout.verdict === 'steady').map((r) => r.unit);
    lines.push(
      steady.length > 0
        ? `${p.label} (independent test set): lsq's order is steady across the window for ${steady.join(', ')}; for the others it is ${
            of
              .filter((r) => r.drift.holdout.verdict !== 'steady')
              .map((r) => `${r.drift.holdout.verdict} (${r.unit})`)
              .join(', ') || 'steady too'
          }.`
        : `${p.label} (independent test set): **no unit's order is steady across its window under lsq** (${of
            .map((r) => `${r.unit} ${r.drift.holdout.verdict}`)
            .join(
              ', ',
            )}), so these widths do not show the asymptotic regime; the other methods (\`lm\`, \`adam\`) are not run by this spec (README "d dimensions").`,
      '',
    );
  }
  return lines;
}

/** The paper's optimizer beside the paper's slope and our lsq under the same protocol (empty without that spec field). */
function paperOptimizerSection(report: TableReport): string[] {
  const runs = report.spec.paperOptimizer;
  if (!runs || report.paperOptimizer.length === 0) return [];
  const rows = report.paperOptimizer.map(
    (r) =>
      `| ${r.problem} | ${r.dim} | ${r.unit} | ${f2(r.paperSlope)} | ${interval(r.adam?.vsN ?? null)} | ${windowText(r.adam ?? undefined)} | ${interval(r.lsq?.vsN ?? null)} |`,
  );
  return [
    "## The paper's optimizer",
    '',
    `The \`paper\` protocol trained as the paper's code trained it: every parameter from PyTorch's default init (U(±1/√d) for each map, U(±1/√n) for the output layer), AdamW with learning rate 1e-4 and weight decay 0 (that is, Adam; epsilon 1e-8), ${runs.epochs} full-batch steps, in TF.js float32; widths ${runs.widths.join(', ')}, ${runs.seeds.length} seed${runs.seeds.length === 1 ? '' : 's'} (this tool's generator: torch's own draws cannot be reproduced). Same windows and slope rule as above. A slope shallower than lsq's from the same protocol is the optimizer's, not the unit's: lsq's fits are exact over their gates.`,
    '',
    '| problem | d | unit | paper | adam from torch init, `paper` | window (n) | lsq, `paper` |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(report.paperOptimizerGluVsMlp.length > 0
      ? [
          "GLU steeper than MLP under the paper's optimizer (paired by seed):",
          '',
          '| problem | slope(GLU) - slope(MLP) [95% CI] | GLU steeper than MLP | why |',
          '|---|---|---|---|',
          ...report.paperOptimizerGluVsMlp.map(
            (g) => `| ${g.problem} | ${interval(g.result.difference)} | ${g.result.verdict} | ${g.result.reason} |`,
          ),
          '',
        ]
      : []),
    ...report.paperOptimizer.flatMap((r) =>
      (r.adam?.exclusions ?? []).map((e) => `- ${r.problem}, ${r.unit}, paper optimizer: ${e}`),
    ),
    '',
  ];
}

export function tableReportMarkdown(report: TableReport, seconds: number): string {
  const { spec } = report;
  return [
    `# ${spec.name}: d-dimensional units on the paper's Table 1 problems`,
    '',
    spec.description,
    '',
    `Method: \`lsq\` with frozen data-following gates (dataq) and exact float64 least squares over the rest, so each fit is a random-features model: the best network *with those gates*, an upper bound on the best network of that width. Seeds ${spec.seeds.length} (0..${spec.seeds.length - 1}); a unit runs a width while its linear unknowns are at most ${spec.maxUnknownsFraction} of the training rows. Synthetic problems under \`holdout\` are tested on ${spec.testSize} independent points.`,
    '',
    'Under `paper` the RMSE is the training RMSE on the named problems, as in the paper, and the test RMSE on its 44 x 44 grid for a box target.',
    '',
    `Verdict for d > 1: **${report.verdict}**. Slopes are of RMSE against n (and P) over the window, the mean over seeds with a 95% t-interval.`,
    '',
    '## Slopes',
    '',
    ...headline(report),
    '',
    '## Is the GLU steeper than the MLP?',
    '',
    'Paired by seed (same data, same gate hyperplanes), each unit over its own window.',
    '',
    ...comparison(report),
    '',
    ...paperDifferences(report),
    ...driftSection(report),
    ...paperOptimizerSection(report),
    '## Left out of the windows',
    '',
    ...exclusions(report.rows),
    '',
    '## Plots',
    '',
    ...report.spec.problems.map((p) => `![${p.label}](${plotFile(p.label)})`),
    '',
    `Measured run time of this report: ${(seconds / 60).toFixed(1)} min (records reused by --resume not counted).`,
    '',
  ].join('\n');
}

export function plotFile(label: string): string {
  return `${label.replace(/[^A-Za-z0-9_-]/g, '_')}.svg`;
}

const COLORS: Record<string, string> = { mlp: '#1f77b4', glu: '#d62728', gqu: '#2ca02c', relu2: '#9467bd' };

/** Geometric mean over seeds of one quantity, per width. */
function meanSeries(records: readonly DdimRecord[], pick: (r: DdimRecord) => number): Array<[number, number]> {
  const widths = [...new Set(records.map((r) => r.n))].sort((a, b) => a - b);
  return widths.map((n) => {
    const at = records
      .filter((r) => r.n === n)
      .map(pick)
      .filter((v) => v > 0);
    return [n, Math.exp(at.reduce((s, v) => s + Math.log(v), 0) / at.length)];
  });
}

/** SVG: RMSE against n, log-log; holdout test solid, holdout train dashed, paper protocol dotted. */
export function problemPlot(label: string, records: readonly DdimRecord[]): string {
  const W = 640;
  const H = 420;
  const m = { l: 60, r: 130, t: 30, b: 45 };
  const lines: Array<{ unit: string; style: string; points: Array<[number, number]> }> = [];
  for (const unit of [...new Set(records.map((r) => r.unit))]) {
    const of = (protocol: string) => records.filter((r) => r.unit === unit && r.protocol === protocol);
    if (of('holdout').length) {
      lines.push({ unit, style: '', points: meanSeries(of('holdout'), (r) => r.testRmse) });
      lines.push({ unit, style: '6,4', points: meanSeries(of('holdout'), (r) => r.trainRmse) });
    }
    if (of('paper').length) lines.push({ unit, style: '2,3', points: meanSeries(of('paper'), (r) => r.testRmse) });
  }
  const all = lines.flatMap((l) => l.points).filter(([, y]) => Number.isFinite(y) && y > 0);
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"></svg>\n`;
  const lx = all.map(([x]) => Math.log10(x));
  const ly = all.map(([, y]) => Math.log10(y));
  const [x0, x1] = [Math.floor(Math.min(...lx) * 2) / 2, Math.ceil(Math.max(...lx) * 2) / 2];
  const [y0, y1] = [Math.floor(Math.min(...ly)), Math.ceil(Math.max(...ly))];
  const X = (x: number) => m.l + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const Y = (y: number) => H - m.b - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<text x="${m.l}" y="18" font-size="13">${label.replace(/[<&>]/g, '_')}: RMSE vs n (solid: holdout test, dashed: holdout train, dotted: paper protocol)</text>`,
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#888"/>`,
  ];
  for (let e = y0; e <= y1; e++) svg.push(`<text x="${m.l - 6}" y="${Y(10 ** e) + 4}" text-anchor="end">1e${e}</text>`);
  for (let e = Math.ceil(x0); e <= x1; e++)
    svg.push(`<text x="${X(10 ** e)}" y="${H - m.b + 16}" text-anchor="middle">${10 ** e}</text>`);
  svg.push(`<text x="${(W - m.r + m.l) / 2}" y="${H - 8}" text-anchor="middle">width n</text>`);
  for (const l of lines) {
    const pts = l.points.filter(([, y]) => Number.isFinite(y) && y > 0);
    svg.push(
      `<polyline fill="none" stroke="${COLORS[l.unit] ?? '#333'}" stroke-width="1.6"${l.style ? ` stroke-dasharray="${l.style}"` : ''} points="${pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}"/>`,
    );
  }
  [...new Set(lines.map((l) => l.unit))].forEach((unit, i) =>
    svg.push(
      `<line x1="${W - m.r + 10}" x2="${W - m.r + 35}" y1="${m.t + 15 + 16 * i}" y2="${m.t + 15 + 16 * i}" stroke="${COLORS[unit] ?? '#333'}" stroke-width="2"/><text x="${W - m.r + 40}" y="${m.t + 19 + 16 * i}">${unit}</text>`,
    ),
  );
  svg.push('</svg>');
  return `${svg.join('\n')}\n`;
}

function jsonReport(report: TableReport, seconds: number): string {
  const slope = (s: DdimSlope) => ({
    vsN: s.vsN,
    vsP: s.vsP,
    window: s.window,
    dataLimitedFrom: s.dataLimitedFrom,
    exclusions: s.exclusions,
    seeds: s.seeds,
  });
  return `${JSON.stringify(
    {
      name: report.spec.name,
      source: report.spec.source,
      verdict: report.verdict,
      seconds,
      rows: report.rows.map((r) => ({
        ...r,
        slopes: Object.fromEntries(Object.entries(r.slopes).map(([k, s]) => [k, slope(s)])),
      })),
      gluVsMlp: report.gluVsMlp,
      paperOptimizer: report.paperOptimizer.map((r) => ({
        ...r,
        adam: r.adam ? slope(r.adam) : null,
        lsq: r.lsq ? slope(r.lsq) : null,
      })),
      paperOptimizerGluVsMlp: report.paperOptimizerGluVsMlp,
    },
    null,
    2,
  )}\n`;
}

/** Every file of the report, as [name, contents]. */
export function tableReportFiles(report: TableReport, seconds: number): Array<[string, string]> {
  return [
    ['report.md', tableReportMarkdown(report, seconds)],
    ['report.json', jsonReport(report, seconds)],
    ...report.spec.problems.map((p): [string, string] => [
      plotFile(p.label),
      problemPlot(
        p.label,
        report.records.filter((r) => r.problem === p.label && isLsq(r)),
      ),
    ]),
  ];
}
