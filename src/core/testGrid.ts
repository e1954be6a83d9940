/**
 * The dense uniform test grid of the constructions: TEST_GRID_POINTS points, both ends included.
 * 20001 points on [a, b] put at least 78 points in every cell up to n = 256, so the grid mean of
 * (f - y)^2 is the domain average (1/|b - a|) int (f - y)^2 to well under 1% (trapezoid-like).
 */
import type { Domain } from './domain.js';

export const TEST_GRID_POINTS = 20001;

export function uniformGrid(domain: Domain, points: number = TEST_GRID_POINTS): Float64Array {
  const [a, b] = domain;
  const xs = new Float64Array(points);
  for (let i = 0; i < points; i++) xs[i] = a + ((b - a) * i) / (points - 1);
  xs[points - 1] = b;
  return xs;
}

/** sqrt(mean over the grid of (values - reference)^2), same units as the values. */
export function rootMeanSquareDifference(values: ArrayLike<number>, reference: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - reference[i]) ** 2;
  return Math.sqrt(sum / values.length);
}
