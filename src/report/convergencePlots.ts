/**
 * Log-log convergence plots as SVG, rendered headless (vega-lite compiled to vega, renderer 'none',
 * no canvas and no native dependencies). Per target:
 *  - RMSE against n and against P, one panel per unit: every method's points (faded outside the fit
 *    window), its fitted line drawn across the window, the predicted slope as a dashed guide, the
 *    spline baselines in grey; the slopes are listed in each panel's top-right corner, one line per
 *    series in its colour (labels at the line ends overlapped where two methods end close together);
 *  - running and same-parity local orders against n, with the predicted slope as a dashed rule
 *    (orders clipped to [ORDER_AXIS_MIN, ORDER_AXIS_MAX]).
 * Every panel draws its own x axis: with a shared one, vega-lite puts each column's axis under the
 * grid's last row, so 5 units in 3 columns left an axis under an empty 6th cell.
 * The SVG is rounded to PIXEL_DECIMALS (vega writes point positions with 16 digits) and point marks
 * carry no per-point aria-label (the numbers are in report.json): together about a quarter of the size.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { VerificationReport } from '../verify/verificationReport.js';
import { sameParityLocalOrders } from '../fit/observedLocalOrders.js';

export const ORDER_AXIS_MIN = -8;
export const ORDER_AXIS_MAX = 2;
/** Panel size in pixels. */
const PANEL_WIDTH = 240;
/** Decimals kept in the SVG's coordinates: 0.01 px, far below what a screen or print shows. */
export const PIXEL_DECIMALS = 2;
/** Line height of the slope list in each panel's corner, pixels (9 px text). */
const SLOPE_LINE = 11;

export interface ReportPlot {
  /** file name, e.g. "rmse-vs-n-target1.svg" */
  readonly file: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

const METHOD_COLOURS: Record<string, string> = {
  construct: '#1f77b4',
  lsq: '#ff7f0e',
  lm: '#2ca02c',
  adam: '#d62728',
  'paper-newton': '#9467bd',
  varpro: '#8c564b',
};
const BASELINE_COLOURS: Record<string, string> = {
  'linear spline': '#7f7f7f',
  'quadratic spline': '#a6a6a6',
  'cubic spline': '#c7c7c7',
};

type Row = Record<string, string | number | boolean | null>;

function colourScale(series: string[]): { domain: string[]; range: string[] } {
  const all = { ...METHOD_COLOURS, ...BASELINE_COLOURS, predicted: '#000000' };
  const domain = series.filter((s, i) => series.indexOf(s) === i);
  return { domain, range: domain.map((s) => (all as Record<string, string>)[s] ?? '#9467bd') };
}

/**
 * `svg` with every number of more than PIXEL_DECIMALS decimals in a geometry attribute (positions,
 * sizes, path data, transforms) rounded to PIXEL_DECIMALS; text and labels are left alone.
 */
export function roundSvgCoordinates(svg: string): string {
  const scale = 10 ** PIXEL_DECIMALS;
  const decimals = new RegExp(`-?\\d*\\.\\d{${PIXEL_DECIMALS + 1},}(?:e[-+]?\\d+)?`, 'g');
  const geometry = /(\s(?:transform|d|x|y|x1|x2|y1|y2|dx|dy|cx|cy|r|width|height|points|viewBox)=")([^"]*)"/g;
  return svg.replace(geometry, (_, name: string, value: string) => {
    const rounded = value.replace(decimals, (v) => String(Math.round(Number(v) * scale) / scale));
    return `${name}${rounded}"`;
  });
}

/** A vega-lite spec rendered headless to SVG, coordinates rounded. */
export async function render(spec: Record<string, unknown>): Promise<string> {
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return roundSvgCoordinates(svg);
}

/** The slope list of one panel: the label rows, line `rank` from the top, right-aligned in the corner. */
const slopeList = (colour: Record<string, unknown>) => ({
  transform: [{ filter: "datum.kind === 'label'" }],
  mark: {
    type: 'text',
    align: 'right',
    baseline: 'top',
    fontSize: 9,
    aria: false,
    x: PANEL_WIDTH - 4,
    y: { expr: `3 + ${SLOPE_LINE} * datum.rank` },
  },
  encoding: { text: { field: 'text' }, color: colour },
});

