/**
 * Parameter count of a shallow network of n units with input width dx and output width dy,
 * biases included: each of the k distinct affine maps has dx weights and 1 bias per neuron, the
 * output layer has dy weights per neuron and dy biases: (k dx + dy + k) n + dy.
 * MLP (k = 1): (dx + dy + 1)n + dy; GLU (k = 2): (2dx + dy + 2)n + dy; GQU (k = 3): (3dx + dy + 3)n + dy.
 */
import type { UnitForm } from '../core/unitForm.js';

export interface ParameterCount {
  /** general formula, e.g. "(2dx + dy + 2)n + dy" */
  readonly formula: string;
  /** dx = dy = 1, e.g. "5n+1" */
  readonly oneD: string;
  /** dx = dim, dy = 1 */
  readonly atDim: string;
  /** per neuron and fixed parts at dx = dim, dy = 1 */
  readonly perNeuron: number;
  readonly fixed: number;
}

export function parameterCountOf(unit: UnitForm, dim = 1): ParameterCount {
  const k = unit.maps.length;
  const coefficient = (dx: number) => k * dx + 1 + k;
  const kdx = k === 1 ? 'dx' : `${k}dx`;
  return {
    formula: `(${kdx} + dy + ${k})n + dy`,
    oneD: `${coefficient(1)}n+1`,
    atDim: `${coefficient(dim)}n+1`,
    perNeuron: coefficient(dim),
    fixed: 1,
  };
}
