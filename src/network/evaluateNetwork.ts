/**
 * Forward evaluation of y(x) = d + sum_i D_i unit_i(x), float64, for x in R^dim.
 *
 * Shapes: xs holds N points, row-major N x dim (in 1-D simply the N abscissae); the output has length N.
 * Same units as the target.
 *
 * In 1-D with a relu gate (every unit the constructions build) a specialised loop does the same float64
 * operations in the same order as the generic one (z = w x + b, the gate relu(z)^k, then each plain
 * factor z^e multiplied in turn, neurons added in index order), so its values are the generic loop's
 * bit for bit; it only skips the points where the gate is exactly 0, whose term D_i * 0 * ... adds
 * nothing to y (every other factor is finite there: finite parameters, finite x). On the 20001-point
 * test grid at n = 256 it is 3-6x faster than the closures (bench/evaluateBench.mjs).
 *
 * Examples:  evaluateNetwork(parseUnit('mlp'), params, Float64Array.of(-1, 0, 1))
 * See also: networkJacobian (the analytic derivatives), unitFactors.
 */
import type { UnitForm } from '../core/unitForm.js';
import { affineColumn, affineValue, unitFactors } from './unitFactors.js';
import type { NetworkParams } from './networkParams.js';

export function evaluateNetwork(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  if (p.dim === 1 && unit.gate.activation === 'relu') return evaluateReluNetwork1d(unit, p, xs);
  if (p.dim === 1) return evaluateNetworkByColumns(unit, p, xs);
  return evaluateNetworkByFactors(unit, p, xs);
}

/**
 * The 1-D generic case, a neuron at a time over all N points: z_l = w x + b per map, then the running
 * product D_i * F_0(z) * F_1(z) * ... in factor order, added to y in neuron order (see the header).
 * Work arrays: one per map and one for the product, each of length N.
 */
export function evaluateNetworkByColumns(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const N = xs.length;
  const maps = unit.maps.map((m) => p.maps[m]);
  const D = p.D;
  const y = new Float64Array(N).fill(p.d);
  const z = maps.map(() => new Float64Array(N));
  const prod = new Float64Array(N);
  for (let i = 0; i < p.n; i++) {
    if (D[i] === 0) continue;
    maps.forEach((map, l) => affineColumn(map.weight[i], map.bias[i], xs, z[l]));
    prod.fill(D[i]);
    for (const f of factors) multiplyByFactor(prod, f.value, z[f.mapIndex]);
    for (let t = 0; t < N; t++) y[t] += prod[t];
  }
  return y;
}

/** prod[t] *= value(z[t]) for every point. */
function multiplyByFactor(prod: Float64Array, value: (z: number) => number, z: Float64Array): void {
  for (let t = 0; t < prod.length; t++) prod[t] *= value(z[t]);
}

/** The generic loop over unitFactors' closures: any gate, any dimension (exported for the bit-for-bit test). */
export function evaluateNetworkByFactors(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const dim = p.dim;
  const N = xs.length / dim;
  const maps = unit.maps.map((m) => p.maps[m]);
  const D = p.D;
  const y = new Float64Array(N).fill(p.d);
  const z = new Float64Array(maps.length);
  for (let i = 0; i < p.n; i++) {
    if (D[i] === 0) continue;
    for (let t = 0; t < N; t++) {
      for (let l = 0; l < z.length; l++) z[l] = affineValue(maps[l].weight, maps[l].bias, i, xs, t, dim);
      let prod = D[i];
      for (const f of factors) prod *= f.value(z[f.mapIndex]);
      y[t] += prod;
    }
  }
  return y;
}

/** The 1-D relu-gated case of evaluateNetwork, without closures or per-point calls (see the header). */
function evaluateReluNetwork1d(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const N = xs.length;
  const k = unit.gate.power;
  const gate = p.maps[unit.maps[0]];
  // the plain factors in unitFactors' order: their map's weights and biases, and their power
  const plainWeights = unit.factors.map((f) => p.maps[f.map].weight);
  const plainBiases = unit.factors.map((f) => p.maps[f.map].bias);
  const powers = unit.factors.map((f) => f.power);
  const F = powers.length;
  const D = p.D;
  const y = new Float64Array(N).fill(p.d);
  for (let i = 0; i < p.n; i++) {
    const Di = D[i];
    if (Di === 0) continue;
    const G = gate.weight[i];
    const g = gate.bias[i];
    for (let t = 0; t < N; t++) {
      const x = xs[t];
      const zg = G * x + g;
      if (!(zg > 0)) continue; // relu(zg) = 0 (relu's own test): the term is 0
      let prod = Di * (k === 1 ? zg : zg ** k);
      for (let j = 0; j < F; j++) prod *= (plainWeights[j][i] * x + plainBiases[j][i]) ** powers[j];
      y[t] += prod;
    }
  }
  return y;
}
