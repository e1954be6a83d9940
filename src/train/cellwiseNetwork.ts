/**
 * A relu-gated network evaluated cell by cell, float64: on each cell (knotCells.ts) the network is the
 * output bias plus the active-side polynomials of the neurons active there, summed in the cell's frame
 * and evaluated at the cell's points by Horner's rule. O(n K m^2 + N m) for K cells instead of the
 * O(N n) of evaluating every neuron at every point, with the same rounding: each value is still a sum of
 * the n neurons' contributions, only grouped by cell.
 *
 * Shapes: xs sorted ascending (the cells' points); the result has length N, same units as the target.
 */
import { addNeuronValue, type NeuronShape } from '../network/neuronPolynomials.js';
import type { ParameterLayout } from '../network/networkParams.js';
import type { KnotCells } from './knotCells.js';

export function networkOnCells(
  shape: NeuronShape,
  theta: Float64Array,
  layout: ParameterLayout,
  cells: KnotCells,
  xs: Float64Array,
): Float64Array {
  const q = shape.degree + 1;
  const y = new Float64Array(xs.length);
  const poly = new Float64Array(q);
  const work = new Float64Array(q);
  const right = cells.rightNeurons;
  const left = cells.leftNeurons;
  let rightEnd = 0; // right[0..rightEnd) have cell <= c
  let leftStart = 0; // left[leftStart..] have cell >= c
  for (let c = 0; c < cells.count; c++) {
    while (rightEnd < right.length && cells.cell[right[rightEnd]] <= c) rightEnd++;
    while (leftStart < left.length && cells.cell[left[leftStart]] < c) leftStart++;
    const frame = cells.frames[c];
    poly.fill(0);
    poly[0] = theta[layout.outputBias];
    for (let k = 0; k < rightEnd; k++) addNeuronValue(shape, theta, layout, right[k], frame, poly, work);
    for (let k = leftStart; k < left.length; k++) addNeuronValue(shape, theta, layout, left[k], frame, poly, work);
    for (let t = cells.starts[c]; t < cells.starts[c + 1]; t++) {
      const u = (xs[t] - frame.center) / frame.radius;
      let s = 0;
      for (let j = q - 1; j >= 0; j--) s = s * u + poly[j];
      y[t] = s;
    }
  }
  return y;
}
