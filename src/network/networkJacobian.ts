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
 * Examples:  networkJacobian(parseUnit('glu'), params, xs)   // N x (5n + 1) in 1-D
 */
import type { UnitForm } from '../core/unitForm.js';
import { parameterLayout, type NetworkParams } from './networkParams.js';
import { affineValue, unitFactors } from './unitFactors.js';

export function networkJacobian(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
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
