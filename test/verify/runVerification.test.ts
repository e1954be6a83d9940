import t from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseVerificationSpec } from '../../src/verify/verificationSpec.js';
import { runVerification } from '../../src/verify/runVerification.js';
import type { ExperimentSources } from '../../src/verify/experimentSources.js';
import type { RunRecord } from '../../src/verify/runRecord.js';
import { convergencePlots } from '../../src/report/convergencePlots.js';
import { renderMarkdown } from '../../src/report/reportMarkdown.js';
import { renderHtml } from '../../src/report/reportHtml.js';
import { validateReport } from '../../src/report/validateReport.js';

// Synthetic measurements with known slopes: construct gives -(m+1) exactly (A = 1), the trainer
// gives -(m+1) for lsq and a stuck -1 for adam (float32 backend), so the verdicts are known.
const ORDER: Record<string, number> = { mlp: 2, glu: 3, gqu: 4 };
const sources: ExperimentSources = {
  construct: (unit, _target, _domain, widths) =>
    widths.map((n) => ({
      n,
      params: 3 * n + 1,
      rmse: n ** -ORDER[unit.form.name],
      localOrder: null,
      ratioToPredicted: 1,
    })),
  async measure({ units, target, plan }) {
    const out: RunRecord[] = [];
    for (const u of units)
      for (const n of plan.widths)
        for (const seed of plan.seeds) {
          const slope = plan.name === 'adam' ? -1 : -ORDER[u.form.name];
          out.push({
            unit: u.form.name,
            target: target.expression,
            method: plan.name,
            init: 'spline',
            n,
            params: 5 * n + 1,
            seed,
            trainRmse: null,
            testRmse: 2 * n ** slope * (1 + 0.01 * Math.sin(7 * n + seed)),
            iterations: 1,
            stopReason: 'exact solve',
            notes: [],
            seconds: 0,
            backend: plan.name === 'adam' ? 'tfjs-wasm (float32)' : 'float64-js',
            version: '0.0.0',
          });
        }
    return out;
  },
};
const base = {
  name: 'synthetic',
  units: ['mlp', 'glu', 'gqu'],
  targets: ['sin(x)'],
  // 4 doublings: the verdict needs the drift pattern over 4 (src/fit/extrapolatedOrder.ts)
  widths: [4, 6, 8, 12, 16, 24, 32, 48, 64],
  methods: [{ name: 'construct' }, { name: 'lsq', seeds: 3 }, { name: 'adam' }],
  baselines: ['linear'],
};

t.test('verdicts, gating and exit code from known slopes', async (t) => {
  const report = await runVerification(
    parseVerificationSpec({ ...base, openQuestions: [{ method: 'adam', reason: 'optimiser study' }] }),
    { sources },
  );
  const row = (unit: string, method: string) => report.verdicts.find((v) => v.unit === unit && v.method === method)!;
  for (const unit of ['mlp', 'glu', 'gqu']) {
    t.equal(row(unit, 'construct').verdict, 'PASS', `${unit} construct`);
    t.ok(Math.abs(row(unit, 'construct').measuredSlope! + ORDER[unit]) < 1e-12, 'exact slope');
    t.equal(row(unit, 'lsq').verdict, 'PASS', `${unit} lsq`);
    t.equal(row(unit, 'adam').verdict, 'FAIL', `${unit} adam is stuck at -1`);
    t.equal(row(unit, 'adam').gating, false);
  }
  t.same(row('glu', 'construct').window, [4, 64]);
  const glu = row('glu', 'construct');
  t.ok(Math.abs(glu.extrapolatedSlope! + 3) < 1e-9, 'an exact power law extrapolates to its own slope');
  t.ok(Math.abs(glu.driftPerDoubling!) < 1e-9, 'with no drift');
  t.same(glu.evidence, [8, 64]);
  t.same(
    glu.localOrdersByDoubling.map((d) => [d.from, d.to]),
    [
      [8, 16],
      [16, 32],
      [32, 64],
    ],
  );
  t.equal(glu.cause, 'agrees');
  t.equal(row('mlp', 'adam').cause, 'disagrees');
  t.match(row('mlp', 'adam').reason, /shallower by at least/);
  for (const b of report.baselines)
    t.ok(b.extrapolatedSlope !== null && b.driftPerDoubling !== null, `${b.kind} baseline judged the same way`);
  t.equal(report.fits.find((f) => f.method === 'lsq')!.fit.vsN!.ciMethod, 'bootstrap-over-seeds');
  t.equal(report.fits.find((f) => f.method === 'adam')!.precision, 'float32');
  t.same(report.summary, { total: 9, pass: 6, fail: 3, inconclusive: 0, gatingNotPassed: 0, exitCode: 0 });
  t.equal(report.baselines[0].knownSlope, -2);
  t.doesNotThrow(() => validateReport(report), 'report.json matches its schema');
  t.same(
    report.findings.map((f) => [f.unit, f.title]),
    [['gqu', 'The GQU finding']],
  );
  t.same(report.findings[0].groups, { reached: ['construct', 'lsq'], notReached: ['adam'], undecided: [], mixed: [] });
  t.match(
    report.findings[0].text,
    /Reached \(PASS\): construct and lsq, whose extrapolated order lies within 0\.15 of -4\.00\. Not reached \(FAIL\): adam \(shallower\)/,
  );
});

