// Verdicts on slowly converging series (issue 11): every series is judged with its true order and with
// the order off by +-0.3 (tolerance 0.15). A false PASS is a PASS of an order off by 0.3; a false FAIL
// is a FAIL of the true order. The sets:
//  - synthetic series with a known order p = 2..6 and strong corrections (b/n, c/n^2 of both signs,
//    mixed, shifted n), multiplicative noise, odd/even parity effects and a float floor the 100 eps |f|
//    cut catches, on four width grids: no false verdict;
//  - real runs (test/fixtures/slow-convergence-series.json, made by slow-convergence-series.mjs beside
//    it): exact least squares on steep targets (tanh(10x), exp(-20x^2), 1/(1+25x^2)) and the paper's,
//    on three domains, truncated at n_max = 64..1024 on five width grids; the explicit constructions;
//    the paper's spec widths; issue 11's shifted-domain examples: no false verdict except the known
//    limitation below;
//  - adversarial synthetic cells outside the error expansion's pattern (a pre-asymptotic bump cut by
//    the float floor; a floor above the 100 eps |f| cut): their false verdicts are counted and asserted
//    as known limitations (README "How it judges"), and a rounding estimate of the floor removes them.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { extrapolatedOrder } from '../../src/fit/extrapolatedOrder.js';
import { judgeOrder, type Verdict } from '../../src/fit/orderVerdict.js';
import { seededRandom } from '../../src/core/seededRandom.js';

const TOLERANCE = 0.15;
const OFF = 0.3;

interface Tally {
  series: number;
  falsePass: number;
  falseFail: number;
  passWhenRight: number;
  failWhenOff: number;
  falses: string[];
}
const tally = (): Tally => ({ series: 0, falsePass: 0, falseFail: 0, passWhenRight: 0, failWhenOff: 0, falses: [] });

interface Judged {
  readonly ns: readonly number[];
  readonly ls: readonly number[];
  readonly targetScale: number;
  readonly truth: number;
  readonly label: string;
  readonly rounding?: readonly (number | null)[];
}

/** Judge one series three times (true order, +-OFF) into a tally. */
function score(into: Tally, s: Judged, confirmDoublings?: number): Verdict[] {
  const extrapolation = extrapolatedOrder(s.ns, s.ls, {
    floor: { precision: 'float64', targetScale: s.targetScale },
    roundingErrors: s.rounding,
    confirmDoublings,
  });
  const judge = (p: number): Verdict => judgeOrder({ extrapolation, vsN: null }, p, TOLERANCE).verdict;
  const v = [judge(s.truth), judge(s.truth + OFF), judge(s.truth - OFF)];
  into.series++;
  if (v[0] === 'PASS') into.passWhenRight++;
  into.failWhenOff += v.filter((x, i) => i > 0 && x === 'FAIL').length;
  const fp = v.filter((x, i) => i > 0 && x === 'PASS').length;
  const ff = v[0] === 'FAIL' ? 1 : 0;
  into.falsePass += fp;
  into.falseFail += ff;
  if (fp + ff > 0) into.falses.push(`${s.label}: ${v.join('/')}`);
  return v;
}
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
const row = (name: string, x: Tally): string =>
  `| ${name} | ${x.series} | ${x.falsePass} | ${x.falseFail} | ${pct(x.passWhenRight, x.series)} | ${pct(x.failWhenOff, 2 * x.series)} |`;
const HEADER =
  '| set | series | false PASS | false FAIL | PASS when right | FAIL when off by 0.3 |\n|---|---|---|---|---|---|';

// ---------------------------------------------------------------------------------------------
// Synthetic: ln L = ln A - p ln n + c(n) + parity(n) + sigma N(0, 1), L(n_max) = 1e-9, then a floor.

const range = (a: number, b: number, s = 1): number[] =>
  Array.from({ length: Math.floor((b - a) / s) + 1 }, (_, i) => a + i * s);
