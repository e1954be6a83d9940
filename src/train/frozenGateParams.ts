/**
 * Network parameters from the coefficients of the frozen-gate least-squares problem
 * (layout of frozenGateDesign: per neuron c_{i,0..s}, then the constant d).
 * Per neuron: gate map (G_i, g_i) as frozen; tied maps L = G, l = g (relu(z) z = relu(z)^2, exact
 * on the whole line); constant maps L = 0, l = 1; the free map carries p_i(x) = c_i0 + c_i1 w with
 * w = (x - centre)/h, i.e. L = c_i1 / h, l = c_i0 - c_i1 centre / h, and D_i = 1; without a free
 * map D_i = c_i0. Every network with these parameters evaluates to the fitted function exactly
 * (up to float64 rounding), which the lsq method checks.
 */
import type { Domain } from '../core/domain.js';
import type { UnitForm } from '../core/unitForm.js';
import { zeroParams, type NetworkParams } from '../network/networkParams.js';
import type { FrozenGateFamily } from '../symbolic/analysedUnit.js';
import type { FrozenGates } from './frozenGateDesign.js';
import { columnVariable } from '../linalg/frozenGateColumns.js';

export function frozenGateParams(
  unit: UnitForm,
  family: FrozenGateFamily,
  gates: FrozenGates,
  coefficients: Float64Array,
  domain: Domain,
): NetworkParams {
  const n = gates.G.length;
  const s = family.freeDegree;
  if (coefficients.length !== n * (s + 1) + 1)
    throw new Error(`frozenGateParams: expected ${n * (s + 1) + 1} coefficients, got ${coefficients.length}`);
  const p = zeroParams(unit, n);
  const gateMap = unit.gate.map;
  const { centre, halfLength } = columnVariable(domain);
  p.maps[gateMap].weight.set(gates.G);
  p.maps[gateMap].bias.set(gates.g);
  for (const map of unit.maps) {
    if (map === gateMap) continue;
    const L = p.maps[map].weight;
    const l = p.maps[map].bias;
    const role = family.roles[map];
    for (let i = 0; i < n; i++) {
      if (role === 'tie') {
        L[i] = gates.G[i];
        l[i] = gates.g[i];
      } else if (role === 'const') {
        L[i] = 0;
        l[i] = 1;
      } else {
        const c0 = coefficients[i * (s + 1)];
        const c1 = coefficients[i * (s + 1) + 1];
        L[i] = c1 / halfLength;
        l[i] = c0 - (c1 * centre) / halfLength;
      }
    }
  }
  const D = p.D;
  for (let i = 0; i < n; i++) D[i] = family.freeMap ? 1 : coefficients[i * (s + 1)];
  p.d = coefficients[n * (s + 1)];
  return p;
}
