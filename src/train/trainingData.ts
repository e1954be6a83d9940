/**
 * Training and test data for 1-D reconstruction, float64, same units as the target.
 * Training: N points uniform on the domain, drawn from seededRandom(derivedSeed(seed, 'data')),
 * so every unit, width and method of a sweep sees the same points for a given seed.
 * Test: the constructions' dense uniform grid (src/core/testGrid.ts: 20001 points, both ends
 * included), so trained and constructed networks are scored on the same points; beyond width 625 the
 * grid grows with n (testGridPoints), which runMeasurement applies.
 */
import type { Domain } from '../core/domain.js';
import type { Target } from '../core/target.js';
import { seededRandom } from '../core/seededRandom.js';
import { uniformGrid } from '../core/testGrid.js';
import { derivedSeed } from '../core/derivedSeed.js';

export interface TrainingData {
  readonly xTrain: Float64Array;
  readonly yTrain: Float64Array;
  readonly xTest: Float64Array;
  readonly yTest: Float64Array;
}

export function trainingData(target: Target, domain: Domain, trainingPoints: number, seed: number): TrainingData {
  const rng = seededRandom(derivedSeed(seed, 'data'));
  const [a, b] = domain;
  const xTrain = Float64Array.from({ length: trainingPoints }, () => a + (b - a) * rng.uniform());
  const xTest = uniformGrid(domain);
  return { xTrain, yTrain: xTrain.map(target.value), xTest, yTest: xTest.map(target.value) };
}
