// The banded frozen-gate solver reproduces the dense-QR least-squares optimum of the lsq method.
// Reference: the trainer's dense design (src/train/frozenGateDesign) solved by the pivoted QR solveLeastSquares.
import t, { type Test } from 'tap';
import { fitFrozenGateSpline, type FrozenGateSplineFit } from '../../src/linalg/frozenGateSpline.js';
import { sortSample, type SortedSample } from '../../src/linalg/sortedSample.js';
import { evaluateFrozenGateColumns } from '../../src/linalg/frozenGateColumns.js';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { splineInitialGates } from '../../src/network/splineInitialisation.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import { splineKnots } from '../../src/linalg/frozenGateSpline/splineKnots.js';
import {
  splineEvaluator,
  splineValue,
  splineValues,
  TAYLOR_FORM_MAX_DEGREE,
} from '../../src/linalg/frozenGateSpline/bandedDesign.js';
import { bsplineScratch } from '../../src/linalg/bsplineBasis.js';
import { countAtMost } from '../../src/linalg/knotSpan.js';
import { parseUnit } from '../../src/core/unitForm.js';
import { frozenGateDesign } from '../../src/train/frozenGateDesign.js';
import { analysedUnit, type FrozenGateFamily } from '../../src/symbolic/analysedUnit.js';

/** The unit's frozen-gate family (relu units have one). */
const frozenGateFamily = (unit: ReturnType<typeof parseUnit>): FrozenGateFamily =>
  analysedUnit(unit).frozenGate as FrozenGateFamily;
import { frozenGateParams } from '../../src/train/frozenGateParams.js';

const DOMAIN = [-1, 1] as const;
const runge = (x: number): number => 1 / (1 + 9 * x * x);
// The bench's speedrun problem at N = 2000; test grid of 20001 points as the trainer's.
const rng = seededRandom(2026);
const xTrain = Float64Array.from({ length: 2000 }, () => -1 + 2 * rng.uniform());
const yTrain = xTrain.map(runge);
const xTest = Float64Array.from({ length: 20001 }, (_, i) => -1 + i / 10000);
const yTest = xTest.map(runge);
const sample = sortSample(xTrain, yTrain);

function rmse(values: Float64Array, reference: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - reference[i]) ** 2;
  return Math.sqrt(s / values.length);
}

function times(A: { matrix: Float64Array; rows: number; cols: number }, x: Float64Array): Float64Array {
  const y = new Float64Array(A.rows);
  for (let j = 0; j < A.cols; j++) for (let i = 0; i < A.rows; i++) y[i] += A.matrix[i + j * A.rows] * x[j];
  return y;
}

function bandedFit(name: string, n: number, data: SortedSample = sample): FrozenGateSplineFit {
  const family = frozenGateFamily(parseUnit(name));
  const gates = splineInitialGates(n, DOMAIN);
  const fit = fitFrozenGateSpline({
    sample: data,
    knots: gates.knots,
    gateWeights: gates.G,
    knotPower: family.knotPower,
    freeDegree: family.freeDegree,
    domain: DOMAIN,
  });
  if (!fit.applicable) throw new Error(`${name} n=${n}: ${fit.reason}`);
  return fit;
}

// Odd and even n (for GQU, relu^2, relu^3 odd/even n decide whether the column space is cut by constraints), tiny n
// (no interior knot) and widths where the dense design's condition number reaches 1e5..1e6.
const CASES: Record<string, number[]> = {
  mlp: [1, 2, 4, 7, 40],
  glu: [1, 3, 4, 25, 40],
  gqu: [1, 2, 5, 10, 25, 40],
  relu2: [1, 3, 16, 25],
  relu3: [1, 2, 5, 16, 25],
};

