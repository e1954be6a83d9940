// The quasi-interpolant of every degree: its exact tables against the independent sympy fixture,
// polynomial reproduction on every cell (interior and boundary) in float64, C^(m-1) continuity,
// the minimum number of cells. Tolerances are rounding-level and stated where used.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { compileTarget } from '../../src/core/target.js';
import { evaluateCellPolynomials, shiftedCoefficients } from '../../src/spline/cellPolynomials.js';
import { cardinalBSplinePieces } from '../../src/spline/cardinalBSpline.js';
import { quasiInterpolant } from '../../src/spline/quasiInterpolant.js';
import { quasiInterpolantStencil } from '../../src/spline/quasiInterpolantStencil.js';
import { rational } from '../../src/linalg/exactRational.js';
import { uniformGrid } from '../../src/core/testGrid.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/rmse-constants.json', import.meta.url), 'utf8')) as {
  quasiInterpolant: Record<string, { weights: string[] }>;
};

t.test('interior weights equal the sympy fixture exactly (m = 4..12)', async (t) => {
  for (const [m, expected] of Object.entries(fixture.quasiInterpolant)) {
    const weights = quasiInterpolantStencil(Number(m)).weights.map((w) => w.toFraction());
    t.same(weights, expected.weights, `m = ${m}`);
  }
  // the degrees below 4 from the same formula (the researcher's table in the README)
  t.same(
    quasiInterpolantStencil(1).weights.map((w) => w.toFraction()),
    ['37/30', '-23/180', '1/90'],
  );
});

t.test('cardinal B-spline pieces: partition of unity and C^(m-1) joins, exactly', async (t) => {
  for (const m of [1, 4, 7, 12]) {
    const pieces = cardinalBSplinePieces(m);
    // sum_i beta_i(s) = 1 for all s: coefficientwise
    for (let k = 0; k <= m; k++) {
      const sum = pieces.reduce((s, p) => s.add(p[k]), rational(0));
      t.ok(sum.equals(k === 0 ? 1 : 0), `m = ${m}: sum of s^${k} coefficients`);
    }
    // derivatives 0..m-1 of piece i at s = 1 equal those of piece i+1 at s = 0
    let joined = true;
    for (let i = 0; i < m; i++) {
      for (let d = 0; d < m; d++) {
        let left = rational(0);
        for (let k = d; k <= m; k++) {
          let falling = 1n;
          for (let q = 0; q < d; q++) falling *= BigInt(k - q);
          left = left.add(pieces[i][k].mul(rational(falling)));
        }
        let factorial = 1n;
        for (let q = 2; q <= d; q++) factorial *= BigInt(q);
        if (!left.equals(pieces[i + 1][d].mul(rational(factorial)))) joined = false;
      }
    }
    t.ok(joined, `m = ${m}: pieces join with ${m - 1} continuous derivatives`);
  }
});

t.test('reproduces every polynomial of degree <= m on every cell (float64)', async (t) => {
  for (let m = 1; m <= 12; m++) {
    const N = quasiInterpolantStencil(m).minimumCells + 3;
    // a degree-m polynomial with O(1) coefficients on [0.5, 2]
    const terms = Array.from({ length: m + 1 }, (_, k) => `(${((k * 37) % 11) - 5}/7)*(x-1.2)^${k}`);
    const p = compileTarget(terms.join(' + '), [0.5, 2]);
    const spline = quasiInterpolant(p, N, m);
    const xs = uniformGrid(p.domain, 2001);
    let worst = 0;
    let scale = 0;
    for (const x of xs) {
      worst = Math.max(worst, Math.abs(evaluateCellPolynomials(spline, x) - p.value(x)));
      scale = Math.max(scale, Math.abs(p.value(x)));
    }
    // measured <= 8.9e-15 (m = 12): the boundary fit is a pivoted QR of a design with column-scaled condition number <= 1.2e4
    t.ok(
      worst <= 1e-13 * scale,
      `m = ${m}, N = ${N}: max |Qp - p| = ${worst.toExponential(2)} (max |p| = ${scale.toFixed(2)})`,
    );
  }
});

t.test('C^(m-1) at every interior knot, in the cell polynomials', async (t) => {
  const f = compileTarget('exp(x)*cos(3*x)', [0.5, 2]);
  for (const m of [4, 5, 6, 9]) {
    const N = 40;
    const spline = quasiInterpolant(f, N, m);
    let worst = 0;
    for (let j = 1; j < N; j++) {
      const left = shiftedCoefficients(spline, j - 1, spline.h);
      for (let k = 0; k < m; k++) {
        // Taylor coefficient k scales like |f^(k)|/k!, here <= 4^k: compare relative to that
        const jump = Math.abs(spline.coefficients[j * (m + 1) + k] - left[k]) / 4 ** k;
        worst = Math.max(worst, jump * spline.h ** k);
      }
    }
    t.ok(worst < 1e-11, `m = ${m}: derivative jumps below order m, scaled by h^k, ${worst.toExponential(1)}`);
  }
});

t.test('refuses fewer cells than 2m + 2 j0', async (t) => {
  const f = compileTarget('sin(x)', [-1, 1]);
  t.equal(quasiInterpolantStencil(4).minimumCells, 12);
  t.equal(quasiInterpolantStencil(5).minimumCells, 12);
  t.equal(quasiInterpolantStencil(12).minimumCells, 28);
  t.throws(() => quasiInterpolant(f, 11, 4), /degree 4 needs at least 12 cells, got 11/);
  t.equal(quasiInterpolant(f, 12, 4).bsplineCoefficients.length, 16);
});
