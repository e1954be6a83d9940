import t from 'tap';
import { reportFindings, groupByOutcome } from '../../src/verify/findings.js';
import type { VerdictRow } from '../../src/verify/verificationReport.js';
import type { UnitPrediction } from '../../src/verify/unitPrediction.js';
import type { Verdict } from '../../src/fit/orderVerdict.js';

const gqu: UnitPrediction = {
  unit: 'gqu',
  expression: 'relu(g)*u*q',
  degree: 3,
  continuity: 1,
  predictedOrder: 4,
  predictedSlope: -4,
  derivedSlope: -4,
  overridden: false,
  incrementIsLinearSpace: false,
  ties: ['U = G', 'u = g'],
  constant: null,
  notes: [],
};

/** A GQU verdict row whose numbers fit its verdict (PASS near -4, FAIL at -3.5, INCONCLUSIVE drifting). */
function row(method: string, target: string, verdict: Verdict): VerdictRow {
  const value = verdict === 'PASS' ? -3.98 : verdict === 'FAIL' ? -3.5 : -3.9;
  const ci: [number, number] = verdict === 'INCONCLUSIVE' ? [-4.2, -3.8] : [value - 0.02, value + 0.02];
  return {
    unit: 'gqu',
    target,
    method,
    predictedSlope: -4,
    measuredSlope: value + 0.05,
    measuredSlopeVsP: value + 0.04,
    ci: [value + 0.04, value + 0.06],
    window: [24, 400],
    windowWidths: 30,
    extrapolatedSlope: value,
    extrapolatedCi: ci,
    driftPerDoubling: verdict === 'INCONCLUSIVE' ? -0.2 : 0.01,
    driftCi: [0, 0.02],
    localOrdersByDoubling: [],
    evidence: [50, 400],
    tolerance: 0.15,
    verdict,
    cause: verdict === 'PASS' ? 'agrees' : verdict === 'FAIL' ? 'disagrees' : 'drifting',
    reason:
      verdict === 'INCONCLUSIVE'
        ? 'extrapolated ...: local orders still drifting by -0.20 per doubling; extend widths to about 1200'
        : 'r',
    extendTo: verdict === 'INCONCLUSIVE' ? 1200 : null,
    gating: true,
    openQuestion: null,
  };
}
const finding = (rows: VerdictRow[]) => reportFindings({ predictions: [gqu], verdicts: rows })[0];
const METHODS = ['construct', 'lsq', 'lm', 'adam'];
const SENTENCE = {
  reached: /Reached \(PASS\): ([^,]*?(?:, [^,]*?)*?), whose extrapolated order lies within/,
  notReached: /Not reached \(FAIL\): (.*?), whose extrapolated order lies outside/,
  undecided: /Undecided \(INCONCLUSIVE\): (.*?)\. (?:Differs|So|No)/,
  mixed: /Differs by target: (.*?)\. (?:So|No)/,
} as const;
/** Methods a group sentence names (a method name followed by nothing or its parenthesis). */
function named(text: string, group: keyof typeof SENTENCE): string[] {
  const m = SENTENCE[group].exec(text);
  if (!m) return [];
  const body = m[1].replace(/\([^)]*\)/g, '');
  return METHODS.filter((name) => new RegExp(`(^|[ ,])${name}( |,|$)`).test(body));
}

t.test('all PASS: one group, the reachable conclusion, nothing called not reached', async (t) => {
  const f = finding([row('construct', 'f', 'PASS'), row('lsq', 'f', 'PASS')]);
  t.same(f.groups, { reached: ['construct', 'lsq'], notReached: [], undecided: [], mixed: [] });
  t.match(f.text, /Reached \(PASS\): construct and lsq, whose extrapolated order lies within 0\.15 of -4\.00\./);
  t.match(
    f.text,
    /So slope -4\.00 is reachable: the paper's -3\.5 is not the GQU's order \(the explicit construction attains it\)\.$/,
  );
  t.notMatch(f.text, /Not reached|Undecided|Differs/);
  t.match(
    f.text,
    /construct: window slope -3\.93 \[-3\.94, -3\.92\] over n = 24\.\.400, extrapolated -3\.98 \[-4\.00, -3\.96\], drift \+0\.01 per doubling \(PASS\)/,
  );
});

