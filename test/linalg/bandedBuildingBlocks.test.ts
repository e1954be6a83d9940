// B-spline basis, double-double arithmetic, banded Givens QR and the sorted sample: invariants and exact values.
import t from 'tap';
import { bsplineDerivatives, bsplineValues } from '../../src/linalg/bsplineBasis.js';
import { ddAdd, ddDiv, ddLow, ddMul, ddTwoSum } from '../../src/linalg/doubleDouble.js';
import {
  addBandedBlock,
  addBandedRow,
  createBandedQr,
  solveBandedUpper,
  solveBandedUpperTransposed,
} from '../../src/linalg/bandedGivensQr.js';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { sortSample } from '../../src/linalg/sortedSample.js';
import { seededRandom } from '../../src/core/seededRandom.js';

/** Open knot vector of degree m on [0, 1] with the given interior knots and multiplicity. */
function knotVectorOf(m: number, interior: number[], multiplicity: number): Float64Array {
  return Float64Array.from([
    ...Array(m + 1).fill(0),
    ...interior.flatMap((t) => Array(multiplicity).fill(t)),
    ...Array(m + 1).fill(1),
  ]);
}

t.test('uniform cubic B-splines: the textbook values 1/6, 2/3, 1/6 at a knot, and partition of unity', async (t) => {
  const m = 3;
  const xi = knotVectorOf(m, [0.2, 0.4, 0.6, 0.8], 1);
  const out = new Float64Array(m + 1);
  // x = 0.4 is knot xi[5]; span 5 holds B_2..B_5; B_2 (support 0..0.6, uniform) is 1/6 there, B_3 2/3, B_4 1/6, B_5 0.
  bsplineValues(xi, m, 5, 0.4, out);
  const expected = [1 / 6, 2 / 3, 1 / 6, 0];
  out.forEach((v, k) => t.ok(Math.abs(v - expected[k]) < 1e-15, `B_${2 + k}(0.4) = ${v} vs ${expected[k]}`));
  const rng = seededRandom(3);
  for (let trial = 0; trial < 50; trial++) {
    const x = rng.uniform();
    const span = m + Math.min(4, Math.floor(x / 0.2));
    bsplineValues(xi, m, span, x, out);
    const sum = out.reduce((p, q) => p + q, 0);
    if (Math.abs(sum - 1) > 4e-16 || out.some((v) => v < 0)) t.fail(`partition of unity at x = ${x}: sum ${sum}`);
  }
});

t.test(
  'B-spline derivatives: sum to 0 (derivatives of 1) in double-double, and match central differences',
  async (t) => {
    const m = 3;
    const xi = knotVectorOf(m, [0.013, 0.3, 0.31, 0.7], 2); // multiplicity 2 (C^1 cubics), uneven spacing
    const width = m + 1;
    const hi = new Float64Array(width * width);
    const lo = new Float64Array(width * width);
    const span = m + 2 * 2; // [0.3, 0.31)
    const x = 0.3047;
    bsplineDerivatives(xi, m, span, x, m, hi, lo);
    for (let r = 1; r <= m; r++) {
      let sh = 0;
      let sl = 0;
      let scale = 0;
      for (let k = 0; k <= m; k++) {
        sh = ddAdd(sh, sl, hi[r * width + k], lo[r * width + k]);
        sl = ddLow;
        scale += Math.abs(hi[r * width + k]);
      }
      t.ok(
        Math.abs(sh + sl) <= 1e-28 * scale,
        `sum of order-${r} derivatives = ${(sh + sl).toExponential(2)} (scale ${scale.toExponential(2)}, tol 1e-28 relative)`,
      );
    }
    // Values agree with bsplineValues; first derivative with a central difference (h = 1e-6, error O(h^2 f''') ~ 1e-5 relative).
    const values = new Float64Array(width);
    bsplineValues(xi, m, span, x, values);
    for (let k = 0; k <= m; k++) t.ok(Math.abs(hi[k] - values[k]) < 1e-15, `value ${k}`);
    const h = 1e-6;
    const plus = new Float64Array(width);
    const minus = new Float64Array(width);
    bsplineValues(xi, m, span, x + h, plus);
    bsplineValues(xi, m, span, x - h, minus);
    for (let k = 0; k <= m; k++) {
      const difference = (plus[k] - minus[k]) / (2 * h);
      const analytic = hi[width + k];
      t.ok(
        Math.abs(difference - analytic) <= 1e-5 * Math.max(1, Math.abs(analytic)),
        `B'_${k}: analytic ${analytic} vs difference ${difference}`,
      );
    }
  },
);

t.test('double-double: exact low words', async (t) => {
  t.equal(ddTwoSum(1, 2 ** -60), 1);
  t.equal(ddLow, 2 ** -60, 'TwoSum keeps the lost bits');
  const square = ddMul(1, 2 ** -60, 1, 2 ** -60); // (1 + 2^-60)^2 = 1 + 2^-59 + 2^-120
  t.equal(square, 1);
  t.equal(ddLow, 2 ** -59 + 2 ** -120);
  const third = ddDiv(1, 0, 3, 0);
  const thirdLow = ddLow;
  const back = ddMul(third, thirdLow, 3, 0);
  t.ok(Math.abs(back - 1 + ddLow) < 1e-31, `3 * (1/3) = 1 to 1e-31 (residual ${(back - 1 + ddLow).toExponential(2)})`);
});