const GRIDS: Record<string, (nMax: number) => number[]> = {
  // every width to 64, then 4/8/16 per step
  consecutive: (nMax) =>
    [...range(4, 64), ...range(68, 128, 4), ...range(136, 256, 8), ...range(272, 512, 16)].filter((n) => n <= nMax),
  multiplesOf16: (nMax) => range(16, nMax, 16),
  fourPerDoubling: (nMax) =>
    [...new Set(range(0, 40).map((j) => Math.round(8 * 2 ** (j / 4))))].filter((n) => n <= nMax),
  paper: () => [...range(4, 100), 112, 128, 160, 192, 256, 320, 400],
};
const CORRECTIONS: Record<string, (n: number, p: number) => number> = {
  none: () => 0,
  'b = +16': (n) => 16 / n,
  'b = -16': (n) => -16 / n,
  'b = +32': (n) => 32 / n,
  'b = -32': (n) => -32 / n,
  'c = +512': (n) => 512 / n ** 2,
  'c = -512': (n) => -512 / n ** 2,
  'b = +16, c = -512': (n) => 16 / n - 512 / n ** 2,
  'b = -16, c = +512': (n) => -16 / n + 512 / n ** 2,
  'b = +24, c = +256': (n) => 24 / n + 256 / n ** 2,
  'n + 6': (n, p) => -p * Math.log(1 + 6 / n),
  'n - 3': (n, p) => -p * Math.log(1 - 3 / n),
};
/** outside the expansion: a bump that decays exponentially (its rising side looks converged) */
const BUMP = (n: number): number => 1.5 * Math.exp(-n / 40);
const PARITY: Record<string, (n: number, p: number) => number> = {
  none: () => 0,
  'factor 1.35': (n) => (n % 2 ? 0.3 : 0),
  'factor 2': (n) => (n % 2 ? Math.LN2 : 0),
  'n - 1 odd, n - 2 even': (n, p) => -p * Math.log(1 - (n % 2 ? 1 : 2) / n),
};
type Floor = 'none' | 'caught' | 'hidden 1/10' | 'hidden 1/3';

function synthetic(opts: {
  p: number;
  correction: (n: number, p: number) => number;
  noise: number;
  parity: (n: number, p: number) => number;
  floor: Floor;
  ns: number[];
  seed: number;
}) {
  const rng = seededRandom(opts.seed);
  const clean = (n: number): number => -opts.p * Math.log(n) + opts.correction(n, opts.p) + opts.parity(n, opts.p);
  const shift = Math.log(1e-9) - clean(opts.ns[opts.ns.length - 1]);
  const T = opts.ns.map((n) => Math.exp(clean(n) + shift + opts.noise * rng.normal()));
  const tMax = Math.exp(clean(opts.ns[opts.ns.length - 1]) + shift);
  // 'caught': a floor at 3 eps |f|, so the 100 eps |f| cut removes the last widths (|f| chosen to put it there);
  // 'hidden': a floor at T(n_max)/10 or /3, above the cut, bending the last widths
  const F = { none: 0, caught: 3 * tMax, 'hidden 1/10': tMax / 10, 'hidden 1/3': tMax / 3 }[opts.floor];
  const targetScale = opts.floor === 'caught' ? F / (3 * 2 ** -52) : 1;
  const floorAt = opts.ns.map(() => F * (1 + 0.3 * rng.uniform()));
  return { ls: T.map((x, i) => Math.hypot(x, floorAt[i])), targetScale, floorAt };
}

interface Cell {
  grid: string;
  nMax: number;
  parities: string[];
}
const CELLS: Cell[] = [
  { grid: 'consecutive', nMax: 128, parities: Object.keys(PARITY) },
  { grid: 'consecutive', nMax: 512, parities: Object.keys(PARITY) },
  { grid: 'multiplesOf16', nMax: 128, parities: ['none'] },
  { grid: 'multiplesOf16', nMax: 512, parities: ['none'] },
  { grid: 'fourPerDoubling', nMax: 128, parities: ['none'] },
  { grid: 'fourPerDoubling', nMax: 512, parities: ['none'] },
  { grid: 'paper', nMax: 400, parities: Object.keys(PARITY) },
];

