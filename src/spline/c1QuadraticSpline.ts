/**
 * (m, r) = (2, 1), relu^2: the C1 quadratic spline. Each cell keeps the value and slope inherited at
 * its left knot and matches f at its right knot, so the knot slopes obey
 *   s_(j+1) = 2 (f_(j+1) - f_j)/h - s_j.
 * That recurrence neither damps nor grows an error: a wrong start s_0 leaves an alternating mode
 * (-1)^j e_0 in every later slope. The smooth solution is s_j = f'(t_j) - h^2 f'''(t_j)/12 + O(h^3),
 * so the construction starts there (smoothStartSlope); starting from f'(a) leaves an O(h^2) slope
 * error in every cell, i.e. an O(h^3) value error of the same order as the truncation error, and a
 * larger constant (measured in test/construct).
 */
import type { Target } from '../core/target.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';

/** The start slope that puts the recurrence on its smooth mode: f'(a) - h^2 f'''(a) / 12. */
export function smoothStartSlope(target: Target, h: number): number {
  const a = target.domain[0];
  return target.derivative(1)(a) - (h * h * target.derivative(3)(a)) / 12;
}

export function c1QuadraticSpline(target: Target, cells: number, startSlope: number): CellPolynomials {
  const knots = uniformKnots(target.domain, cells);
  const h = (target.domain[1] - target.domain[0]) / cells;
  const f = Array.from(knots, target.value);
  const coefficients = new Float64Array(3 * cells);
  let s = startSlope;
  for (let j = 0; j < cells; j++) {
    const secant = (f[j + 1] - f[j]) / h;
    coefficients[3 * j] = f[j];
    coefficients[3 * j + 1] = s;
    coefficients[3 * j + 2] = (secant - s) / h;
    s = 2 * secant - s;
  }
  return { degree: 2, continuity: 1, domain: target.domain, cells, h, knots, coefficients };
}
