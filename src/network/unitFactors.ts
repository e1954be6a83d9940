/**
 * One neuron of a unit as a product of factors F_j(z_(l(j))), each a function of one affine map
 * z_l = L . x + l: the gate act(z_g)^k, or a plain power z_l^e. Values and exact derivatives, float64.
 *
 * Examples:  unitFactors(parseUnit('glu'))   // [relu on map 0, identity on map 1]
 */
import type { UnitForm } from '../core/unitForm.js';
import { ACTIVATIONS } from './gateActivation.js';

export interface UnitFactor {
  /** index of the factor's map in unit.maps */
  readonly mapIndex: number;
  readonly value: (z: number) => number;
  readonly derivative: (z: number) => number;
}

export function unitFactors(unit: UnitForm): UnitFactor[] {
  const act = ACTIVATIONS[unit.gate.activation];
  const k = unit.gate.power;
  const gate: UnitFactor = {
    mapIndex: 0,
    value: k === 1 ? act.value : (z) => act.value(z) ** k,
    derivative: k === 1 ? act.derivative : (z) => k * act.value(z) ** (k - 1) * act.derivative(z),
  };
  // A first power is z itself: z ** 1 is z and 1 * z ** 0 is 1 exactly, so the identity closures give the
  // same values, without a call to the exponentiation, which costs ~100x a multiplication here.
  const plain = unit.factors.map((f): UnitFactor =>
    f.power === 1
      ? { mapIndex: unit.maps.indexOf(f.map), value: (z) => z, derivative: () => 1 }
      : {
          mapIndex: unit.maps.indexOf(f.map),
          value: (z) => z ** f.power,
          derivative: (z) => f.power * z ** (f.power - 1),
        },
  );
  return [gate, ...plain];
}

/**
 * z_l for neuron i at point t: weight . x + bias, with x = xs[t * dim .. t * dim + dim - 1].
 * In 1-D this is exactly w * x + b (one rounding of the product, one of the sum).
 */
export function affineValue(
  weight: Float64Array,
  bias: Float64Array,
  i: number,
  xs: Float64Array,
  t: number,
  dim: number,
): number {
  if (dim === 1) return weight[i] * xs[t] + bias[i];
  let z = bias[i];
  for (let k = 0; k < dim; k++) z += weight[i * dim + k] * xs[t * dim + k];
  return z;
}

/** out[t] = w * xs[t] + b for every point of a 1-D sample: affineValue with dim = 1, a column at a time. */
export function affineColumn(w: number, b: number, xs: Float64Array, out: Float64Array): void {
  for (let t = 0; t < xs.length; t++) out[t] = w * xs[t] + b;
}