/** Every synthetic series of the factorial, with the given corrections and floors. */
function* syntheticSet(
  corrections: Record<string, (n: number, p: number) => number>,
  floors: Floor[],
): Generator<Judged & { floorAt: number[]; correction: string; floor: Floor }> {
  let seed = 1;
  for (const cell of CELLS)
    for (const p of [2, 3, 4, 5, 6])
      for (const [cname, correction] of Object.entries(corrections))
        for (const noise of [0, 0.01, 0.03])
          for (const parity of cell.parities)
            for (const floor of floors) {
              const ns = GRIDS[cell.grid](cell.nMax);
              const s = synthetic({ p, correction, noise, parity: PARITY[parity], floor, ns, seed: seed++ });
              yield {
                ns,
                ls: s.ls,
                targetScale: s.targetScale,
                truth: -p,
                floorAt: s.floorAt,
                correction: cname,
                floor,
                label: `${cell.grid} to ${cell.nMax}, p = ${p}, ${cname}, noise ${noise}, parity ${parity}, floor ${floor}`,
              };
            }
}

t.test('synthetic series with known p and strong 1/n, 1/n^2 corrections: no false verdict', async (t) => {
  const all = tally();
  const byCorrection = new Map<string, Tally>();
  for (const s of syntheticSet(CORRECTIONS, ['none', 'caught'])) {
    score(all, s);
    const key = s.correction;
    if (!byCorrection.has(key)) byCorrection.set(key, tally());
    score(byCorrection.get(key)!, s);
  }
  t.comment(`${HEADER}\n${row('all', all)}\n${[...byCorrection].map(([k, v]) => row(k, v)).join('\n')}`);
  t.equal(all.falsePass + all.falseFail, 0, `false verdicts: ${all.falses.slice(0, 5).join('; ')}`);
  t.ok(all.series >= 5000, `${all.series} series`);
  t.ok(all.passWhenRight > 0.1 * all.series && all.failWhenOff > 0.2 * all.series, 'and the verdicts have power');
});

t.test('known limitation: series outside the expansion (a bump cut by the floor, a floor above the cut)', async (t) => {
  const bump = tally();
  for (const s of syntheticSet({ 'bump 1.5 exp(-n/40)': BUMP }, ['none', 'caught'])) score(bump, s);
  const hidden = tally();
  const hiddenWithEstimate = tally();
  for (const s of syntheticSet(CORRECTIONS, ['hidden 1/10', 'hidden 1/3'])) {
    score(hidden, s);
    // the same series with the floor's size as a per-width rounding estimate (seriesCuts rule 3)
    score(hiddenWithEstimate, { ...s, rounding: s.floorAt });
  }
  t.comment(
    `${HEADER}\n${row('bump', bump)}\n${row('hidden floor', hidden)}\n${row('hidden floor, estimated', hiddenWithEstimate)}`,
  );
  // The bump's rising side, cut by the floor before its turning point, has local orders that settle
  // 0.5 below -p and follow the drift pattern: indistinguishable from convergence on those widths.
  t.same([bump.falsePass, bump.falseFail], [0, 61], `bump: ${bump.falses.slice(0, 3).join('; ')}`);
  // A floor at T(n_max)/3 bends only the last widths of a b = -32 series: 12 false verdicts in 5760.
  t.same([hidden.falsePass, hidden.falseFail], [5, 7], `hidden floor: ${hidden.falses.join('; ')}`);
  t.equal(hiddenWithEstimate.falsePass + hiddenWithEstimate.falseFail, 0, 'with a rounding estimate the floor is cut');
});

// ---------------------------------------------------------------------------------------------
// Real runs (test/fixtures/slow-convergence-series.json).

