/**
 * Method `lsq`: gates frozen, the rest solved exactly by float64 least squares over the linear
 * family of frozenGateFamily.
 * Fast path (issue 6): the same column space in a banded B-spline basis (fitFrozenGateSpline),
 * O(N) per width, the same least-squares optimum as the dense solve (tested to 1e-9 relative), with
 * the network parameters read off the spline and checked against it.
 * Dense path, when the banded one declines (two neurons on one knot, a knot outside the data,
 * too few points per cell): design frozenGateDesign, the project's pivoted-QR solveLeastSquares
 * with column scaling and min-norm on rank deficiency.
 * Residuals in target units; the recovered network is re-evaluated and must reproduce the fitted
 * values to 1e-9 relative to max|y| (float64 rounding is ~1e-14 here), else CheckFailedError.
 */
import type { Domain } from '../core/domain.js';
import type { UnitForm } from '../core/unitForm.js';
import { CheckFailedError } from '../core/errors.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { frozenGateFamily } from './frozenGateFamily.js';
import { frozenGateDesign, type FrozenGates } from './frozenGateDesign.js';
import { frozenGateParams } from './frozenGateParams.js';
import type { TrainingOutcome } from './trainingOutcome.js';
import { fitFrozenGateSpline } from '../linalg/frozenGateSpline.js';
import { frozenGateColumnCount } from '../linalg/frozenGateColumns.js';
import { sortSample, type SortedSample } from '../linalg/sortedSample.js';

const RECOVERY_TOLERANCE = 1e-9;

export const FLOAT64_BACKEND = 'float64-js';

// A sweep fits every width and unit to the same training arrays: sort them once.
const sortedSamples = new WeakMap<Float64Array, { ys: Float64Array; sample: SortedSample }>();
function sortedOnce(xs: Float64Array, ys: Float64Array): SortedSample {
  const cached = sortedSamples.get(xs);
  if (cached && cached.ys === ys) return cached.sample;
  const sample = sortSample(xs, ys);
  sortedSamples.set(xs, { ys, sample });
  return sample;
}

function tieNotes(family: ReturnType<typeof frozenGateFamily>): string[] {
  const a = family.knotPower;
  const notes: string[] = [];
  if (family.ties.length > 0) {
    notes.push(`tie used: ${family.ties.join(', ')} (relu(z) z = relu(z)^2), so each neuron is ${a === 1 ? 'relu(z)' : `relu(z)^${a}`} * (${family.freeMap ? `${family.freeMap.toUpperCase()}x+${family.freeMap}` : 'D'}); the untied unit is not linear in its parameters`);
  }
  if (family.constants.length > 0) notes.push(`maps held constant: ${family.constants.join(', ')}`);
  return notes;
}

/** 'auto': banded where it applies, else dense; 'dense': always the dense QR (the bench's reference). */
export type LsqSolver = 'auto' | 'dense';

export function fitFrozenGateLeastSquares(
  unit: UnitForm, gates: FrozenGates, xs: Float64Array, ys: Float64Array, domain: Domain, solver: LsqSolver = 'auto',
): TrainingOutcome {
  const family = frozenGateFamily(unit);
  const knots = Float64Array.from(gates.g, (g, i) => -g / gates.G[i]);
  const banded = solver === 'dense'
    ? { applicable: false as const, reason: 'dense solver requested' }
    : fitFrozenGateSpline({
      sample: sortedOnce(xs, ys), knots, gateWeights: gates.G, knotPower: family.knotPower, freeDegree: family.freeDegree, domain,
    });
  if (banded.applicable) {
    const v = banded.notes;
    const columns = frozenGateColumnCount({ knots, gateWeights: gates.G, knotPower: family.knotPower, freeDegree: family.freeDegree, domain });
    const notes = [
      `gates frozen; exact float64 least squares over the network's column space (${columns} columns, ${xs.length} points) in a banded B-spline basis of degree ${v.splineDegree} (${v.interiorKnots} interior knots, ${v.constraints} linear constraints), banded Givens QR`,
      v.columnSpaceDimension < columns
        ? `rank-deficient design: rank ${v.columnSpaceDimension} of ${columns} (the column space's dimension, computed exactly from the knots: ${v.edgeNeurons} edge neurons are polynomial on the domain, ${v.deadNeurons} dead); the fitted function is the unique least-squares projection, its parameters are the minimum-norm choice`
        : `full column rank ${columns}`,
      `condition estimate of the banded factor ${v.conditionEstimate.toExponential(2)}; the network with the recovered parameters matches the spline to ${v.networkDeviation.toExponential(1)} relative`,
      ...tieNotes(family),
    ];
    return {
      params: frozenGateParams(unit, family, gates, banded.coefficients, domain),
      iterations: 1,
      stopReason: 'exact solve',
      notes,
      backend: FLOAT64_BACKEND,
      fitted: { trainRmse: banded.trainRmse, predict: (points) => banded.predict(points) },
    };
  }
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
  const declined = solver === 'dense' ? 'dense solve requested' : `banded solver declined (${banded.reason}); dense solve`;
  const span = family.freeDegree === 1 ? `${gate} * {1, x}` : gate;
  const notes = [
    declined,
    `gates frozen; exact float64 least squares over span{${span}, 1} (${design.cols} columns, ${design.rows} points) by column-scaled pivoted QR`,
    solution.rankDeficient
      ? `rank-deficient design: numerical rank ${solution.rank} of ${design.cols} (condition estimate ${solution.conditionEstimate.toExponential(2)} over the kept pivots); minimum-norm coefficients returned, the fitted function is the unique least-squares projection`
      : `full column rank ${solution.rank}; condition estimate of the scaled design ${solution.conditionEstimate.toExponential(2)}`,
  ];
  notes.push(...tieNotes(family));
  return { params, iterations: 1, stopReason: 'exact solve', notes, backend: FLOAT64_BACKEND };
}
