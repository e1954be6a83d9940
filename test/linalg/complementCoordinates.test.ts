import t from 'tap';
import { complementCoordinates } from '../../src/linalg/complementCoordinates.js';
import { solveLeastSquares } from '../../src/linalg/leastSquaresQr.js';
import { seededRandom } from '../../src/core/seededRandom.js';

/** The explicit projection residual b - A x of the least-squares fit of b by A's columns. */
function residualOf(A: Float64Array, m: number, p: number, b: Float64Array): Float64Array {
  const { x } = solveLeastSquares(A, m, p, b);
  const r = Float64Array.from(b);
  for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) r[i] -= A[i + j * m] * x[j];
  return r;
}

t.test('coordinates keep the norms and inner products of the projected columns', async (t) => {
  const m = 40;
  const p = 6;
  const q = 3;
  const rng = seededRandom(7);
  // A with a dependent column (column 5 = column 0 + column 1): rank 5.
  const A = Float64Array.from({ length: m * p }, () => rng.normal());
  for (let i = 0; i < m; i++) A[i + 5 * m] = A[i] + A[i + m];
  const B = Float64Array.from({ length: m * q }, () => rng.normal());
  const { coordinates, rows, rank } = complementCoordinates(A, m, p, B, q);
  t.equal(rank, 5);
  t.equal(rows, m - 5);
  const projected = [0, 1, 2].map((j) => residualOf(A, m, p, B.slice(j * m, (j + 1) * m)));
  for (let j = 0; j < q; j++)
    for (let k = 0; k < q; k++) {
      let explicit = 0;
      for (let i = 0; i < m; i++) explicit += projected[j][i] * projected[k][i];
      let inCoordinates = 0;
      for (let i = 0; i < rows; i++) inCoordinates += coordinates[i + j * rows] * coordinates[i + k * rows];
      t.ok(Math.abs(explicit - inCoordinates) <= 1e-12 * m, `<P B_${j}, P B_${k}>: ${explicit} vs ${inCoordinates}`);
    }
});

t.test('a given rank overrides a rounding-level pivot that the default threshold would keep', async (t) => {
  const m = 30;
  const rng = seededRandom(3);
  const A = new Float64Array(m * 3);
  for (let i = 0; i < m; i++) {
    A[i] = rng.normal();
    A[i + m] = rng.normal();
    // exactly dependent in theory, 1e-13 off by "rounding"
    A[i + 2 * m] = A[i] - A[i + m] + 1e-13 * rng.normal();
  }
  const B = Float64Array.from({ length: m }, () => rng.normal());
  t.equal(complementCoordinates(A, m, 3, B, 1).rank, 3, 'numerical rank sees the perturbation');
  const given = complementCoordinates(A, m, 3, B, 1, { rank: 2 });
  t.equal(given.rank, 2);
  t.equal(given.rows, m - 2);
});