t.test(
  'test RMSE equals the dense QR solve: 1e-9 relative or 1e-14 absolute; the column space has the dense rank',
  async (t) => {
    for (const [name, widths] of Object.entries(CASES)) {
      const unit = parseUnit(name);
      const family = frozenGateFamily(unit);
      for (const n of widths) {
        const gates = splineInitialGates(n, DOMAIN);
        const design = frozenGateDesign(xTrain, gates, family, DOMAIN);
        const dense = solveLeastSquares(design.matrix, design.rows, design.cols, yTrain);
        const denseTest = rmse(times(frozenGateDesign(xTest, gates, family, DOMAIN), dense.x), yTest);
        const fit = bandedFit(name, n);
        const bandedTest = rmse(fit.predict(xTest), yTest);
        const difference = Math.abs(bandedTest - denseTest);
        t.ok(
          difference <= Math.max(1e-9 * denseTest, 1e-14),
          `${name} n=${n}: test RMSE banded ${bandedTest.toExponential(10)} dense ${denseTest.toExponential(10)} (|diff| ${difference.toExponential(2)}, tol 1e-9 rel / 1e-14 abs)`,
        );
        const denseTrain = dense.residualNorm / Math.sqrt(xTrain.length);
        t.ok(
          Math.abs(fit.trainRmse - denseTrain) <= Math.max(1e-9 * denseTrain, 1e-14),
          `${name} n=${n}: train RMSE ${fit.trainRmse} vs ${denseTrain}`,
        );
        t.equal(
          fit.notes.columnSpaceDimension,
          dense.rank,
          `${name} n=${n}: dim V = ${fit.notes.splineDimension} - ${fit.notes.constraints} constraints = dense rank`,
        );
      }
    }
  },
);

t.test(
  'the residual is orthogonal to every dense column (first-order optimality, independent of the dense solver)',
  async (t) => {
    // cos(column, residual) <= 1e-9: float64 dot products of 2000 terms with |y| ~ 1 against RMSE >= 1e-6 resolve ~1e-11.
    for (const [name, n] of [
      ['glu', 40],
      ['gqu', 40],
      ['relu3', 25],
    ] as const) {
      const family = frozenGateFamily(parseUnit(name));
      const design = frozenGateDesign(xTrain, splineInitialGates(n, DOMAIN), family, DOMAIN);
      const fitted = bandedFit(name, n).predict(xTrain);
      const residual = yTrain.map((y, i) => y - fitted[i]);
      const residualNorm = Math.hypot(...residual);
      let worst = 0;
      for (let j = 0; j < design.cols; j++) {
        let dot = 0;
        let norm = 0;
        for (let i = 0; i < design.rows; i++) {
          dot += design.matrix[i + j * design.rows] * residual[i];
          norm += design.matrix[i + j * design.rows] ** 2;
        }
        if (norm > 0) worst = Math.max(worst, Math.abs(dot) / Math.sqrt(norm) / residualNorm);
      }
      t.ok(worst <= 1e-9, `${name} n=${n}: max |cos(column, residual)| = ${worst.toExponential(2)} (tol 1e-9)`);
    }
  },
);

t.test(
  'recovered network parameters reproduce the fitted function (evaluateNetwork through frozenGateParams)',
  async (t) => {
    for (const [name, n] of [
      ['mlp', 40],
      ['glu', 25],
      ['gqu', 25],
      ['gqu', 40],
      ['relu2', 25],
      ['relu3', 25],
    ] as const) {
      const unit = parseUnit(name);
      const family = frozenGateFamily(unit);
      const gates = splineInitialGates(n, DOMAIN);
      const fit = bandedFit(name, n);
      const params = frozenGateParams(unit, family, gates, fit.coefficients, DOMAIN);
      const network = evaluateNetwork(unit, params, xTest);
      const spline = fit.predict(xTest);
      let worst = 0;
      for (let i = 0; i < xTest.length; i++) worst = Math.max(worst, Math.abs(network[i] - spline[i]));
      // Measured 1e-16..1e-14: coefficients are read off in double-double (float64 jumps would give ~1e-11 at n = 40).
      t.ok(
        worst <= 1e-13,
        `${name} n=${n}: max |network - spline| = ${worst.toExponential(2)} on the test grid (tol 1e-13, |y| <= 1)`,
      );
      t.ok(
        fit.notes.networkDeviation <= 1e-14,
        `${name} n=${n}: the solver's own check measured ${fit.notes.networkDeviation.toExponential(2)}`,
      );
    }
  },
);

