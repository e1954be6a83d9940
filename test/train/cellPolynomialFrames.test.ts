import t from 'tap';
import { cellPolynomialFrames, linearPower } from '../../src/train/cellPolynomialFrames.js';
import { seededRandom } from '../../src/core/seededRandom.js';

t.test(
  'a piecewise polynomial column compresses exactly: sum_c ||T_c beta_c - Q_c^T y_c||^2 + leftover = ||col - y||^2',
  async (t) => {
    const rng = seededRandom(11);
    const N = 500;
    const xs = Float64Array.from({ length: N }, () => 2 * rng.uniform() - 1).sort();
    const ys = xs.map((x) => Math.exp(x) + 0.1 * Math.sin(20 * x));
    // Knots around points 250..251 (a cell of 2 points, kept raw), one beyond the data (no cell).
    const knots = [-0.61, -0.2, xs[249], xs[251], 0.7, 1.5].sort((a, b) => a - b);
    const degree = 3;
    const frames = cellPolynomialFrames(xs, ys, knots, degree);
    // A column that is a different polynomial on each side of xs[251]: (0.3 + x)^3, then 2 - x.
    const polynomial = (x: number): number => (x <= xs[251] ? (0.3 + x) ** 3 : 2 - x);
    let direct = 0;
    for (let i = 0; i < N; i++) direct += (polynomial(xs[i]) - ys[i]) ** 2;
    let compressed = frames.leftover;
    let rows = 0;
    for (const cell of frames.cells) {
      const right = cell.centre > xs[251];
      // the column on this cell in u = (x - centre) / half
      const beta = right ? Float64Array.of(2 - cell.centre, -cell.half) : linearPower(0.3 + cell.centre, cell.half, 3);
      for (let r = 0; r < cell.rows; r++) {
        let v = -cell.qty[r];
        for (let k = 0; k < beta.length; k++) v += cell.T[r * (degree + 1) + k] * beta[k];
        compressed += v * v;
      }
      rows += cell.rows;
    }
    t.equal(rows, frames.rows);
    t.ok(
      frames.cells.some((c) => c.end - c.start === 2 && c.rows === 2),
      'the two-point cell keeps its points as rows',
    );
    t.ok(frames.rows < N / 10, `${frames.rows} rows for ${N} points`);
    t.ok(Math.abs(compressed - direct) <= 1e-12 * direct, `compressed ${compressed} vs direct ${direct}`);
  },
);
