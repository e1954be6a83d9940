/**
 * (m, r) = (3, 2), relu^3: the C2 cubic interpolating spline. Values at every knot; end moments
 * M_0 = f''(a) - h^2 f''''(a)/12 and M_N = f''(b) - h^2 f''''(b)/12 (the smooth mode of the moment
 * equations, consistent with them to O(h^4)); interior moments from
 *   M_(i-1) + 4 M_i + M_(i+1) = 6 (f_(i-1) - 2 f_i + f_(i+1)) / h^2,  i = 1..N-1,
 * solved at once by the Thomas algorithm. A left-to-right C2 recurrence would amplify any rounding
 * error by 2 + sqrt(3) per cell, so it is not used.
 */
import type { Target } from '../core/target.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';
import { solveTridiagonal } from '../linalg/solveTridiagonal.js';

/** End moments on the smooth mode: f''(t) - h^2 f''''(t) / 12 at t = a and t = b. */
export function smoothEndMoments(target: Target, h: number): [number, number] {
  const f2 = target.derivative(2);
  const f4 = target.derivative(4);
  const [a, b] = target.domain;
  return [f2(a) - (h * h * f4(a)) / 12, f2(b) - (h * h * f4(b)) / 12];
}

export function c2CubicSpline(target: Target, cells: number, endMoments: readonly [number, number]): CellPolynomials {
  const knots = uniformKnots(target.domain, cells);
  const h = (target.domain[1] - target.domain[0]) / cells;
  const f = Array.from(knots, target.value);
  const interior = cells - 1;
  const rhs = new Float64Array(interior);
  for (let i = 1; i <= interior; i++) rhs[i - 1] = (6 * (f[i - 1] - 2 * f[i] + f[i + 1])) / (h * h);
  if (interior > 0) {
    rhs[0] -= endMoments[0];
    rhs[interior - 1] -= endMoments[1];
  }
  const ones = new Float64Array(interior).fill(1);
  const fours = new Float64Array(interior).fill(4);
  const inner = solveTridiagonal(ones, fours, ones, rhs);
  const M = new Float64Array(cells + 1);
  M[0] = endMoments[0];
  M[cells] = endMoments[1];
  M.set(inner, 1);
  const coefficients = new Float64Array(4 * cells);
  for (let j = 0; j < cells; j++) {
    coefficients[4 * j] = f[j];
    coefficients[4 * j + 1] = (f[j + 1] - f[j]) / h - (h * (2 * M[j] + M[j + 1])) / 6;
    coefficients[4 * j + 2] = M[j] / 2;
    coefficients[4 * j + 3] = (M[j + 1] - M[j]) / (6 * h);
  }
  return { degree: 3, continuity: 2, domain: target.domain, cells, h, knots, coefficients };
}