t.test('a wrong claim (MLP order 4) fails and sets exit code 1; INCONCLUSIVE gates unless allowed', async (t) => {
  const wrong = await runVerification(
    parseVerificationSpec({ ...base, methods: [{ name: 'construct' }], predictedSlopeOverrides: { mlp: -4 } }),
    { sources },
  );
  const mlp = wrong.verdicts.find((v) => v.unit === 'mlp')!;
  t.equal(mlp.verdict, 'FAIL');
  t.equal(mlp.predictedSlope, -4);
  t.equal(wrong.predictions[0].derivedSlope, -2, 'the derived prediction is kept beside the override');
  t.equal(wrong.summary.exitCode, 1);
  const short = { ...base, widths: [8, 16, 32, 64], methods: [{ name: 'construct' }] };
  const shortReport = await runVerification(parseVerificationSpec(short), { sources });
  t.equal(shortReport.summary.exitCode, 1, '3 doublings: INCONCLUSIVE fails the run');
  t.equal(shortReport.verdicts[0].cause, 'no-extrapolation');
  t.equal(shortReport.verdicts[0].extrapolatedSlope, null);
  t.ok(Math.abs(shortReport.verdicts[0].measuredSlope! + 2) < 1e-12, 'the window slope is still reported');
  t.doesNotThrow(() => validateReport(shortReport), 'a report without extrapolations matches its schema');
  t.equal(
    (await runVerification(parseVerificationSpec({ ...short, allowInconclusive: true }), { sources })).summary.exitCode,
    0,
    'unless allowed',
  );
});

