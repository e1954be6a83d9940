/**
 * The dense uniform test grid, both ends included: TEST_GRID_POINTS points up to width
 * GRID_GROWTH_WIDTH, then GRID_POINTS_PER_NEURON n + 1 (testGridPoints). 20001 points on [a, b]
 * put at least 78 points in every cell up to n = 256, so the grid mean of (f - y)^2 is the domain
 * average (1/|b - a|) int (f - y)^2 to well under 1% (trapezoid-like). A grid coarser than the cells
 * (20001 points at n >= 20,000) would sample each cell's error at one point or none, so the grid
 * grows with n and keeps at least 32 points per cell (n neurons make at most n + 1 cells on the
 * domain); up to n = 625 it stays at 20001 points, so every number measured there is unchanged.
 * Constructions and trained networks of the same width are scored on the same grid.
 */
import type { Domain } from './domain.js';

export const TEST_GRID_POINTS = 20001;
export const GRID_POINTS_PER_NEURON = 32;
/** The largest width scored on TEST_GRID_POINTS points: 32 n + 1 <= 20001. */
export const GRID_GROWTH_WIDTH = (TEST_GRID_POINTS - 1) / GRID_POINTS_PER_NEURON;

/** Points of the test grid at width n: 20001 up to n = 625, then 32 n + 1. */
export function testGridPoints(n: number): number {
  return Math.max(TEST_GRID_POINTS, GRID_POINTS_PER_NEURON * n + 1);
}

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
