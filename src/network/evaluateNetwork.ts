/**
 * Forward evaluation and the analytic Jacobian of y(x) = d + sum_i D_i unit_i(x), float64.
 *
 * A unit is a product of factors F_j(z_{l(j)}), each a function of one affine map z_l = L x + l:
 * the gate act(z_g)^k or a plain power z_l^e. The product rule gives
 *   d unit / d z_l = sum over factors j on map l of F_j'(z_l) * prod_{j' != j} F_j'
 * and d z_l / dL = x, d z_l / dl = 1. Products over "all but one" are formed directly, never by
 * division, so a zero factor (an inactive relu) is exact.
 *
 * Shapes: xs has N points; the Jacobian is N x P column-major (J[i + c*N]), P = parameterCount.
 */
import type { UnitForm } from '../core/unitForm.js';
import { ACTIVATIONS } from './gateActivation.js';
import { parameterNames, type NetworkParams } from './networkParams.js';

interface Factor {
  /** index of the factor's map in unit.maps */
  readonly mapIndex: number;
  readonly value: (z: number) => number;
  readonly derivative: (z: number) => number;
}

function unitFactors(unit: UnitForm): Factor[] {
  const act = ACTIVATIONS[unit.gate.activation];
  const k = unit.gate.power;
  const gate: Factor = {
    mapIndex: 0,
    value: k === 1 ? act.value : (z) => act.value(z) ** k,
    derivative: k === 1 ? act.derivative : (z) => k * act.value(z) ** (k - 1) * act.derivative(z),
  };
  const plain = unit.factors.map((f): Factor => ({
    mapIndex: unit.maps.indexOf(f.map),
    value: (z) => z ** f.power,
    derivative: (z) => f.power * z ** (f.power - 1),
  }));
  return [gate, ...plain];
}

/** Network output at each point, length N. */
export function evaluateNetwork(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const weights = unit.maps.map((m) => p.arrays[m.toUpperCase()]);
  const biases = unit.maps.map((m) => p.arrays[m]);
  const D = p.arrays.D;
  const y = new Float64Array(xs.length).fill(p.d);
  const z = new Float64Array(unit.maps.length);
  for (let i = 0; i < p.n; i++) {
    if (D[i] === 0) continue;
    for (let t = 0; t < xs.length; t++) {
      const x = xs[t];
      for (let l = 0; l < z.length; l++) z[l] = weights[l][i] * x + biases[l][i];
      let prod = D[i];
      for (const f of factors) prod *= f.value(z[f.mapIndex]);
      y[t] += prod;
    }
  }
  return y;
}

/** Jacobian of the network output with respect to every parameter (flat order of networkParams), N x P column-major. */
export function networkJacobian(unit: UnitForm, p: NetworkParams, xs: Float64Array): Float64Array {
  const factors = unitFactors(unit);
  const nMaps = unit.maps.length;
  const N = xs.length;
  const n = p.n;
  const P = parameterNames(unit).length * n + 1;
  const J = new Float64Array(N * P);
  const weights = unit.maps.map((m) => p.arrays[m.toUpperCase()]);
  const biases = unit.maps.map((m) => p.arrays[m]);
  const D = p.arrays.D;
  const z = new Float64Array(nMaps);
  const fv = new Float64Array(factors.length);
  const dUnitDz = new Float64Array(nMaps);
  const dCol = 2 * nMaps * n; // first column of D
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < N; t++) {
      const x = xs[t];
      for (let l = 0; l < nMaps; l++) z[l] = weights[l][i] * x + biases[l][i];
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
        J[t + (2 * l * n + i) * N] = g * x; // weight
        J[t + ((2 * l + 1) * n + i) * N] = g; // bias
      }
      J[t + (dCol + i) * N] = unitValue;
    }
  }
  const last = (P - 1) * N;
  for (let t = 0; t < N; t++) J[last + t] = 1;
  return J;
}
