/**
 * Forward evaluation of y(x) = d + sum_i D_i unit_i(x), float64, for x in R^dim.
 *
 * Shapes: xs holds N points, row-major N x dim (in 1-D simply the N abscissae); the output has length N.
 * Same units as the target.
 *
 * Examples:  evaluateNetwork(parseUnit('mlp'), params, Float64Array.of(-1, 0, 1))
 * See also: networkJacobian (the analytic derivatives), unitFactors.
 */
import type { UnitForm } from '../core/unitForm.js';
import { affineValue, unitFactors } from './unitFactors.js';
import type { NetworkParams } from './networkParams.js';

export function evaluateNetwork(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
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
