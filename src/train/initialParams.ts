/**
 * Starting parameters of a run.
 *   spline:    the paper's spline initialisation (splineInitialGates: knots over the domain widened
 *              by 0.1% each side, alternating directions); every other parameter N(0, 1) from
 *              seededRandom(derivedSeed(seed, 'params:n')), drawn map by map in flat order
 *              (weights then biases), then D, then d.
 *   spline-torch: the same gates; every other parameter as PyTorch's nn.Linear default initialisation,
 *              which the paper's reference code keeps (its text says N(0, 1)): a map's weight and bias
 *              U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = dim = 1, so U(-1, 1); the output layer's
 *              D_i and d U(-1/sqrt(n), 1/sqrt(n)) (fan_in = n). Drawn from
 *              seededRandom(derivedSeed(seed, 'torch-params:n')) in flat order: the distributions are
 *              PyTorch's, the numbers cannot be (a different generator).
 *   random:    gates only (randomInitialGates): directions +-1 and knots uniform on the domain, from
 *              seededRandom(derivedSeed(seed, 'random-gates:n')).
 *   construct: the explicit construction of src/construct (deterministic, no randomness).
 */
import type { Target } from '../core/target.js';
import type { UnitForm } from '../core/unitForm.js';
import { seededRandom } from '../core/seededRandom.js';
import { splineInitialGates, type SplineGates } from '../network/splineInitialisation.js';
import { randomInitialGates } from '../network/randomInitialGates.js';
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

export function torchStyleSplineParams(unit: UnitForm, n: number, domain: Domain, seed: number): NetworkParams {
  const p = zeroParams(unit, n);
  const gates = splineInitialGates(n, domain);
  const gateMap = unit.gate.map;
  p.maps[gateMap].weight.set(gates.G);
  p.maps[gateMap].bias.set(gates.g);
  fillTorchDefaults(unit, p, seededRandom(derivedSeed(seed, `torch-params:${n}`)), gateMap);
  return p;
}

/**
 * PyTorch's default initialisation of nn.Linear layers, the paper's start in d dimensions (its code has
 * no d-dimensional spline init): every map (gate included) is an nn.Linear(dim, n), weights and biases
 * U(-1/sqrt(dim), 1/sqrt(dim)); the output layer nn.Linear(n, 1), U(-1/sqrt(n), 1/sqrt(n)). Drawn by this
 * tool's generator from `seed`, so torch's own numbers cannot be reproduced, only their distribution.
 */
export function torchDefaultParams(unit: UnitForm, n: number, dim: number, seed: number): NetworkParams {
  const p = zeroParams(unit, n, dim);
  fillTorchDefaults(unit, p, seededRandom(derivedSeed(seed, `torch-default:${n}:${dim}`)), null);
  return p;
}

/**
 * nn.Linear's default ranges, drawn from `rng` in a fixed order (each map but `skipMap` in unit.maps
 * order, weights then biases; then D, then d): maps U(+-1/sqrt(dim)), the output layer U(+-1/sqrt(n)).
 */
function fillTorchDefaults(
  unit: UnitForm,
  p: NetworkParams,
  rng: ReturnType<typeof seededRandom>,
  skipMap: string | null,
): void {
  const uniform = (bound: number): number => bound * (2 * rng.uniform() - 1);
  const mapBound = 1 / Math.sqrt(p.dim);
  for (const map of unit.maps) {
    if (map === skipMap) continue;
    for (const values of [p.maps[map].weight, p.maps[map].bias]) {
      for (let i = 0; i < values.length; i++) values[i] = uniform(mapBound);
    }
  }
  const outputBound = 1 / Math.sqrt(p.n);
  for (let i = 0; i < p.n; i++) p.D[i] = uniform(outputBound);
  p.d = uniform(outputBound);
}

export function randomGates(n: number, domain: Domain, seed: number): SplineGates {
  return randomInitialGates(n, domain, seededRandom(derivedSeed(seed, `random-gates:${n}`)));
}

export function constructedParams(analysed: AnalysedUnit, target: Target, n: number): NetworkParams {
  return constructNetwork(analysed, target, n).params;
}