function rmseSpec(
  report: VerificationReport,
  target: string,
  axis: 'n' | 'P',
): { spec: Record<string, unknown>; series: string[] } {
  const rows: Row[] = [];
  const labels: Row[] = [];
  const units = report.predictions.map((p) => p.unit);
  const xOf = (p: { n: number; params: number }): number => (axis === 'n' ? p.n : p.params);
  for (const f of report.fits.filter((f) => f.target === target)) {
    const inWindow = new Set(f.fit.windowWidths);
    for (const p of f.fit.points)
      rows.push({
        kind: 'measured',
        unit: f.unit,
        series: f.method,
        x: xOf(p),
        rmse: p.rmse,
        inWindow: inWindow.has(p.n),
      });
    const est = axis === 'n' ? f.fit.vsN : f.fit.vsP;
    const win = f.fit.points.filter((p) => inWindow.has(p.n));
    if (est && win.length >= 2) {
      const ends = [win[0], win[win.length - 1]];
      for (const p of ends)
        rows.push({
          kind: 'fit',
          unit: f.unit,
          series: f.method,
          x: xOf(p),
          rmse: est.prefactor * xOf(p) ** est.slope,
        });
      labels.push({ kind: 'label', unit: f.unit, series: f.method, text: `${f.method} ${est.slope.toFixed(2)}` });
    }
  }
  for (const b of report.baselines.filter((b) => b.target === target)) {
    for (const unit of units) {
      for (const p of b.points)
        rows.push({ kind: 'baseline', unit, series: `${b.kind} spline`, x: xOf(p), rmse: p.rmse });
    }
  }
  for (const pred of report.predictions) {
    if (pred.predictedSlope === null) continue;
    const fits = report.fits.filter((f) => f.target === target && f.unit === pred.unit);
    const anchorFit =
      fits.find((f) => f.method === 'construct' && f.fit.windowWidths.length > 0) ??
      fits.find((f) => f.fit.windowWidths.length > 0);
    const allPoints = fits.flatMap((f) => f.fit.points);
    if (!anchorFit || allPoints.length === 0) continue;
    // Anchor the guide at the anchor fit's window midpoint (geometric), spanning every width measured.
    const win = anchorFit.fit.points.filter((p) => anchorFit.fit.windowWidths.includes(p.n));
    const mid = Math.exp(win.reduce((s, p) => s + Math.log(xOf(p)), 0) / win.length);
    const est = axis === 'n' ? anchorFit.fit.vsN! : anchorFit.fit.vsP!;
    const yMid = est.prefactor * mid ** est.slope;
    const xs = allPoints.map(xOf);
    const slope = pred.predictedSlope;
    // Against P the guide keeps the predicted slope: P is proportional to n asymptotically.
    for (const x of [Math.min(...xs), Math.max(...xs)])
      rows.push({ kind: 'guide', unit: pred.unit, series: 'predicted', x, rmse: yMid * (x / mid) ** slope, slope });
    labels.push({ kind: 'label', unit: pred.unit, series: 'predicted', text: `predicted ${slope.toFixed(2)}` });
  }
  // The corner list of each panel: the prediction first, then the methods in the spec's order.
  const order = ['predicted', ...report.methods.map((m) => m.name)];
  for (const unit of units)
    labels
      .filter((l) => l.unit === unit)
      .sort((a, b) => order.indexOf(String(a.series)) - order.indexOf(String(b.series)))
      .forEach((l, rank) => rows.push({ ...l, rank }));
  const series = [
    ...report.methods.map((m) => m.name),
    ...report.baselines.filter((b) => b.target === target).map((b) => `${b.kind} spline`),
    'predicted',
  ];
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: colourScale(series),
    legend: { orient: 'bottom', columns: 4 },
  };
  const x = {
    field: 'x',
    type: 'quantitative',
    title: axis === 'n' ? 'width n (neurons)' : 'parameters P',
    scale: { type: 'log' },
    axis: { grid: true },
  };
  const y = {
    field: 'rmse',
    type: 'quantitative',
    title: 'test RMSE',
    scale: { type: 'log' },
    axis: { grid: true, format: '.0e' },
  };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `RMSE against ${axis} on ${target}`,
    data: { values: rows },
    facet: { field: 'unit', type: 'nominal', title: null, sort: units },
    columns: Math.min(units.length, 3),
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: 200,
      layer: [
        {
          transform: only('baseline'),
          mark: { type: 'line', strokeDash: [2, 2], strokeWidth: 1 },
          encoding: { x, y, color: colour, detail: { field: 'series' } },
        },
        {
          transform: only('measured'),
          mark: { type: 'point', filled: true, size: 16, aria: false },
          encoding: { x, y, color: colour, opacity: { condition: { test: 'datum.inWindow', value: 1 }, value: 0.25 } },
        },
        {
          transform: only('fit'),
          mark: { type: 'line', strokeWidth: 2.5 },
          encoding: { x, y, color: colour, detail: { field: 'series' } },
        },
        {
          transform: only('guide'),
          mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.2 },
          encoding: { x, y, color: colour },
        },
        slopeList(colour),
      ],
    },
  };
  return { spec, series };
}

