// The quasi-interpolant's network: it reproduces its spline to rounding, its jumps are the exact
// differences of the float64 B-spline coefficients rounded once, its neurons face away from the
// middle cell, its head knots sit at a, b and beyond, and tied units carry the tie.
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { compileTarget } from '../../src/core/target.js';
import { evaluateNetwork } from '../../src/network/evaluateNetwork.js';
import { evaluateCellPolynomials } from '../../src/spline/cellPolynomials.js';
import { uniformGrid } from '../../src/core/testGrid.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { constructNetwork } from '../../src/construct/constructNetwork.js';
import type { UniformBSpline } from '../../src/spline/quasiInterpolant.js';
import { float64FromRational, rational, rationalFromFloat64 } from '../../src/linalg/exactRational.js';

const sine = compileTarget('sin(4*x)', [-1, 1]);
const paper = compileTarget('1/(1+cos(pi*x)^2)', [-1, 1]);

/** max over a 2001-point grid of |network - spline| / max |f| */
function networkVsSpline(unitText: string, target: typeof sine, cells: number): number {
  const unit = parseUnit(unitText);
  const analysed = analysedUnit(unit);
  const built = constructNetwork(analysed, target, cells + (analysed.headNeurons ?? 0) - 1);
  const xs = uniformGrid(target.domain, 2001);
  const y = evaluateNetwork(unit, built.params, xs);
  let worst = 0;
  let scale = 0;
  xs.forEach((x, i) => {
    worst = Math.max(worst, Math.abs(y[i] - evaluateCellPolynomials(built.spline, x)));
    scale = Math.max(scale, Math.abs(target.value(x)));
  });
  return worst / scale;
}

t.test('the network is its spline to rounding (centre-out, exact jumps and head)', async (t) => {
  // measured 1.7e-14..3.0e-14 (m = 4), 2.5e-14..4.7e-13 (m = 5), 1.0e-13..6.7e-13 (m = 6) relative to max |f|;
  // the bounds leave about 3x
  for (const [unit, bound] of [
    ['relu(g)^4', 1e-13],
    ['relu(g)^5', 1.5e-12],
    ['relu(g)^6', 2e-12],
  ] as const) {
    for (const target of [sine, paper]) {
      for (const cells of [16, 64, 256]) {
        const error = networkVsSpline(unit, target, cells);
        t.ok(error <= bound, `${unit} on ${target.expression}, N = ${cells}: ${error.toExponential(1)} <= ${bound}`);
      }
    }
  }
});

t.test('jumps: nabla^(m+1) c / (h^m m!) of the float64 coefficients, rounded once', async (t) => {
  for (const m of [4, 5, 7]) {
    const unit = parseUnit(`relu(g)^${m}`);
    const built = constructNetwork(analysedUnit(unit), paper, 60 + m - 1);
    const spline = built.spline as UniformBSpline;
    const c = spline.bsplineCoefficients;
    const N = spline.cells;
    let factorial = 1n;
    for (let i = 2; i <= m; i++) factorial *= BigInt(i);
    const denominator = rationalFromFloat64(spline.h).pow(m).mul(rational(factorial));
    let worstUlps = 0;
    for (let k = 1; k < N; k++) {
      let jump = rational(0);
      let binomial = 1n;
      for (let l = 0; l <= m + 1; l++) {
        const term = rationalFromFloat64(c[k - l + m]).mul(rational(binomial));
        jump = l % 2 === 0 ? jump.add(term) : jump.sub(term);
        binomial = (binomial * BigInt(m + 1 - l)) / BigInt(l + 1);
      }
      const exact = jump.div(denominator);
      const left = k <= Math.floor(N / 2);
      const D = built.params.D[m + k - 1];
      const expected = float64FromRational(left && m % 2 === 0 ? exact.neg() : exact);
      const ulp = Math.abs(expected) * Number.EPSILON || Number.MIN_VALUE;
      worstUlps = Math.max(worstUlps, Math.abs(D - expected) / ulp);
    }
    t.ok(worstUlps <= 1, `m = ${m}: every D_k within 1 ulp of the exactly rounded jump (worst ${worstUlps})`);
  }
});

t.test('orientation and head knots', async (t) => {
  const unit = parseUnit('relu(g)^4');
  const N = 20;
  const built = constructNetwork(analysedUnit(unit), sine, N + 3);
  const G = built.params.maps.g.weight;
  const g = built.params.maps.g.bias;
  t.same(built.headKnots, [1, 2, -2, -1], 'v = -1, -1/2, 1/2, 1: knots x0 - R/v = b, b + R, a - R, a');
  t.same(Array.from(G.slice(0, 4)), [-1, -1, 1, 1], 'head gates: sign of v');
  for (let k = 1; k < N; k++) {
    const i = 4 + k - 1;
    const knot = built.spline.knots[k];
    if (k <= N / 2) t.ok(G[i] === -1 && g[i] === knot, `knot ${k} faces left`);
    else t.ok(G[i] === 1 && g[i] === -knot, `knot ${k} faces right`);
  }
});

t.test('a unit whose best space is S_4^2 gets every factor tied to the gate', async (t) => {
  for (const text of ['relu(g)^3*u', 'relu(g)*u^2*q', 'relu(g)^2*u*q']) {
    const unit = parseUnit(text);
    const analysed = analysedUnit(unit);
    t.same([analysed.prediction?.degree, analysed.prediction?.continuity], [4, 2], `${text}: S_4^2`);
    const built = constructNetwork(analysed, sine, 40);
    const gate = built.params.maps.g;
    for (const map of unit.maps.slice(1)) {
      t.same(Array.from(built.params.maps[map].weight), Array.from(gate.weight), `${text}: ${map.toUpperCase()} = G`);
      t.same(Array.from(built.params.maps[map].bias), Array.from(gate.bias), `${text}: ${map} = g`);
    }
    const xs = uniformGrid(sine.domain, 501);
    const tied = evaluateNetwork(unit, built.params, xs);
    const power = constructNetwork(analysedUnit(parseUnit('relu(g)^4')), sine, 40);
    const plain = evaluateNetwork(parseUnit('relu(g)^4'), power.params, xs);
    let worst = 0;
    xs.forEach((_, i) => (worst = Math.max(worst, Math.abs(tied[i] - plain[i]))));
    t.ok(worst < 1e-13, `${text}: the same function as relu(g)^4's network (max difference ${worst.toExponential(1)})`);
  }
});

t.test('widths below the smallest are refused by the caller contract', async (t) => {
  const analysed = analysedUnit(parseUnit('relu(g)^4'));
  t.equal(analysed.minimumWidth, 15, '4 head neurons and at least 12 cells');
  t.throws(
    () => constructNetwork(analysed, sine, 14),
    /width 14 is below the relu\(g\)\^4 construction's smallest width 15/,
  );
});