t.test('plots, Markdown and self-contained HTML', async (t) => {
  const report = await runVerification(parseVerificationSpec(base), { sources });
  const plots = await convergencePlots(report);
  t.same(
    plots.map((p) => p.file),
    ['rmse-vs-n.svg', 'rmse-vs-p.svg', 'local-orders.svg'],
  );
  for (const p of plots) {
    t.match(p.svg, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${p.file} is an SVG`);
    t.ok((p.svg.match(/<path/g) ?? []).length > 20, `${p.file} has marks`);
  }
  t.match(plots[0].svg, /lsq -3\.00/, 'fitted slopes are annotated');
  const md = renderMarkdown(report, plots);
  t.match(
    md,
    /\| glu \| -3\.00 \| -3\.00 \[-3\.00, -3\.00\] → -3\.00 \[-3\.00, -3\.00\], drift \+0\.00 PASS \| -3\.0\d \[-3\.\d\d, -\d\.\d\d\] → -\d\.\d\d \[-\d\.\d\d, -\d\.\d\d\], drift [+-]\d\.\d\d PASS \| -1\.00 \[-1\.\d\d, -\d\.\d\d\] → -[01]\.\d\d \[-1\.\d\d, -\d\.\d\d\], drift [+-]\d\.\d\d FAIL \| FAIL \|/,
  );
  t.match(
    md,
    /\| unit \| target \| method \| predicted \| window slope \[95% CI\] \| slope vs P \| window \(widths\) \| local orders per doubling \| drift \/ doubling \[95% CI\] \| extrapolated \[95% CI\] \| verdict \| reason \|/,
  );
  t.match(
    md,
    /\| glu \| sin\(x\) \| construct \| -3\.00 \| -3\.00 \[-3\.00, -3\.00\] \| -3\.0\d \| 4\.\.64 \(9\) \| -3\.00, -3\.00, -3\.00 \(8\.\.64\) \| \+0\.00 \[-0\.00, 0\.00\] \| -3\.00 \[-3\.00, -3\.00\] \| PASS \| extrapolated -3\.00/,
  );
  t.match(md, /## The GQU finding/);
  t.match(md, /\| construct \| 4, 6, 8, 12, 16, 24, 32, 48, 64 \(9\) \|/, 'widths per method');
  const html = renderHtml(md, plots, 'synthetic');
  t.equal((html.match(/<svg/g) ?? []).length, 3, 'three inline SVGs');
  t.notMatch(html, /<script|<link|src="|href="http/, 'no external resources or scripts');
});

t.test('report schema is a valid JSON Schema and rejects a verdict outside PASS/FAIL/INCONCLUSIVE', async (t) => {
  const schema = JSON.parse(readFileSync(new URL('../../specs/schemas/report.schema.json', import.meta.url), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const report = JSON.parse(
    JSON.stringify(
      await runVerification(parseVerificationSpec({ ...base, methods: [{ name: 'construct' }] }), { sources }),
    ),
  );
  t.ok(validate(report));
  report.verdicts[0].verdict = 'MAYBE';
  t.notOk(validate(report));
  t.throws(() => validateReport(report), { name: 'CheckFailedError' });
});

t.test(
  'a construction row may carry a rounding estimate: widths where it is visible are excluded as rounding',
  async (t) => {
    // n^-4 plus rounding 1e-9 n: 0.8% of the RMSE at n = 24, 3.4% at 32
    const rounding: ExperimentSources = {
      ...sources,
      construct: (_unit, _target, _domain, widths) =>
        widths.map((n) => ({
          n,
          params: 7 * n + 1,
          rmse: n ** -4 + 1e-9 * n,
          localOrder: null,
          ratioToPredicted: 1,
          roundingError: 1e-9 * n,
        })),
    };
    const report = await runVerification(
      parseVerificationSpec({
        ...base,
        units: ['gqu'],
        widths: [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64],
        methods: [{ name: 'construct' }],
      }),
      { sources: rounding },
    );
    const fit = report.fits[0].fit;
    t.same(
      fit.excluded.map((e) => [e.n, e.reason]),
      [
        [32, 'rounding'],
        [48, 'rounding'],
        [64, 'rounding'],
      ],
    );
    t.equal(report.verdicts[0].evidence![1], 24, 'the extrapolation ends before the rounding');
    t.doesNotThrow(() => validateReport(report), 'report.json with rounding estimates matches its schema');
    t.match(
      renderMarkdown(report, []),
      /excluded rounding: 32, 48, 64 \(at n = 32: rounding error 3\.20e-8 = 0\.0325 of RMSE 9\.86e-7; above 0\.01 of the RMSE from n = 32 on\)/,
    );
  },
);

t.test(
  'an lm or varpro series with a run stopped at its iteration cap in the window is INCONCLUSIVE, not PASS',
  async (t) => {
    // the same synthetic slopes as lsq (which PASS); only the stop reason of one run differs
    const withStops = (capped: (method: string, unit: string, n: number) => boolean): ExperimentSources => ({
      ...sources,
      async measure(request) {
        const records = await sources.measure(request);
        return records.map((r) =>
          capped(r.method, r.unit, r.n)
            ? { ...r, stopReason: 'max iterations', iterations: 20 }
            : { ...r, stopReason: 'relative reduction', iterations: 7 },
        );
      },
    });
    const spec = parseVerificationSpec({
      ...base,
      methods: [{ name: 'lm', seeds: 3 }, { name: 'varpro', seeds: 3 }, { name: 'adam' }],
    });
    const converged = await runVerification(spec, { sources: withStops(() => false) });
    const row = (report: typeof converged, unit: string, method: string) =>
      report.verdicts.find((v) => v.unit === unit && v.method === method)!;
    t.equal(
      row(converged, 'glu', 'lm').verdict,
      'PASS',
      `every run converged: judged like lsq (${row(converged, 'glu', 'lm').reason})`,
    );
    t.equal(row(converged, 'glu', 'varpro').verdict, 'PASS');
    const capped = await runVerification(spec, {
      sources: withStops((method, unit, n) => unit === 'glu' && n === 48 && method !== 'adam'),
    });
    for (const method of ['lm', 'varpro']) {
      const glu = row(capped, 'glu', method);
      t.equal(glu.verdict, 'INCONCLUSIVE', `${method}: a capped run in the window`);
      t.equal(glu.cause, 'not-converged');
      t.match(glu.reason, /n = 48 .*iteration cap \(20 iterations\)/);
      t.equal(row(capped, 'mlp', method).verdict, 'PASS', `${method}: other units are not affected`);
    }
    t.equal(
      row(capped, 'glu', 'adam').verdict,
      row(converged, 'glu', 'adam').verdict,
      'adam runs a fixed budget: untouched',
    );
    t.equal(capped.summary.exitCode, 1, 'a gating INCONCLUSIVE sets the exit code');
    t.doesNotThrow(() => validateReport(capped), 'the new cause is in the report schema');
    // one seed: the 1% wiggle makes the fit alone INCONCLUSIVE (scatter); a capped run still names the cap first
    const oneSeed = parseVerificationSpec({ ...base, methods: [{ name: 'lm' }] });
    const scatter = await runVerification(oneSeed, { sources: withStops(() => false) });
    t.equal(row(scatter, 'glu', 'lm').cause, 'scatter', 'converged runs: the fit decides');
    const cappedScatter = await runVerification(oneSeed, {
      sources: withStops((_m, unit, n) => unit === 'glu' && n === 64),
    });
    t.equal(row(cappedScatter, 'glu', 'lm').cause, 'not-converged', 'the cap comes before the scatter');
  },
);
