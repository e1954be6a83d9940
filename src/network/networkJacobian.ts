/**
 * The analytic Jacobian of y(x) = d + sum_i D_i unit_i(x) with respect to every parameter, float64.
 *
 * A unit is a product of factors F_j(z_(l(j))) (unitFactors). The product rule gives
 *   d unit / d z_l = sum over factors j on map l of F_j'(z_l) * prod_{j' != j} F_j'
 * and d z_l / dL_k = x_k, d z_l / dl = 1. Products over "all but one" are formed directly, never by
 * division, so a zero factor (an inactive relu) is exact.
 *
 * Shapes: xs holds N points, row-major N x dim; the Jacobian is N x P column-major (J[t + c*N]) with
 * columns in the order of parameterLayout.
 *
 * In 1-D the same products are formed a neuron at a time over whole columns (networkJacobian1d): each
 * factor's value and derivative in a loop of their own, then the per-point products in the generic
 * order, so every entry is the generic loop's bit for bit (test/network/networkJacobian.test.ts); it is
 * the smooth-gate lm's Jacobian, formed at every iteration.
 *
 * Examples:  networkJacobian(parseUnit('glu'), params, xs)   // N x (5n + 1) in 1-D
 */
import type { UnitForm } from '../core/unitForm.js';
import { parameterLayout, type NetworkParams } from './networkParams.js';
import { affineColumn, affineValue, unitFactors } from './unitFactors.js';

export function networkJacobian(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  return p.dim === 1 ? networkJacobian1d(unit, p, xs) : networkJacobianByPoints(unit, p, xs);
}

/** The generic loop, point by point: any dimension (exported for the bit-for-bit test). */
export function networkJacobianByPoints(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const nMaps = unit.maps.length;
  const dim = p.dim;
  const N = xs.length / dim;
  const n = p.n;
  const layout = parameterLayout(unit, n, dim);
  const J = new Float64Array(N * layout.size);
  const maps = unit.maps.map((m) => p.maps[m]);
  const D = p.D;
  const z = new Float64Array(nMaps);
  const fv = new Float64Array(factors.length);
  const dUnitDz = new Float64Array(nMaps);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < N; t++) {
      for (let l = 0; l < nMaps; l++) z[l] = affineValue(maps[l].weight, maps[l].bias, i, xs, t, dim);
      let unitValue = 1;
      for (let j = 0; j < factors.length; j++) {
        fv[j] = factors[j].value(z[factors[j].mapIndex]);
        unitValue *= fv[j];
      }
      dUnitDz.fill(0);
      for (let j = 0; j < factors.length; j++) {
        let others = 1;
        for (let j2 = 0; j2 < factors.length; j2++) if (j2 !== j) others *= fv[j2];
        dUnitDz[factors[j].mapIndex] += factors[j].derivative(z[factors[j].mapIndex]) * others;
      }
      for (let l = 0; l < nMaps; l++) {
        const g = D[i] * dUnitDz[l];
        for (let k = 0; k < dim; k++) J[t + layout.weight(l, i, k) * N] = g * xs[t * dim + k];
        J[t + layout.bias(l, i) * N] = g;
      }
      J[t + layout.outputWeight(i) * N] = unitValue;
    }
  }
  const last = layout.outputBias * N;
  for (let t = 0; t < N; t++) J[last + t] = 1;
  return J;
}

/**
 * 1-D, a neuron at a time: z_l per map, F_j and F_j' per factor, then per point the product of all
 * factors (unitValue) and, per factor, F_j' times the product of the others in factor order, summed into
 * its map's d unit / d z_l: the generic loop's operations in its order. Work arrays: (maps + 2 factors + 2) N.
 */
function networkJacobian1d(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const nMaps = unit.maps.length;
  const F = factors.length;
  const N = xs.length;
  const n = p.n;
  const layout = parameterLayout(unit, n);
  const J = new Float64Array(N * layout.size);
  const maps = unit.maps.map((m) => p.maps[m]);
  const D = p.D;
  const z = unit.maps.map(() => new Float64Array(N));
  const fv = factors.map(() => new Float64Array(N));
  const dv = factors.map(() => new Float64Array(N));
  const mapOf = factors.map((f) => f.mapIndex);
  const dUnitDz = new Float64Array(nMaps);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < nMaps; l++) affineColumn(maps[l].weight[i], maps[l].bias[i], xs, z[l]);
    for (let j = 0; j < F; j++) {
      valuesInto(factors[j].value, z[mapOf[j]], fv[j]);
      valuesInto(factors[j].derivative, z[mapOf[j]], dv[j]);
    }
    const Di = D[i];
    const outputColumn = layout.outputWeight(i) * N;
    const weightColumns = Int32Array.from({ length: nMaps }, (_, l) => layout.weight(l, i) * N);
    const biasColumns = Int32Array.from({ length: nMaps }, (_, l) => layout.bias(l, i) * N);
    for (let t = 0; t < N; t++) {
      let unitValue = 1;
      for (let j = 0; j < F; j++) unitValue *= fv[j][t];
      dUnitDz.fill(0);
      for (let j = 0; j < F; j++) {
        let others = 1;
        for (let j2 = 0; j2 < F; j2++) if (j2 !== j) others *= fv[j2][t];
        dUnitDz[mapOf[j]] += dv[j][t] * others;
      }
      const x = xs[t];
      for (let l = 0; l < nMaps; l++) {
        const g = Di * dUnitDz[l];
        J[t + weightColumns[l]] = g * x;
        J[t + biasColumns[l]] = g;
      }
      J[t + outputColumn] = unitValue;
    }
  }
  const last = layout.outputBias * N;
  for (let t = 0; t < N; t++) J[last + t] = 1;
  return J;
}

/** out[t] = fn(z[t]) for every point. */
function valuesInto(fn: (z: number) => number, z: Float64Array, out: Float64Array): void {
  for (let t = 0; t < z.length; t++) out[t] = fn(z[t]);
}