interface FixtureSeries {
  readonly kind: 'lsq' | 'construct' | 'construct-paper' | 'lsq-paper' | 'lsq-issue';
  readonly unit: string;
  readonly target: string;
  readonly domain: [number, number];
  readonly targetScale: number;
  readonly truthSlope: number;
  readonly n: number[];
  readonly rmse: number[];
}
const fixture: { note: string; series: FixtureSeries[] } = JSON.parse(
  readFileSync(new URL('../fixtures/slow-convergence-series.json', import.meta.url), 'utf8'),
);
const SUBGRIDS: Record<string, (ns: number[]) => number[]> = {
  'every width': (ns) => ns,
  'every width from 16': (ns) => ns.filter((n) => n >= 16),
  'multiples of 16': (ns) => ns.filter((n) => n % 16 === 0),
  'even from 8': (ns) => ns.filter((n) => n >= 8 && n % 2 === 0),
  '4 per doubling from 8': (ns) => {
    const nearest = (w: number): number =>
      ns.reduce((b, n) => (Math.abs(Math.log(n / w)) < Math.abs(Math.log(b / w)) ? n : b), ns[0]);
    const keep = new Set(range(0, 39).map((j) => nearest(8 * 2 ** (j / 4))));
    return ns.filter((n) => keep.has(n));
  },
};
const N_MAX: Partial<Record<FixtureSeries['kind'], number[]>> = {
  lsq: [64, 96, 128, 192, 256, 384, 512, 1024],
  construct: [64, 128, 256, 512, 1024],
};
/** Every truncation judged: the lsq and construct series cut at each n_max on each sub-grid (distinct width lists of >= 6 widths reaching 0.9 n_max); the paper and issue series whole. */
function* truncations(
  kinds: FixtureSeries['kind'][],
): Generator<Judged & { kind: string; nMax: number; grid: string }> {
  for (const s of fixture.series) {
    if (!kinds.includes(s.kind)) continue;
    const where = `${s.kind} ${s.unit} ${s.target} [${s.domain.join(',')}]`;
    const nMaxes = N_MAX[s.kind];
    if (!nMaxes) {
      yield {
        ns: s.n,
        ls: s.rmse,
        targetScale: s.targetScale,
        truth: s.truthSlope,
        label: `${where} ${s.n[0]}..${s.n[s.n.length - 1]}`,
        kind: s.kind,
        nMax: s.n[s.n.length - 1],
        grid: 'spec',
      };
      continue;
    }
    for (const nMax of nMaxes) {
      const seen = new Set<string>();
      for (const [grid, select] of Object.entries(SUBGRIDS)) {
        const ns = select(s.n).filter((n) => n <= nMax);
        if (ns.length < 6 || ns[ns.length - 1] < 0.9 * nMax || seen.has(ns.join())) continue;
        seen.add(ns.join());
        yield {
          ns,
          ls: ns.map((n) => s.rmse[s.n.indexOf(n)]),
          targetScale: s.targetScale,
          truth: s.truthSlope,
          label: `${where}, ${grid} to ${nMax}`,
          kind: s.kind,
          nMax,
          grid,
        };
      }
    }
  }
}
/**
 * The known limitation on real runs (README "How it judges"): relu(g)^3*u on tanh(10x) over [0, 1] holds
 * its local orders flat near -4.7 from n = 16 to 128 and only then drifts to -4.95 by n = 1024. Cut at
 * n_max = 128 it looks converged: no rule on those widths can tell it from a limit of -4.7.
 */
const KNOWN_REAL_FALSE = [
  'lsq relu(g)^3*u tanh(10*x) [0,1], even from 8 to 128: FAIL/INCONCLUSIVE/FAIL',
  'lsq relu(g)^3*u tanh(10*x) [0,1], 4 per doubling from 8 to 128: FAIL/PASS/FAIL',
];

t.test('fixture: every series that reaches n = 1024 settles at its true order', async (t) => {
  t.ok(fixture.series.length >= 129, `${fixture.series.length} series`);
  for (const s of fixture.series.filter((x) => x.n[x.n.length - 1] === 1024)) {
    const i = s.n.indexOf(512);
    const j = s.n.length - 1;
    const order = Math.log(s.rmse[j] / s.rmse[i]) / Math.log(2);
    if (!(Math.abs(order - s.truthSlope) <= 0.1))
      t.fail(
        `${s.kind} ${s.unit} ${s.target} [${s.domain}]: local order ${order.toFixed(3)} over 512..1024, truth ${s.truthSlope}`,
      );
  }
  t.pass('checked');
});