t.test('mixed PASS / FAIL / INCONCLUSIVE across methods and targets: each method in exactly one group', async (t) => {
  const rows = [
    row('construct', 'f', 'PASS'),
    row('construct', 'g', 'PASS'),
    row('lsq', 'f', 'PASS'),
    row('lsq', 'g', 'FAIL'),
    row('lm', 'f', 'INCONCLUSIVE'),
    row('lm', 'g', 'INCONCLUSIVE'),
    row('adam', 'f', 'FAIL'),
    row('adam', 'g', 'FAIL'),
  ];
  const f = finding(rows);
  t.same(f.groups, { reached: ['construct'], notReached: ['adam'], undecided: ['lm'], mixed: ['lsq'] });
  t.match(f.text, /Reached \(PASS\): construct, whose/);
  t.match(f.text, /Not reached \(FAIL\): adam \(shallower\), whose extrapolated order lies outside -4\.00 \+- 0\.15\./);
  t.match(
    f.text,
    /Undecided \(INCONCLUSIVE\): lm \(still drifting by -0\.20 per doubling; extend widths to about 1200\)\./,
  );
  t.match(f.text, /Differs by target: lsq \(PASS on f, FAIL on g\)\./);
  t.match(f.text, /lsq on g: window slope .* \(FAIL\)/, 'each target named when there are several');
  t.match(f.text, /So slope -4\.00 is reachable/);
});

t.test('none conclusive: undecided only, and a conclusion that claims nothing', async (t) => {
  const f = finding([row('lsq', 'f', 'INCONCLUSIVE'), row('lm', 'f', 'INCONCLUSIVE')]);
  t.same(f.groups, { reached: [], notReached: [], undecided: ['lsq', 'lm'], mixed: [] });
  t.match(
    f.text,
    /No verdict was conclusive, so these measurements neither confirm nor refute -4\.00 against the paper's -3\.5\.$/,
  );
  t.notMatch(f.text, /reachable|Reached|Not reached/);
});

t.test('only FAIL: the measurement does not confirm the theory', async (t) => {
  const f = finding([row('lsq', 'f', 'FAIL')]);
  t.match(f.text, /No method reached -4\.00 here: the measurement does not confirm the theory's -4\.00\.$/);
});

t.test(
  'every assignment of verdicts to 4 methods x 2 targets: no method in two groups, no contradiction',
  async (t) => {
    const verdicts: Verdict[] = ['PASS', 'FAIL', 'INCONCLUSIVE'];
    let checked = 0;
    let bad = 0;
    for (let code = 0; code < 3 ** 8; code++) {
      const rows: VerdictRow[] = [];
      let c = code;
      for (const method of METHODS)
        for (const target of ['f', 'g']) {
          rows.push(row(method, target, verdicts[c % 3]));
          c = Math.floor(c / 3);
        }
      const f = finding(rows);
      const groups = groupByOutcome(rows);
      const all = [...groups.reached, ...groups.notReached, ...groups.undecided, ...groups.mixed];
      const inText = (['reached', 'notReached', 'undecided', 'mixed'] as const).flatMap((g) => named(f.text, g));
      const anyPass = rows.some((r) => r.verdict === 'PASS');
      const ok =
        all.length === METHODS.length &&
        new Set(all).size === METHODS.length &&
        inText.length === METHODS.length &&
        new Set(inText).size === METHODS.length &&
        /is reachable/.test(f.text) === anyPass &&
        /does not confirm/.test(f.text) === (!anyPass && rows.some((r) => r.verdict === 'FAIL'));
      if (!ok && bad++ < 3) t.fail(`verdicts ${rows.map((r) => r.verdict[0]).join('')}: ${f.text}`);
      checked++;
    }
    t.equal(bad, 0, `${checked} assignments, each method named in exactly one group`);
  },
);

t.test('no GQU, or a GQU without a prediction: no finding', async (t) => {
  t.same(reportFindings({ predictions: [{ ...gqu, unit: 'glu', expression: 'relu(g)*u' }], verdicts: [] }), []);
  t.same(reportFindings({ predictions: [{ ...gqu, predictedSlope: null }], verdicts: [row('lsq', 'f', 'PASS')] }), []);
});

t.test('a not-converged optimizer is named as such among the undecided, in a few words', async (t) => {
  const capped: VerdictRow = {
    ...row('lm', 'f', 'INCONCLUSIVE'),
    cause: 'not-converged',
    reason:
      'not converged: the runs at n = 48, 64 in the window stopped at the iteration cap (20 iterations), not on a tolerance',
    extendTo: null,
  };
  const f = finding([row('construct', 'f', 'PASS'), capped]);
  t.same(f.groups.undecided, ['lm']);
  t.match(f.text, /Undecided \(INCONCLUSIVE\): lm \(runs stopped at the iteration cap\)\./);
});