t.test('constraints appear exactly where left-facing neurons tie polynomial parts to jumps', async (t) => {
  // k = m + 1 - dim(span of the constant and the edge polynomials): GQU and relu^2 need n even to reach all of S.
  t.equal(bandedFit('gqu', 10).notes.constraints, 0);
  t.equal(bandedFit('gqu', 25).notes.constraints, 1);
  t.equal(bandedFit('relu3', 16).notes.constraints, 1);
  t.equal(bandedFit('relu3', 25).notes.constraints, 2);
  t.equal(bandedFit('glu', 25).notes.constraints, 0);
  const mlp = bandedFit('mlp', 40);
  t.equal(mlp.notes.interiorKnots, 38);
  t.equal(
    mlp.notes.edgeNeurons,
    2,
    'knots at -1.001 (facing right) and 1.001 (facing left, n even) are polynomials on the domain',
  );
});

t.test(
  'neuron order does not matter; the same neurons shuffled give the same function and permuted coefficients',
  async (t) => {
    const n = 12;
    const family = frozenGateFamily(parseUnit('glu'));
    const gates = splineInitialGates(n, DOMAIN);
    const order = [5, 0, 11, 3, 8, 1, 10, 2, 7, 4, 9, 6];
    const shuffled = fitFrozenGateSpline({
      sample,
      knots: Float64Array.from(order, (i) => gates.knots[i]),
      gateWeights: Float64Array.from(order, (i) => gates.G[i]),
      knotPower: family.knotPower,
      freeDegree: family.freeDegree,
      domain: DOMAIN,
    });
    const sorted = bandedFit('glu', n);
    if (!shuffled.applicable) throw new Error(shuffled.reason);
    t.equal(shuffled.trainRmse, sorted.trainRmse);
    order.forEach((i, position) => {
      for (let j = 0; j < 2; j++) {
        const a = shuffled.coefficients[position * 2 + j];
        const b = sorted.coefficients[i * 2 + j];
        if (Math.abs(a - b) > 1e-13 * Math.max(1, Math.abs(b))) t.fail(`neuron ${i} coefficient ${j}: ${a} vs ${b}`);
      }
    });
  },
);

t.test(
  'declines (for the dense fallback) only on shared knots and too few distinct points; rejects bad input',
  async (t) => {
    const gates = splineInitialGates(9, DOMAIN);
    const shared = fitFrozenGateSpline({
      sample,
      knots: Float64Array.from([-1.5, 0, 0]),
      gateWeights: Float64Array.from([1, 1, -1]),
      knotPower: 1,
      freeDegree: 0,
      domain: DOMAIN,
    });
    t.same(shared, { applicable: false, reason: 'neurons 1 and 2 share the knot 0' });
    const three = sortSample(Float64Array.from([-0.9, 0.1, 0.9, 0.9]), new Float64Array(4));
    const tooFew = fitFrozenGateSpline({
      sample: three,
      knots: Float64Array.from([-0.7, 0, 0.5]),
      gateWeights: Float64Array.from([1, -1, 1]),
      knotPower: 2,
      freeDegree: 1,
      domain: DOMAIN,
    });
    t.same(tooFew, { applicable: false, reason: '3 distinct data points cannot determine a polynomial of degree 3' });
    const base = { sample, knots: gates.knots, gateWeights: gates.G, knotPower: 1, freeDegree: 0, domain: DOMAIN };
    t.throws(
      () => fitFrozenGateSpline({ ...base, knotPower: 0 }),
      new RangeError('knot power must be an integer >= 1, got 0'),
    );
    t.throws(
      () => fitFrozenGateSpline({ ...base, freeDegree: 0.5 }),
      new RangeError('free degree must be an integer >= 0, got 0.5'),
    );
    t.throws(
      () => fitFrozenGateSpline({ ...base, gateWeights: new Float64Array(3) }),
      new RangeError('9 knots but 3 gate weights'),
    );
    t.throws(
      () => fitFrozenGateSpline({ ...base, knots: Float64Array.from(gates.knots, (v, i) => (i === 4 ? NaN : v)) }),
      new RangeError('neuron 4 has a non-finite knot or gate weight (t = NaN, G = 1)'),
    );
  },
);

