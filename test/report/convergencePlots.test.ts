// The plots as drawn: read back from the SVG that vega renders. Synthetic measurements with known
// slopes (and, for lsq, a known odd/even offset) keep this in-process and fast.
import t from 'tap';
import { parseVerificationSpec } from '../../src/verify/verificationSpec.js';
import { runVerification } from '../../src/verify/runVerification.js';
import type { ExperimentSources } from '../../src/verify/experimentSources.js';
import type { RunRecord } from '../../src/verify/runRecord.js';
import {
  convergencePlots,
  roundSvgCoordinates,
  ORDER_AXIS_MAX,
  ORDER_AXIS_MIN,
  PIXEL_DECIMALS,
  type ReportPlot,
} from '../../src/report/convergencePlots.js';

const SIZE_BOUND: Record<string, number> = {
  'rmse-vs-n.svg': 222_000,
  'rmse-vs-p.svg': 238_000,
  'local-orders.svg': 139_000,
};
const UNITS = ['mlp', 'glu', 'gqu', 'relu2', 'relu3'];
const ORDER: Record<string, number> = { mlp: 2, glu: 3, gqu: 4, relu2: 3, relu3: 4 };
/**
 * Odd widths of lsq sit 5% higher: the parity effect (README "How it measures"). Successive orders
 * n - 1 -> n are then off the slope by ln(1.05)/ln(n/(n-1)), 3.1 at n = 64; over a doubling of n by
 * 0.07, so the fit window still forms.
 */
const ODD_FACTOR = 1.05;
const sources: ExperimentSources = {
  construct: (unit, _t, _d, widths) =>
    widths.map((n) => ({
      n,
      params: 3 * n + 1,
      rmse: n ** -ORDER[unit.form.name],
      localOrder: null,
      ratioToPredicted: 1,
    })),
  async measure({ units, target, plan }) {
    return units.flatMap((u) =>
      plan.widths.map((n): RunRecord => ({
        unit: u.form.name,
        target: target.expression,
        method: plan.name,
        init: 'spline',
        n,
        params: 3 * n + 1,
        seed: 0,
        trainRmse: null,
        testRmse: 0.5 * n ** -ORDER[u.form.name] * (n % 2 === 1 ? ODD_FACTOR : 1),
        iterations: 1,
        stopReason: 'exact solve',
        notes: [],
        seconds: 0,
        backend: 'float64-js',
        version: '0.0.0',
      })),
    );
  },
};

let rendered: Promise<Record<string, ReportPlot>> | null = null;
/** The three plots of one synthetic report, rendered once for all the tests below. */
function plots(): Promise<Record<string, ReportPlot>> {
  rendered ??= renderPlots();
  return rendered;
}

async function renderPlots(): Promise<Record<string, ReportPlot>> {
  const spec = parseVerificationSpec({
    name: 'plots',
    units: UNITS,
    targets: ['sin(x)'],
    methods: [
      { name: 'construct', widths: '4:64:4' },
      { name: 'lsq', widths: '4:64:1' },
    ],
    baselines: ['linear'],
  });
  const report = await runVerification(spec, { sources });
  return Object.fromEntries((await convergencePlots(report)).map((p) => [p.file, p]));
}