t.test('real runs truncated at n_max = 64..1024: no false verdict but the known limitation', async (t) => {
  const byKind = new Map<string, Tally>();
  const byNMax = new Map<number, Tally>();
  for (const s of truncations(['lsq', 'construct', 'construct-paper', 'lsq-paper', 'lsq-issue'])) {
    if (!byKind.has(s.kind)) byKind.set(s.kind, tally());
    score(byKind.get(s.kind)!, s);
    if (s.kind === 'lsq') {
      if (!byNMax.has(s.nMax)) byNMax.set(s.nMax, tally());
      score(byNMax.get(s.nMax)!, s);
    }
  }
  t.comment(
    `${HEADER}\n${[...byKind].map(([k, v]) => row(k, v)).join('\n')}\n${[...byNMax].map(([k, v]) => row(`lsq, n_max ${k}`, v)).join('\n')}`,
  );
  const falses = [...byKind.values()].flatMap((x) => x.falses);
  t.same(falses, KNOWN_REAL_FALSE, 'the only false verdicts are the documented flat-then-drift series');
  t.ok(byKind.get('lsq')!.series >= 3000, `${byKind.get('lsq')!.series} lsq truncations`);
});

t.test("the paper's easy cases (specs/paper.json widths) PASS their order and FAIL +-0.3", async (t) => {
  for (const s of truncations(['lsq-paper', 'construct-paper'])) {
    const extrapolation = extrapolatedOrder(s.ns, s.ls, {
      floor: { precision: 'float64', targetScale: s.targetScale },
    });
    const judge = (p: number) => judgeOrder({ extrapolation, vsN: null }, p, TOLERANCE);
    t.equal(judge(s.truth).verdict, 'PASS', `${s.label}: ${judge(s.truth).reason}`);
    t.equal(judge(s.truth + OFF).verdict, 'FAIL', `${s.label} at ${s.truth + OFF}`);
    t.equal(judge(s.truth - OFF).verdict, 'FAIL', `${s.label} at ${s.truth - OFF}`);
  }
});

t.test('the one setting that trades safety for power: doublings of evidence (README "How it judges")', async (t) => {
  const lines: string[] = [];
  const measured = new Map<number, { lsq: Tally; construct: Tally; paperPass: number; paperCases: number }>();
  for (const confirm of [3, 4, 5]) {
    const lsq = tally();
    const construct = tally();
    let paperPass = 0;
    let paperCases = 0;
    for (const s of truncations(['lsq', 'construct', 'lsq-issue']))
      score(s.kind === 'construct' ? construct : lsq, s, confirm);
    for (const s of truncations(['lsq-paper', 'construct-paper'])) {
      paperCases++;
      if (score(tally(), s, confirm)[0] === 'PASS') paperPass++;
    }
    measured.set(confirm, { lsq, construct, paperPass, paperCases });
    lines.push(
      row(`${confirm} doublings, real lsq`, lsq),
      row(`${confirm} doublings, construct`, construct),
      `| ${confirm} doublings, paper's easy cases PASS | ${paperPass} of ${paperCases} | | | | |`,
    );
  }
  t.comment(`${HEADER}\n${lines.join('\n')}`);
  const at = (c: number) => measured.get(c)!;
  const falseCount = (x: Tally) => x.falsePass + x.falseFail;
  t.ok(falseCount(at(3).lsq) > falseCount(at(4).lsq), 'three doublings: more false verdicts');
  t.ok(at(3).lsq.passWhenRight > at(4).lsq.passWhenRight, '... and more power');
  t.equal(falseCount(at(5).lsq), 0, 'five doublings: no false verdict on the real runs');
  t.ok(at(5).paperPass < at(5).paperCases, "... but an easy case of the paper's spec is lost");
  t.equal(at(4).paperPass, at(4).paperCases, 'four: every easy case PASSes');
});
