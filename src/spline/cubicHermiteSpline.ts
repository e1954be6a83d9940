/**
 * (m, r) = (3, 1), the GQU with U x + u tied to the gate (each neuron D relu(z)^2 (Qx + q)) and every
 * unit whose best specialisation is a degree-3 C1 spline: the cubic Hermite spline, f and f' matched
 * at both knots of every cell, so each cell is built alone and no error is carried from cell to cell.
 * Error h^4 |f''''| / sqrt(9!) in RMS (tau = f''''/24 x^2 (x - h)^2 on a cell).
 */
import type { Target } from '../core/target.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';

export function cubicHermiteSpline(target: Target, cells: number): CellPolynomials {
  const knots = uniformKnots(target.domain, cells);
  const h = (target.domain[1] - target.domain[0]) / cells;
  const f = Array.from(knots, target.value);
  const f1 = Array.from(knots, target.derivative(1));
  const coefficients = new Float64Array(4 * cells);
  for (let j = 0; j < cells; j++) {
    const secant = (f[j + 1] - f[j]) / h;
    coefficients[4 * j] = f[j];
    coefficients[4 * j + 1] = f1[j];
    coefficients[4 * j + 2] = (3 * secant - 2 * f1[j] - f1[j + 1]) / h;
    coefficients[4 * j + 3] = (f1[j] + f1[j + 1] - 2 * secant) / (h * h);
  }
  return { degree: 3, continuity: 1, domain: target.domain, cells, h, knots, coefficients };
}
