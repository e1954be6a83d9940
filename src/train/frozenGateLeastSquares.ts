/**
 * Method `lsq`: gates frozen, the rest solved exactly by float64 least squares over the linear
 * family of frozenGateFamily (design: frozenGateDesign; solver: the project's pivoted-QR
 * solveLeastSquares, with column scaling and min-norm on rank deficiency).
 * Residuals in target units; the recovered network is re-evaluated and must reproduce the fitted
 * values to 1e-9 relative to max|y| (float64 rounding is ~1e-14 here), else CheckFailedError.
 */
import type { Domain } from '../core/domain.js';
import type { UnitForm } from '../core/unitForm.js';
import { CheckFailedError } from '../core/usageError.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { frozenGateFamily } from './frozenGateFamily.js';
import { frozenGateDesign, type FrozenGates } from './frozenGateDesign.js';
import { frozenGateParams } from './frozenGateParams.js';
import type { TrainingOutcome } from './trainingOutcome.js';

const RECOVERY_TOLERANCE = 1e-9;

export const FLOAT64_BACKEND = 'float64-js';

export function fitFrozenGateLeastSquares(
  unit: UnitForm, gates: FrozenGates, xs: Float64Array, ys: Float64Array, domain: Domain,
): TrainingOutcome {
  const family = frozenGateFamily(unit);
  const design = frozenGateDesign(xs, gates, family, domain);
  const solution = solveLeastSquares(design.matrix, design.rows, design.cols, ys);
  const params = frozenGateParams(unit, family, gates, solution.x, domain);

  const fitted = new Float64Array(design.rows);
  for (let j = 0; j < design.cols; j++) {
    const c = solution.x[j];
    if (c === 0) continue;
    for (let t = 0; t < design.rows; t++) fitted[t] += design.matrix[t + j * design.rows] * c;
  }
  const network = evaluateNetwork(unit, params, xs);
  let scale = 0;
  let worst = 0;
  for (let t = 0; t < xs.length; t++) {
    scale = Math.max(scale, Math.abs(ys[t]), Math.abs(fitted[t]));
    worst = Math.max(worst, Math.abs(network[t] - fitted[t]));
  }
  if (!(worst <= RECOVERY_TOLERANCE * Math.max(scale, 1e-300))) {
    throw new CheckFailedError('lsq parameter recovery', `network with recovered parameters differs from the least-squares fit by ${worst.toExponential(3)} (tolerance ${RECOVERY_TOLERANCE} x ${scale.toExponential(3)})`);
  }

  const a = family.knotPower;
  const gate = a === 1 ? 'relu(z_i)' : `relu(z_i)^${a}`;
  const span = family.freeDegree === 1 ? `${gate} * {1, x}` : gate;
  const notes = [
    `gates frozen; exact float64 least squares over span{${span}, 1} (${design.cols} columns, ${design.rows} points) by column-scaled pivoted QR`,
    solution.rankDeficient
      ? `rank-deficient design: numerical rank ${solution.rank} of ${design.cols} (condition estimate ${solution.conditionEstimate.toExponential(2)} over the kept pivots); minimum-norm coefficients returned, the fitted function is the unique least-squares projection`
      : `full column rank ${solution.rank}; condition estimate of the scaled design ${solution.conditionEstimate.toExponential(2)}`,
  ];
  if (family.ties.length > 0) {
    notes.push(`tie used: ${family.ties.join(', ')} (relu(z) z = relu(z)^2), so each neuron is ${a === 1 ? 'relu(z)' : `relu(z)^${a}`} * (${family.freeMap ? `${family.freeMap.toUpperCase()}x+${family.freeMap}` : 'D'}); the untied unit is not linear in its parameters`);
  }
  if (family.constants.length > 0) notes.push(`maps held constant: ${family.constants.join(', ')}`);
  return { params, iterations: 1, stopReason: 'exact solve', notes, backend: FLOAT64_BACKEND };
}