t.test('banded Givens QR equals the dense pivoted QR on a random banded problem', async (t) => {
  const columns = 12;
  const width = 3;
  const rows = 60;
  const rng = seededRandom(7);
  const dense = new Float64Array(rows * columns);
  const b = new Float64Array(rows);
  const qr = createBandedQr(columns, width);
  for (let i = 0; i < rows; i++) {
    const start = Math.floor((i * (columns - width + 1)) / rows);
    const values = Float64Array.from({ length: width }, () => rng.normal());
    values.forEach((v, k) => (dense[i + (start + k) * rows] = v));
    b[i] = rng.normal();
    addBandedRow(qr, start, values, b[i]);
  }
  const banded = solveBandedUpper(qr, qr.qtb);
  const reference = solveLeastSquares(dense, rows, columns, b);
  for (let j = 0; j < columns; j++)
    t.ok(Math.abs(banded[j] - reference.x[j]) < 1e-12, `c[${j}] ${banded[j]} vs ${reference.x[j]}`);
  t.ok(Math.abs(Math.sqrt(qr.residualSquares) - reference.residualNorm) < 1e-12, 'rotated-out part = residual norm');
  // R^T z = e solves the transposed system: check R^T (R^-T e) = e through R z' = ... on a unit vector.
  const e = new Float64Array(columns);
  e[5] = 1;
  const z = solveBandedUpperTransposed(qr, e);
  const back = new Float64Array(columns); // R^T z
  for (let k = 0; k < columns; k++)
    for (let d = 0; d < width && k + d < columns; d++) back[k + d] += qr.r[k * width + d] * z[k];
  back.forEach((v, k) => t.ok(Math.abs(v - e[k]) < 1e-13, `R^T z = e at ${k}`));
  t.throws(
    () => addBandedRow(qr, 0, new Float64Array(width), 0),
    /rows must arrive with non-decreasing start \(0 after 9\)/,
  );
});

t.test(
  'a block of rows with one start (Householder, then Givens) gives the R, Q^T b and residual of rotating each row in',
  async (t) => {
    const columns = 9;
    const width = 4;
    const rng = seededRandom(11);
    // blocks of 1, 3 (fewer rows than columns), 4 and 40 rows, a block with a zero column, starts 0, 0, 2, 5, 5
    const blocks = [
      { start: 0, rows: 1 },
      { start: 0, rows: 3 },
      { start: 2, rows: 4 },
      { start: 5, rows: 40 },
      { start: 5, rows: 6, zeroColumn: 1 },
    ];
    const byRow = createBandedQr(columns, width);
    const byBlock = createBandedQr(columns, width);
    const scratch = new Float64Array(width);
    for (const { start, rows, zeroColumn } of blocks) {
      // row-major copy for addBandedRow; the block column-major with a stride above its row count, rhs last
      const entries = Float64Array.from({ length: rows * width }, (_, i) =>
        i % width === zeroColumn ? 0 : rng.normal(),
      );
      const rhs = Float64Array.from({ length: rows }, () => rng.normal());
      const stride = rows + 3;
      const block = new Float64Array(stride * (width + 1));
      for (let i = 0; i < rows; i++) {
        for (let c = 0; c < width; c++) block[c * stride + i] = entries[i * width + c];
        block[width * stride + i] = rhs[i];
        addBandedRow(byRow, start, entries.slice(i * width, (i + 1) * width), rhs[i]);
      }
      addBandedBlock(byBlock, start, block, stride, rows, width, scratch);
    }
    const scale = Math.max(...byRow.r.map(Math.abs));
    const rDiff = Math.max(...byRow.r.map((v, i) => Math.abs(v - byBlock.r[i])));
    const qtbDiff = Math.max(...byRow.qtb.map((v, i) => Math.abs(v - byBlock.qtb[i])));
    t.ok(rDiff <= 1e-13 * scale, `R agrees to ${rDiff.toExponential(2)} (scale ${scale.toFixed(2)})`);
    t.ok(qtbDiff <= 1e-13 * scale, `Q^T b agrees to ${qtbDiff.toExponential(2)}`);
    t.ok(
      Math.abs(byRow.residualSquares - byBlock.residualSquares) <= 1e-12 * byRow.residualSquares,
      `residual ${byBlock.residualSquares} vs ${byRow.residualSquares}`,
    );
    t.ok(byRow.residualSquares > 1, 'the 40-row block leaves a residual');
  },
);

t.test('sorted sample: ascending x, ys carried along, bad data are usage errors', async (t) => {
  const s = sortSample(Float64Array.from([0.5, -1, 0.5, 0]), Float64Array.from([1, 2, 3, 4]));
  t.same(Array.from(s.xs), [-1, 0, 0.5, 0.5]);
  t.same(Array.from(s.ys), [2, 4, 1, 3], 'ties keep their input order');
  t.throws(
    () => sortSample(new Float64Array(2), new Float64Array(3)),
    new RangeError('data has 2 inputs but 3 targets'),
  );
  t.throws(
    () => sortSample(Float64Array.from([0, NaN]), new Float64Array(2)),
    new RangeError('data point 1 is not finite: x = NaN, y = 0'),
  );
});