function orderSpec(report: VerificationReport, target: string): Record<string, unknown> {
  const rows: Row[] = [];
  const units = report.predictions.map((p) => p.unit);
  const clip = (v: number): number | null =>
    Number.isFinite(v) ? Math.max(ORDER_AXIS_MIN, Math.min(ORDER_AXIS_MAX, v)) : null;
  for (const f of report.fits.filter((f) => f.target === target)) {
    const positive = f.fit.points.filter((p) => p.rmse > 0);
    for (const l of sameParityLocalOrders(
      positive.map((p) => p.n),
      positive.map((p) => p.rmse),
    ))
      rows.push({ kind: 'local', unit: f.unit, series: f.method, n: l.nTo, order: clip(l.order) });
    f.fit.points.forEach((p, i) => {
      const r = f.fit.runningOrders[i];
      if (r !== null && r !== undefined)
        rows.push({ kind: 'running', unit: f.unit, series: f.method, n: p.n, order: clip(r) });
    });
  }
  for (const pred of report.predictions)
    if (pred.predictedSlope !== null)
      rows.push({ kind: 'guide', unit: pred.unit, series: 'predicted', order: pred.predictedSlope });
  const series = [...report.methods.map((m) => m.name), 'predicted'];
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: colourScale(series),
    legend: { orient: 'bottom', columns: 5 },
  };
  const x = { field: 'n', type: 'quantitative', title: 'width n', scale: { type: 'log' }, axis: { grid: true } };
  const y = {
    field: 'order',
    type: 'quantitative',
    title: 'local order (slope)',
    scale: { domain: [ORDER_AXIS_MIN, ORDER_AXIS_MAX] },
  };
  const only = (kind: string) => [{ filter: `datum.kind === '${kind}'` }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Local orders on ${target}`,
    data: { values: rows },
    facet: { field: 'unit', type: 'nominal', title: null, sort: units },
    columns: Math.min(units.length, 3),
    resolve: { axis: { x: 'independent' } },
    spec: {
      width: PANEL_WIDTH,
      height: 180,
      layer: [
        { transform: only('guide'), mark: { type: 'rule', strokeDash: [6, 4] }, encoding: { y, color: colour } },
        {
          transform: only('local'),
          mark: { type: 'point', size: 12, opacity: 0.45, aria: false },
          encoding: { x, y, color: colour },
        },
        {
          transform: only('running'),
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: { x, y, color: colour, detail: { field: 'series' } },
        },
      ],
    },
  };
}

export async function convergencePlots(report: VerificationReport): Promise<ReportPlot[]> {
  const plots: ReportPlot[] = [];
  for (const [ti, target] of report.targets.entries()) {
    const suffix = report.targets.length === 1 ? '' : `-${ti + 1}`;
    for (const axis of ['n', 'P'] as const) {
      plots.push({
        file: `rmse-vs-${axis.toLowerCase()}${suffix}.svg`,
        title: `RMSE against ${axis}, ${target.expression}`,
        caption: `Test RMSE against ${axis === 'n' ? 'width n' : 'parameter count P'} (log-log). Solid points are inside the fit window, faded ones outside; thick lines are the fits across their windows, their slopes listed in the top-right corner of each panel; dashed black: the predicted slope; dotted grey: least-squares spline baselines on the same knots.`,
        svg: await render(rmseSpec(report, target.expression, axis).spec),
      });
    }
    plots.push({
      file: `local-orders${suffix}.svg`,
      title: `Local orders, ${target.expression}`,
      caption: `Observed local orders (points) and running local orders over a factor-2 span of widths (lines), against n; dashed: the predicted slope. Where widths step by one, each point is the order over n − 2 → n, between widths of the same parity: even and odd widths fit different problems (the alternating spline start leaves both edge neurons linear for even n and the last one dead for odd n), so successive orders n − 1 → n alternate between two curves; elsewhere it is the order from the previous width. Orders are clipped to [${ORDER_AXIS_MIN}, ${ORDER_AXIS_MAX}].`,
      svg: await render(orderSpec(report, target.expression)),
    });
  }
  return plots;
}