t.test(
  'gate weights of any magnitude and sign: the same optimum as the dense solve, parameters reproduce it',
  async (t) => {
    const n = 9;
    const weights = seededRandom(11);
    const base = splineInitialGates(n, DOMAIN);
    const G = Float64Array.from(base.G, (sign) => sign * (0.5 + 2.5 * weights.uniform()));
    const gates = { knots: base.knots, G, g: Float64Array.from(G, (w, i) => -w * base.knots[i]) };
    for (const name of ['glu', 'gqu', 'relu3']) {
      const unit = parseUnit(name);
      const family = frozenGateFamily(unit);
      const fit = fitFrozenGateSpline({
        sample,
        knots: gates.knots,
        gateWeights: G,
        knotPower: family.knotPower,
        freeDegree: family.freeDegree,
        domain: DOMAIN,
      });
      if (!fit.applicable) throw new Error(fit.reason);
      const design = frozenGateDesign(xTrain, gates, family, DOMAIN);
      const dense = solveLeastSquares(design.matrix, design.rows, design.cols, yTrain);
      const denseTest = rmse(times(frozenGateDesign(xTest, gates, family, DOMAIN), dense.x), yTest);
      const bandedTest = rmse(fit.predict(xTest), yTest);
      t.ok(Math.abs(bandedTest - denseTest) <= 1e-9 * denseTest, `${name}: ${bandedTest} vs ${denseTest}`);
      // Judged against the sum of |terms| of the network at each point (the scale of its own rounding): ~10 here for relu^3 with |G| up to 3.
      const network = evaluateNetwork(unit, frozenGateParams(unit, family, gates, fit.coefficients, DOMAIN), xTest);
      const { magnitudes } = evaluateFrozenGateColumns(
        {
          knots: gates.knots,
          gateWeights: G,
          knotPower: family.knotPower,
          freeDegree: family.freeDegree,
          domain: DOMAIN,
        },
        fit.coefficients,
        xTest,
      );
      const spline = fit.predict(xTest);
      const worst = network.reduce((acc, v, i) => Math.max(acc, Math.abs(v - spline[i]) / magnitudes[i]), 0);
      t.ok(worst <= 1e-14, `${name}: max |network - spline| / sum |terms| = ${worst.toExponential(2)} (tol 1e-14)`);
    }
  },
);

