/**
 * The frozen-gate design (frozenGateDesign's columns relu(sigma_i (x - t_i))^a w^j and the constant)
 * in exactly compressed rows, built per cell from each column's polynomial on the cell
 * (cellPolynomialFrames; the N-row matrix is never formed), and its least-squares solve, float64.
 *
 * Gates are given as knots t_i and directions sigma_i = +-1 (any |G_i| is a factor of alpha).
 * On a cell with centre c and half-width h, z_i = sigma_i (c - t_i) + sigma_i h u, so the column is
 * (A0 + A1 u)^a (W0 + W1 u)^j with w = W0 + W1 u; a neuron is either on or off on a whole cell,
 * because cells are split at every knot.
 *
 * solveCompressedFrozenGate: min ||A alpha - Q^T y|| by the project's pivoted QR (minimum-norm on
 * rank deficiency); residual sum of squares = ||A alpha - Q^T y||^2 + leftover, summed cell by cell.
 * It is the inner solve of variable projection where the banded spline solver declines (a knot
 * between the data and the domain's end, two knots on one point): O(N (m+1)^2 + M p^2) with
 * M ~ (m + 1) (n + 1) rows, against O(N p^2) for the dense N-row QR (measured at n = 128: ~3 s).
 *
 * Shapes: xs ascending (N); A is rows x p column-major, p = n (s + 1) + 1, in frozenGateDesign's layout.
 */
import type { Domain } from '../core/domain.js';
import type { FrozenGateFamily } from '../symbolic/analysedUnit.js';
import { columnVariable } from '../linalg/frozenGateColumns.js';
import { solveLeastSquares, type LeastSquaresResult } from '../linalg/leastSquaresQr.js';
import {
  cellPolynomialFrames,
  linearPower,
  multiplyPolynomials,
  type CellFrame,
  type CellFrames,
} from './cellPolynomialFrames.js';

export interface CompressedFrozenGateDesign {
  readonly frames: CellFrames;
  /** rows x p, column-major */
  readonly matrix: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Q^T y stacked, length rows */
  readonly rhs: Float64Array;
}

/** rows of cell `cell` of the column with monomial coefficients beta (in u), written into column `column` of target. */
export function putCellColumn(
  target: Float64Array,
  rows: number,
  column: number,
  cell: CellFrame,
  width: number,
  beta: Float64Array,
): void {
  const base = column * rows + cell.offset;
  for (let r = 0; r < cell.rows; r++) {
    let v = 0;
    for (let k = 0; k < beta.length; k++) v += cell.T[r * width + k] * beta[k];
    target[base + r] = v;
  }
}

/** The polynomial (in u) of relu(sigma (x - t))^power on a cell, or null when the neuron is off there. */
export function gateOnCell(sigma: number, knot: number, cell: CellFrame, power: number): Float64Array | null {
  const A0 = sigma * (cell.centre - knot);
  if (!(A0 > 0)) return null;
  return linearPower(A0, sigma * cell.half, power);
}

/** w = (x - domain centre) / half-length as W0 + W1 u on a cell. */
export function columnVariableOnCell(domain: Domain, cell: CellFrame): Float64Array {
  const { centre, halfLength } = columnVariable(domain);
  return Float64Array.of((cell.centre - centre) / halfLength, cell.half / halfLength);
}

export function compressedFrozenGateDesign(
  family: Pick<FrozenGateFamily, 'knotPower' | 'freeDegree'>,
  knots: Float64Array,
  directions: Float64Array,
  xs: Float64Array,
  ys: Float64Array,
  domain: Domain,
): CompressedFrozenGateDesign {
  const n = knots.length;
  const a = family.knotPower;
  const s = family.freeDegree;
  const cols = n * (s + 1) + 1;
  const width = a + s + 1;
  const frames = cellPolynomialFrames(
    xs,
    ys,
    Array.from(knots).sort((u, v) => u - v),
    a + s,
  );
  const rows = frames.rows;
  const matrix = new Float64Array(rows * cols);
  const rhs = new Float64Array(rows);
  for (const cell of frames.cells) {
    const w = columnVariableOnCell(domain, cell);
    for (let i = 0; i < n; i++) {
      let column = gateOnCell(directions[i], knots[i], cell, a);
      if (!column) continue;
      for (let j = 0; j <= s; j++) {
        putCellColumn(matrix, rows, i * (s + 1) + j, cell, width, column);
        if (j < s) column = multiplyPolynomials(column, w);
      }
    }
    putCellColumn(matrix, rows, cols - 1, cell, width, Float64Array.of(1));
    rhs.set(cell.qty, cell.offset);
  }
  return { frames, matrix, rows, cols, rhs };
}

export interface CompressedFrozenGateSolution {
  readonly coefficients: Float64Array;
  /** sum of squared training residuals, target units squared */
  readonly residualSquares: number;
  readonly solution: LeastSquaresResult;
}

export function solveCompressedFrozenGate(design: CompressedFrozenGateDesign): CompressedFrozenGateSolution {
  const solution = solveLeastSquares(design.matrix, design.rows, design.cols, design.rhs);
  return {
    coefficients: solution.x,
    residualSquares: solution.residualNorm ** 2 + design.frames.leftover,
    solution,
  };
}
