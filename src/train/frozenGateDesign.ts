/**
 * Design matrix of the frozen-gate least-squares problem, float64, column-major N x (n (s+1) + 1):
 *   column i (s+1) + j = relu(G_i x + g_i)^a * w^j,  j = 0..s,  w = (x - c) / h,
 *   last column       = 1 (the output bias d),
 * with c the domain's midpoint and h its half-length. The polynomial factor is written in the
 * centred variable w rather than x so that the two columns of one neuron stay well separated
 * on domains far from 0 (on [-1, 1], w = x). The column space, hence the least-squares optimum
 * (the fitted function), is the same either way; coefficients map back to network parameters
 * in frozenGateParams.
 *
 * This is the reference problem: any faster solver (e.g. a banded B-spline one) must reproduce
 * the least-squares optimum over exactly this column space.
 *
 * Examples:  const A = frozenGateDesign(xs, gates, family, domain); solveLeastSquares(A.matrix, A.rows, A.cols, ys)
 */
import type { Domain } from '../core/domain.js';
import type { FrozenGateFamily } from '../symbolic/analysedUnit.js';
import { columnVariable } from '../linalg/frozenGateColumns.js';

export interface FrozenGates {
  /** gate weights G_i, length n */
  readonly G: Float64Array;
  /** gate biases g_i, length n */
  readonly g: Float64Array;
}

export interface FrozenGateDesign {
  /** column-major, rows x cols */
  readonly matrix: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function frozenGateDesign(
  xs: Float64Array,
  gates: FrozenGates,
  family: Pick<FrozenGateFamily, 'knotPower' | 'freeDegree'>,
  domain: Domain,
): FrozenGateDesign {
  const rows = xs.length;
  const n = gates.G.length;
  const s = family.freeDegree;
  const a = family.knotPower;
  const cols = n * (s + 1) + 1;
  const matrix = new Float64Array(rows * cols);
  const { centre, halfLength } = columnVariable(domain);
  for (let i = 0; i < n; i++) {
    const G = gates.G[i];
    const g = gates.g[i];
    const base = i * (s + 1) * rows;
    for (let t = 0; t < rows; t++) {
      const z = G * xs[t] + g;
      const gate = z > 0 ? z ** a : 0;
      matrix[base + t] = gate;
      if (s === 1) matrix[base + rows + t] = gate * ((xs[t] - centre) / halfLength);
    }
  }
  matrix.fill(1, (cols - 1) * rows, cols * rows);
  return { matrix, rows, cols };
}