t.test('slopes are listed in each panel, one line each, never on top of one another', async (t) => {
  const byFile = await plots();
  for (const file of ['rmse-vs-n.svg', 'rmse-vs-p.svg']) {
    const svg = byFile[file].svg;
    const labels = [...svg.matchAll(/<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)]
      .filter((m) => /^(predicted|construct|lsq) -?\d+\.\d\d$/.test(m[3]))
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));
    t.equal(labels.length, UNITS.length * 3, `${file}: predicted, construct and lsq in each of the 5 panels`);
    // Within a panel the labels are consecutive in the SVG (one text mark group per panel).
    for (let k = 0; k < UNITS.length; k++) {
      const panel = labels.slice(3 * k, 3 * k + 3);
      t.same(
        panel.map((l) => l.text.split(' ')[0]),
        ['predicted', 'construct', 'lsq'],
        'prediction first, then the methods',
      );
      t.equal(new Set(panel.map((l) => l.x)).size, 1, 'right-aligned at one x');
      const ys = panel.map((l) => l.y);
      for (let i = 1; i < ys.length; i++) t.ok(ys[i] - ys[i - 1] >= 10, `line ${i} is ${ys[i] - ys[i - 1]} px below`);
    }
    // Against n the synthetic RMSEs fall with exactly the predicted slopes (lsq's odd offset cancels over the window).
    if (file === 'rmse-vs-n.svg')
      t.same(
        labels.map((l) => l.text),
        UNITS.flatMap((u) => ['predicted', 'construct', 'lsq'].map((s) => `${s} -${ORDER[u]}.00`)),
        'the listed slopes are the predicted and fitted ones',
      );
  }
});

t.test('local orders over unit steps are taken between widths of the same parity', async (t) => {
  const svg = (await plots())['local-orders.svg'].svg;
  // y pixel of an order on the [ORDER_AXIS_MIN, ORDER_AXIS_MAX] axis, 180 px high.
  const pixel = (order: number) => ((ORDER_AXIS_MAX - order) / (ORDER_AXIS_MAX - ORDER_AXIS_MIN)) * 180;
  // Each panel: its marks, then its title. The local points are the one symbol layer of a panel.
  const panels = svg.split('mark-symbol role-mark child_layer_1_marks').slice(1);
  t.equal(panels.length, UNITS.length);
  for (const panel of panels) {
    const unit = /role-title-text[\s\S]*?<text[^>]*>([^<]*)<\/text>/.exec(panel)?.[1] ?? '?';
    const points = panel.split('role-scope child_layer_2_pathgroup')[0];
    // lsq's points (orange); construct's widths step by 4, all even.
    const lsq = [...points.matchAll(/<path transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*stroke="#ff7f0e"/g)];
    t.equal(lsq.length, 61 - 2, `${unit}: one lsq point per width from 6 to 64 (4 -> 6 first)`);
    const ys = lsq.map((m) => Number(m[2]));
    // Successive orders n - 1 -> n would be ±ln(1.05)/ln(n/(n-1)) off: 0.7 to 3.1, 13 px or more.
    const off = ys.filter((y) => Math.abs(y - pixel(-ORDER[unit])) > 0.02);
    t.same(off, [], `${unit}: every lsq point at ${-ORDER[unit]} (y ${pixel(-ORDER[unit])})`);
  }
  const caption = (await plots())['local-orders.svg'].caption;
  t.match(caption, /n − 2 → n, between widths of the same parity/);
});

t.test('coordinates are rounded to what the pixels need; text is left alone', async (t) => {
  const byFile = await plots();
  for (const [file, plot] of Object.entries(byFile)) {
    const geometry = [...plot.svg.matchAll(/\s(?:transform|d|x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"/g)].map(
      (m) => m[1],
    );
    const long = geometry.filter((v) => new RegExp(`\\.\\d{${PIXEL_DECIMALS + 1}}`).test(v));
    t.same(long.slice(0, 3), [], `${file}: no coordinate with more than ${PIXEL_DECIMALS} decimals`);
    // Measured 192,767, 206,808 and 120,582 bytes; the bound leaves 15%.
    t.ok(plot.svg.length < SIZE_BOUND[file], `${file}: ${plot.svg.length} bytes < ${SIZE_BOUND[file]}`);
    t.notMatch(plot.svg, /aria-roledescription="point"/, `${file}: no per-point aria label`);
  }
  t.equal(
    roundSvgCoordinates(
      '<g transform="translate(154.35351405714343,-0.004)"><path d="M1.2345,2L3e-7,4.5678"/><text x="1.23456">0.00012345</text></g>',
    ),
    '<g transform="translate(154.35,0)"><path d="M1.23,2L3e-7,4.57"/><text x="1.23">0.00012345</text></g>',
  );
});