/** The banded fit and the dense QR on the same (sparse) data: same data fit, and the banded fit's own facts. */
function againstDense(
  t: Test,
  label: string,
  data: SortedSample,
  gates: { knots: Float64Array; G: Float64Array; g: Float64Array },
  family: FrozenGateFamily,
): FrozenGateSplineFit {
  const fit = fitFrozenGateSpline({
    sample: data,
    knots: gates.knots,
    gateWeights: gates.G,
    knotPower: family.knotPower,
    freeDegree: family.freeDegree,
    domain: DOMAIN,
  });
  if (!fit.applicable) throw new Error(`${label}: ${fit.reason}`);
  const design = frozenGateDesign(data.xs, gates, family, DOMAIN);
  const dense = solveLeastSquares(design.matrix, design.rows, design.cols, data.ys);
  const denseFitted = times(design, dense.x);
  const bandedFitted = fit.predict(data.xs);
  const scale = data.ys.reduce((m, y) => Math.max(m, Math.abs(y)), 0);
  const worst = denseFitted.reduce((m, v, i) => Math.max(m, Math.abs(v - bandedFitted[i])), 0);
  // Both are least-squares optima: the fitted values at the data are unique. The dense QR is the less accurate one
  // on these designs (condition up to 3e12): its residual's cosine with a column reaches 2e-3 where the banded
  // fit's stays below 1e-8, measured; hence 1e-9 max|y| here and the first-order test below.
  t.ok(
    worst <= 1e-9 * scale,
    `${label}: max |banded - dense| at the data = ${worst.toExponential(2)} (tol 1e-9 max|y|)`,
  );
  const residual = data.ys.map((y, i) => y - bandedFitted[i]);
  const residualNorm = Math.sqrt(residual.reduce((acc, r) => acc + r * r, 0));
  let cosine = 0;
  for (let j = 0; j < design.cols; j++) {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < design.rows; i++) {
      dot += design.matrix[i + j * design.rows] * residual[i];
      norm += design.matrix[i + j * design.rows] ** 2;
    }
    if (norm > 0) cosine = Math.max(cosine, Math.abs(dot) / Math.sqrt(norm) / Math.max(residualNorm, 1e-300));
  }
  // The residual is computed in float64 from fitted values rounded at ~eps max|y| each, so its cosine with a column
  // cannot be resolved below eps sqrt(N) max|y| / |r|: 2.6e-7 for gqu n = 60, where |r| = 8.6e-9 (the fit nearly
  // interpolates). The bound is 1e-8 or that resolution, whichever is larger.
  const resolution = (Number.EPSILON * Math.sqrt(data.xs.length) * scale) / Math.max(residualNorm, 1e-300);
  const cosineBound = Math.max(1e-8, resolution);
  t.ok(
    cosine <= cosineBound,
    `${label}: max |cos(column, residual)| = ${cosine.toExponential(2)} (bound ${cosineBound.toExponential(2)}; |r| = ${residualNorm.toExponential(2)}, max|y| = ${scale.toExponential(2)})`,
  );
  const dimension = fit.notes.columnSpaceDimension;
  if (fit.notes.constraints === 0) {
    t.equal(
      dimension - fit.notes.undetermined,
      dense.rank,
      `${label}: dim V - undetermined = the dense numerical rank`,
    );
  } else {
    // The constraints may exclude some of the directions the data leave free in the spline space.
    t.ok(
      dimension - fit.notes.undetermined <= dense.rank && dense.rank <= dimension,
      `${label}: dim V - undetermined <= dense rank ${dense.rank} <= dim V`,
    );
  }
  return fit;
}

