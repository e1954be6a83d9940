/**
 * What a construct sweep costs, estimated before it starts (core/resourceBudget.ts decides refusals;
 * the CLI prints the estimate before long runs). Per width n, with k maps, P = (2k + 1) n + 1
 * parameters, spline degree m and T = testGridPoints(n) test points:
 *   bytes   = 8 (4 T + 20001 x 3)  (the grid, f and the network on it; the 20001-point grid is kept)
 *             + sum over widths of 8 (P + (n + 1)(m + 1) 2)  (every row's parameters, its spline)
 *   seconds = NEURON_SECONDS k (n T + CHECK_WORK + (m + 1) n)  (the network on the grid, the
 *             cross-check of constructNetwork.ts, the per-neuron check) + 1e-6 T (f and f^(m+1))
 * Scoring evaluates all n neurons at every grid point, so time grows like 32 n^2 beyond n = 625:
 * about 30 s of single-core time at n = 5,000 and hours at n = 100,000 for a two-map unit.
 * NEURON_SECONDS is one neuron at one point per map, this 2-core machine's single core rounded
 * pessimistic; it only sizes the printed estimate, never a result.
 *
 * Examples:  constructionCost(analysedUnit(parseUnit('gqu')), [1000, 100000]).seconds
 */
import { testGridPoints, TEST_GRID_POINTS } from '../core/testGrid.js';
import { parameterCount } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { CHECK_WORK } from './constructNetwork.js';

const NEURON_SECONDS = 2e-8;
const FLOAT = 8;

export interface ConstructionCost {
  /** peak memory, bytes */
  readonly bytes: number;
  /** single-core time, seconds (rough) */
  readonly seconds: number;
}

export function constructionCost(analysed: AnalysedUnit, widths: readonly number[]): ConstructionCost {
  const k = analysed.form.maps.length;
  const m = analysed.construction?.degree ?? 1;
  let rowsBytes = 0;
  let gridBytes = 0;
  let seconds = 0;
  for (const n of new Set(widths)) {
    const T = testGridPoints(n);
    rowsBytes += FLOAT * (parameterCount(analysed.form, n) + 2 * (n + 1) * (m + 1));
    gridBytes = Math.max(gridBytes, FLOAT * 4 * T);
    seconds += NEURON_SECONDS * k * (n * T + CHECK_WORK + (m + 1) * n) + 1e-6 * T;
  }
  return { bytes: gridBytes + FLOAT * 3 * TEST_GRID_POINTS + rowsBytes, seconds };
}
