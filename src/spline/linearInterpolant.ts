/**
 * (m, r) = (1, 0), the MLP: the linear interpolant, cell by cell (paper eq. 6): each cell matches f
 * at both of its knots. Error h^2 |f''| / sqrt(120) in RMS (proofs/mlp.md).
 */
import type { Target } from '../core/target.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';

export function linearInterpolant(target: Target, cells: number): CellPolynomials {
  const knots = uniformKnots(target.domain, cells);
  const h = (target.domain[1] - target.domain[0]) / cells;
  const f = Array.from(knots, target.value);
  const coefficients = new Float64Array(2 * cells);
  for (let j = 0; j < cells; j++) {
    coefficients[2 * j] = f[j];
    coefficients[2 * j + 1] = (f[j + 1] - f[j]) / h;
  }
  return { degree: 1, continuity: 0, domain: target.domain, cells, h, knots, coefficients };
}