t.test(
  'data that leave the spline undetermined: the banded fit still runs, with the dense least-squares optimum',
  async (t) => {
    const x = (...v: number[]) => Float64Array.from(v);
    // Eight points, a gap from -0.6 to 0.1 holding three knots: the hat at -0.3 sees no point (Schoenberg-Whitney fails).
    const sparse = sortSample(x(-0.9, -0.8, -0.7, -0.6, 0.1, 0.7, 0.8, 0.9), x(1, 0.5, 0.2, 0.1, 0.3, 0.9, 1.2, 2));
    const mlp = frozenGateFamily(parseUnit('mlp'));
    const gapGates = { knots: x(-1.2, -0.5, -0.3, -0.2), G: x(1, 1, 1, 1), g: x(1.2, 0.5, 0.3, 0.2) };
    const gap = againstDense(t, 'mlp, empty cells', sparse, gapGates, mlp);
    t.equal(gap.notes.undetermined, 1);
    // The free direction is the hat on -0.5, -0.3, -0.2 (slope jumps 5, -15, 10). The tie-break takes the least
    // sum over knots of (h jump)^2, h the narrower cell beside each knot (0.2, 0.1, 0.1): the fit's jumps are
    // orthogonal to the hat's in that weighting. Slopes read from the linear pieces.
    const slope = (p: number, q: number) => {
      const [a, b] = gap.predict(x(p, q));
      return (b - a) / (q - p);
    };
    const jumps = [
      slope(-0.45, -0.35) - slope(-0.9, -0.6),
      slope(-0.28, -0.22) - slope(-0.45, -0.35),
      slope(-0.1, 0.0) - slope(-0.28, -0.22),
    ];
    const hat = [5, -15, 10];
    const h = [0.2, 0.1, 0.1];
    const gradient = jumps.reduce((acc, j, k) => acc + h[k] ** 2 * j * hat[k], 0);
    const size = jumps.reduce((acc, j, k) => acc + Math.abs(h[k] ** 2 * j * hat[k]), 0);
    t.ok(
      Math.abs(gradient) <= 1e-6 * size,
      `the fit's jumps are the least along the free direction (${gradient} vs ${size})`,
    );

    // Data on [-0.5, 0.5] only: knots between the domain's ends and the outermost points.
    const narrowXs = Float64Array.from({ length: 200 }, (_, i) => -0.5 + i / 199);
    const narrow = sortSample(narrowXs, narrowXs.map(runge));
    for (const name of ['mlp', 'glu', 'gqu', 'relu3']) {
      const family = frozenGateFamily(parseUnit(name));
      const fit = againstDense(t, `${name}, knots beyond the data`, narrow, splineInitialGates(9, DOMAIN), family);
      t.ok(fit.notes.deadNeurons > 0, `${name}: neurons facing away from every point are dead`);
    }

    // Fewer points than coefficients, and cells without points, on the paper's kind of problem (N = 100, n = 60).
    const few = sortSample(xTrain.subarray(0, 100), yTrain.subarray(0, 100));
    for (const name of ['mlp', 'glu', 'gqu', 'relu2', 'relu3']) {
      const family = frozenGateFamily(parseUnit(name));
      for (const n of [60, 61]) {
        const fit = againstDense(t, `${name} n=${n} on 100 points`, few, splineInitialGates(n, DOMAIN), family);
        if (name === 'mlp' || name === 'glu' || name === 'gqu')
          t.ok(fit.notes.undetermined > 0, `${name} n=${n}: ${fit.notes.undetermined} coefficients undetermined`);
      }
    }
  },
);

t.test('the Taylor form of a fitted spline (degrees <= 4) gives its Cox-de Boor values to a few ulps', async (t) => {
  const rng = seededRandom(23);
  for (let m = 1; m <= 6; m++) {
    // a spline of degree m on uneven interior knots (two 1e-4 apart), coefficients O(1)
    const family = {
      knots: Float64Array.from([0.1, 0.1001, 0.35, 0.36, 0.7, 0.9]),
      gateWeights: Float64Array.from([1, -1, 1, -1, 1, 1]),
      knotPower: Math.min(m, 2),
      freeDegree: m - Math.min(m, 2),
      domain: [0, 1] as [number, number],
    };
    const sample = sortSample(
      Float64Array.from({ length: 50 }, (_, i) => i / 49),
      new Float64Array(50),
    );
    const knots = splineKnots(family, sample);
    if (!knots.applicable) throw new Error(knots.reason);
    const c = Float64Array.from({ length: knots.nb }, () => rng.normal());
    const xs = Float64Array.from({ length: 2001 }, (_, i) => i / 2000);
    const values = splineValues(knots, splineEvaluator(knots, c), xs, []);
    const scratch = bsplineScratch(m);
    const buffer = new Float64Array(m + 1);
    let worst = 0;
    for (let p = 0; p < xs.length; p++) {
      const reference = splineValue(knots, c, xs[p], countAtMost(knots.tau, xs[p]), buffer, scratch);
      worst = Math.max(worst, Math.abs(values[p] - reference));
    }
    const scale = Math.max(...c.map(Math.abs));
    // Horner's bound for m <= TAYLOR_FORM_MAX_DEGREE (bandedDesign.ts) is eps times 17 x the piece's size; m > 4 is Cox-de Boor itself
    const bound = m <= TAYLOR_FORM_MAX_DEGREE ? 64 * Number.EPSILON * scale : 0;
    t.ok(worst <= bound, `m = ${m}: largest difference ${worst.toExponential(2)} (bound ${bound.toExponential(2)})`);
  }
});
