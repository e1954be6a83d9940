/**
 * The cells of a relu-gated network on sorted 1-D data: the runs of data points between consecutive
 * knots, where every neuron is either entirely active or entirely inactive, so the network and every
 * Jacobian column is one polynomial of degree <= m per cell (neuronPolynomials.ts).
 *
 * Each live neuron belongs to one of two sequences (structuredDampedStep.ts uses them):
 *   "right"  G_i > 0 (or G_i = 0 with g_i > 0): active on the points with x > t_i, so on every cell from
 *            `cell[i]` (the first cell right of its knot; 0 when the knot lies left of the data) to the last;
 *   "left"   G_i < 0: active on the points with x < t_i, so on every cell from the first to `cell[i]` (the
 *            last cell left of its knot; the last cell when the knot lies right of the data).
 * Neurons active on no data point are "dead": their Jacobian columns are zero on the data.
 *
 * Points are assigned by comparing x with the knot t_i = -g_i/G_i: a point with x = t_i is inactive
 * (relu'(0) = 0 and relu(0) = 0), as in networkJacobian. A point within rounding of a knot may be
 * classified differently from the sign of the computed G_i x + g_i; there the neuron's value is within
 * rounding of 0 on both sides, and only its gate derivative (for a = 1) differs, as a one-sided one.
 * Knots that split the data at the same place share one boundary, so no cell is empty.
 *
 * Frames: cell c's polynomials use u = (x - center_c)/radius_c with center_c the middle of its points and
 * radius_c their half-extent, at least a quarter of the data's range over n + 1 (about a quarter of a
 * cell), so a cell of one or two points does not get a degenerate frame; a frame depends only on the
 * cell's points, so a cell that an iteration leaves unchanged keeps its frame (and its QR, cached).
 *
 * Shapes: xs sorted ascending, length N >= 1; theta the flat parameters (networkParams.ts).
 */
import type { PolynomialFrame } from '../linalg/shiftedPolynomial.js';
import type { ParameterLayout } from '../network/networkParams.js';

export const DEAD = 0;
export const RIGHT = 1;
export const LEFT = 2;

export interface KnotCells {
  /** number of cells, K + 1 */
  readonly count: number;
  /** starts[c] = index of the first point of cell c; starts[count] = N */
  readonly starts: Int32Array;
  readonly frames: readonly PolynomialFrame[];
  /** per neuron: DEAD, RIGHT or LEFT */
  readonly side: Int8Array;
  /** per neuron: the cell where its active side starts (RIGHT) or ends (LEFT); -1 when dead */
  readonly cell: Int32Array;
  /** live neurons per side, ordered by cell (ascending) */
  readonly rightNeurons: Int32Array;
  readonly leftNeurons: Int32Array;
}

/** First index with xs[k] > t (or >= t when `inclusive`), by bisection. */
function firstAbove(xs: Float64Array, t: number, inclusive: boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (inclusive ? xs[mid] < t : xs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function knotCells(theta: Float64Array, layout: ParameterLayout, xs: Float64Array, degree: number): KnotCells {
  const n = layout.n;
  const N = xs.length;
  const side = new Int8Array(n);
  const split = new Int32Array(n); // index of the first point right of the neuron's knot
  for (let i = 0; i < n; i++) {
    const G = theta[layout.weight(0, i)];
    const g = theta[layout.bias(0, i)];
    if (G === 0) {
      side[i] = g > 0 ? RIGHT : DEAD; // constant gate: open everywhere or nowhere
      split[i] = 0;
      continue;
    }
    const t = -g / G;
    if (G > 0) {
      // active where x > t
      split[i] = firstAbove(xs, t, false);
      side[i] = split[i] < N ? RIGHT : DEAD;
    } else {
      // active where x < t
      split[i] = firstAbove(xs, t, true);
      side[i] = split[i] > 0 ? LEFT : DEAD;
    }
  }
  const boundaries = new Set<number>();
  for (let i = 0; i < n; i++) if (side[i] !== DEAD && split[i] > 0 && split[i] < N) boundaries.add(split[i]);
  const starts = Int32Array.from([0, ...[...boundaries].sort((a, b) => a - b), N]);
  const count = starts.length - 1;
  const cellOfStart = new Map<number, number>();
  starts.forEach((s, c) => cellOfStart.set(s, c));
  const cell = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (side[i] === RIGHT)
      cell[i] = cellOfStart.get(split[i])!; // cell starting at the split (0 if left of the data)
    else if (side[i] === LEFT) cell[i] = cellOfStart.get(split[i])! - 1; // cell ending at the split (last if right of it)
  }
  // A floor that depends only on the data and n, so a cell's frame depends only on its points.
  const minimumRadius = (xs[N - 1] - xs[0]) / (4 * (n + 1)) || Number.MIN_VALUE;
  const frames: PolynomialFrame[] = [];
  for (let c = 0; c < count; c++) {
    const first = xs[starts[c]];
    const last = xs[starts[c + 1] - 1];
    frames.push({ center: (first + last) / 2, radius: Math.max((last - first) / 2, minimumRadius), degree });
  }
  const bySide = (s: number): Int32Array =>
    Int32Array.from(
      Array.from({ length: n }, (_, i) => i)
        .filter((i) => side[i] === s)
        .sort((a, b) => cell[a] - cell[b] || a - b),
    );
  return { count, starts, frames, side, cell, rightNeurons: bySide(RIGHT), leftNeurons: bySide(LEFT) };
}

/** Is neuron i active on cell c? */
export function activeOn(cells: KnotCells, i: number, c: number): boolean {
  const s = cells.side[i];
  return s === RIGHT ? cells.cell[i] <= c : s === LEFT ? cells.cell[i] >= c : false;
}
