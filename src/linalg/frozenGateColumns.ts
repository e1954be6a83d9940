/**
 * The frozen-gate column family of the lsq method and its linear combinations, float64.
 *
 * Neuron i has its gate frozen at z_i = G_i (x - t_i); its columns are relu(z_i)^a * w^j, j = 0..s,
 * with w = (x - c) / h, c and h the domain's midpoint and half-length (a = knotPower, s = freeDegree
 * from analyseIncrementFamily(unit).best: s = 1 when a free map is left, else 0); one constant
 * column (the output bias d) closes the family. Columns and layout are those of the dense design
 * src/train/frozenGateDesign.ts, so coefficients go straight into src/train/frozenGateParams.ts:
 * alpha[i * (s + 1) + j] multiplies relu(z_i)^a w^j; the last entry, alpha[n * (s + 1)], the constant.
 *
 * Examples:  evaluateFrozenGateColumns(family, alpha, xs)   // the fitted network at xs, length N
 */

import type { Domain } from '../core/domain.js';

export interface FrozenGateColumns {
  /** knot positions t_i, length n, same units as x */
  readonly knots: Float64Array;
  /** gate weights G_i (nonzero), length n */
  readonly gateWeights: Float64Array;
  /** a: power of relu(z) in every column, >= 1 */
  readonly knotPower: number;
  /** s: highest power of w multiplying a gate, >= 0 */
  readonly freeDegree: number;
  /** the domain; its midpoint and half-length define w */
  readonly domain: Domain;
}

/** Midpoint c and half-length h of the column variable w = (x - c) / h. */
export function columnVariable(domain: Domain): { centre: number; halfLength: number } {
  return { centre: (domain[0] + domain[1]) / 2, halfLength: (domain[1] - domain[0]) / 2 };
}

/** Number of columns, n (s + 1) + 1. */
export function frozenGateColumnCount(family: FrozenGateColumns): number {
  return family.knots.length * (family.freeDegree + 1) + 1;
}

export interface FrozenGateEvaluation {
  /** sum of the columns times alpha at each x */
  readonly values: Float64Array;
  /** sum of |column * alpha| at each x: the scale against which rounding in `values` is judged */
  readonly magnitudes: Float64Array;
}

/** Sum over columns of alpha times the column, at each x (length N), with the sum of absolute terms. */
export function evaluateFrozenGateColumns(
  family: FrozenGateColumns,
  alpha: Float64Array,
  xs: Float64Array,
): FrozenGateEvaluation {
  const { knots, gateWeights, knotPower: a, freeDegree: s } = family;
  const { centre, halfLength } = columnVariable(family.domain);
  const n = knots.length;
  if (alpha.length !== frozenGateColumnCount(family)) {
    throw new Error(
      `evaluateFrozenGateColumns: expected ${frozenGateColumnCount(family)} coefficients, got ${alpha.length}`,
    );
  }
  const constant = alpha[n * (s + 1)];
  const values = new Float64Array(xs.length).fill(constant);
  const magnitudes = new Float64Array(xs.length).fill(Math.abs(constant));
  for (let i = 0; i < n; i++) {
    const t = knots[i];
    const G = gateWeights[i];
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      const z = G * (x - t);
      if (!(z > 0)) continue;
      const gate = z ** a;
      const w = (x - centre) / halfLength;
      let wj = 1;
      for (let j = 0; j <= s; j++) {
        const term = alpha[i * (s + 1) + j] * gate * wj;
        values[k] += term;
        magnitudes[k] += Math.abs(term);
        wj *= w;
      }
    }
  }
  return { values, magnitudes };
}
