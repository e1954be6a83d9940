/**
 * (m, r) = (2, 0), the GLU, the paper's recurrence (eqs. 10-12): each cell's quadratic keeps the
 * value inherited at its left knot (= f there), matches f at its right knot, and has curvature
 * p'' = f''(left knot). The jump at knot t_i is then D_i U_i = (f''(t_i) - f''(t_(i-1)))/2 in the
 * x^2 term and u_i follows from interpolation. Error h^3 |f'''| sqrt(2/945) in RMS.
 */
import type { Target } from '../core/target.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';

export function gluCurvatureRecurrence(target: Target, cells: number): CellPolynomials {
  const knots = uniformKnots(target.domain, cells);
  const h = (target.domain[1] - target.domain[0]) / cells;
  const f = Array.from(knots, target.value);
  const f2 = target.derivative(2);
  const coefficients = new Float64Array(3 * cells);
  for (let j = 0; j < cells; j++) {
    const c2 = f2(knots[j]) / 2;
    coefficients[3 * j] = f[j];
    coefficients[3 * j + 1] = (f[j + 1] - f[j]) / h - c2 * h;
    coefficients[3 * j + 2] = c2;
  }
  return { degree: 2, continuity: 0, domain: target.domain, cells, h, knots, coefficients };
}
