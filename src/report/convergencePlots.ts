/**
 * Log-log convergence plots as SVG, rendered headless (vega-lite compiled to vega, renderer 'none',
 * no canvas and no native dependencies). Per target:
 *  - RMSE against n and against P, one panel per unit: every method's points (faded outside the fit
 *    window), its fitted line drawn across the window and labelled with the slope, the predicted
 *    slope as a dashed guide, the spline baselines in grey;
 *  - running and successive local orders against n, with the predicted slope as a dashed rule
 *    (orders clipped to [ORDER_AXIS_MIN, ORDER_AXIS_MAX]: the odd/even alternation of some sweeps
 *    puts successive orders far outside).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { VerificationReport } from '../verify/verificationReport.js';

export const ORDER_AXIS_MIN = -8;
export const ORDER_AXIS_MAX = 2;

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

async function render(spec: Record<string, unknown>): Promise<string> {
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function rmseSpec(
  report: VerificationReport,
  target: string,
  axis: 'n' | 'P',
): { spec: Record<string, unknown>; series: string[] } {
  const rows: Row[] = [];
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
      const last = ends[1];
      rows.push({
        kind: 'label',
        unit: f.unit,
        series: f.method,
        x: xOf(last),
        rmse: est.prefactor * xOf(last) ** est.slope,
        text: `${f.method} ${est.slope.toFixed(2)}`,
      });
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
  }
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
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 240,
      height: 200,
      layer: [
        {
          transform: only('baseline'),
          mark: { type: 'line', strokeDash: [2, 2], strokeWidth: 1 },
          encoding: { x, y, color: colour, detail: { field: 'series' } },
        },
        {
          transform: only('measured'),
          mark: { type: 'point', filled: true, size: 16 },
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
        {
          transform: only('label'),
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 9 },
          encoding: { x, y, text: { field: 'text' }, color: colour },
        },
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
    for (const l of f.fit.localOrders)
      if (l.order !== null)
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
    spec: {
      width: 240,
      height: 180,
      layer: [
        { transform: only('guide'), mark: { type: 'rule', strokeDash: [6, 4] }, encoding: { y, color: colour } },
        {
          transform: only('local'),
          mark: { type: 'point', size: 12, opacity: 0.45 },
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
        caption: `Test RMSE against ${axis === 'n' ? 'width n' : 'parameter count P'} (log-log). Solid points are inside the fit window, faded ones outside; thick lines are the fits across their windows, labelled with the slope; dashed black: the predicted slope; dotted grey: least-squares spline baselines on the same knots.`,
        svg: await render(rmseSpec(report, target.expression, axis).spec),
      });
    }
    plots.push({
      file: `local-orders${suffix}.svg`,
      title: `Local orders, ${target.expression}`,
      caption: `Observed local orders between successive widths (points) and running local orders over a factor-2 span of widths (lines), against n; dashed: the predicted slope. Orders are clipped to [${ORDER_AXIS_MIN}, ${ORDER_AXIS_MAX}].`,
      svg: await render(orderSpec(report, target.expression)),
    });
  }
  return plots;
}
