/**
 * Starting parameters of a run.
 *   spline:    the paper's spline initialisation (splineInitialGates: knots over the domain widened
 *              by 0.1% each side, alternating directions); every other parameter N(0, 1) from
 *              seededRandom(derivedSeed(seed, 'params:n')), drawn map by map in flat order
 *              (weights then biases), then D, then d.
 *   construct: the explicit construction of src/construct (deterministic, no randomness).
 */
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import { seededRandom } from '../core/seededRandom.js';
import { splineInitialGates } from '../network/splineInitialisation.js';
import { zeroParams, type NetworkParams } from '../network/networkParams.js';
import { constructNetwork } from '../construct/constructNetwork.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { derivedSeed } from '../core/derivedSeed.js';
import type { Domain } from '../core/domain.js';

export function splineInitialParams(unit: UnitForm, n: number, domain: Domain, seed: number): NetworkParams {
  const p = zeroParams(unit, n);
  const gates = splineInitialGates(n, domain);
  const rng = seededRandom(derivedSeed(seed, `params:${n}`));
  const gateMap = unit.gate.map;
  p.maps[gateMap].weight.set(gates.G);
  p.maps[gateMap].bias.set(gates.g);
  for (const map of unit.maps) {
    if (map === gateMap) continue;
    for (const values of [p.maps[map].weight, p.maps[map].bias]) {
      for (let i = 0; i < n; i++) values[i] = rng.normal();
    }
  }
  for (let i = 0; i < n; i++) p.D[i] = rng.normal();
  p.d = rng.normal();
  return p;
}

export function constructedParams(analysed: AnalysedUnit, target: Target, n: number): NetworkParams {
  return constructNetwork(analysed, target, n).params;
}
