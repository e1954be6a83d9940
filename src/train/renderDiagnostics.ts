/**
 * The notes of a result record: each typed diagnostic of a training run as one sentence
 * (trainingOutcome.ts). The only place these sentences are written.
 */
import type {
  AdamDiagnostics,
  LevenbergMarquardtDiagnostics,
  LinearSolveDiagnostics,
  TrainingDiagnostics,
} from './trainingOutcome.js';

function tieNotes(d: LinearSolveDiagnostics): string[] {
  const a = d.knotPower;
  const notes: string[] = [];
  if (d.ties.length > 0) {
    notes.push(
      `tie used: ${d.ties.join(', ')} (relu(z) z = relu(z)^2), so each neuron is ${a === 1 ? 'relu(z)' : `relu(z)^${a}`} * (${d.freeMap ? `${d.freeMap.toUpperCase()}x+${d.freeMap}` : 'D'}); the untied unit is not linear in its parameters`,
    );
  }
  if (d.constants.length > 0) notes.push(`maps held constant: ${d.constants.join(', ')}`);
  return notes;
}

function linearSolveNotes(d: LinearSolveDiagnostics): string[] {
  if (d.solver === 'banded' && d.spline) {
    const v = d.spline;
    return [
      `gates frozen; exact float64 least squares over the network's column space (${d.columns} columns, ${d.points} points) in a banded B-spline basis of degree ${v.degree} (${v.interiorKnots} interior knots, ${v.constraints} linear constraints), banded Givens QR`,
      d.rank < d.columns
        ? `rank-deficient design: rank ${d.rank} of ${d.columns} (the column space's dimension, computed exactly from the knots: ${v.edgeNeurons} edge neurons are polynomial on the domain, ${v.deadNeurons} dead${v.undetermined > 0 ? `; less the ${v.undetermined} directions the data leave undetermined` : ''}); the fitted function is the unique least-squares projection, its parameters are the minimum-norm choice`
        : `full column rank ${d.columns}`,
      `condition estimate of the banded factor ${d.conditionEstimate.toExponential(2)}; the network with the recovered parameters matches the spline to ${v.networkDeviation.toExponential(1)} relative`,
      ...(v.undetermined > 0
        ? [
            `the data leave ${v.undetermined} of the spline's coefficients undetermined (cells with too few points, Schoenberg-Whitney); among the least-squares optima the fit has the smallest knot jumps, so between data points the test RMSE reflects that choice as much as the unit`,
          ]
        : []),
      ...tieNotes(d),
    ];
  }
  return [
    d.declined === null ? 'dense solve requested' : `banded solver declined (${d.declined}); dense solve`,
    `gates frozen; exact float64 least squares over span{${d.span}, 1} (${d.columns} columns, ${d.points} points) by column-scaled pivoted QR`,
    d.rank < d.columns
      ? `rank-deficient design: numerical rank ${d.rank} of ${d.columns} (condition estimate ${d.conditionEstimate.toExponential(2)} over the kept pivots); minimum-norm coefficients returned, the fitted function is the unique least-squares projection`
      : `full column rank ${d.rank}; condition estimate of the scaled design ${d.conditionEstimate.toExponential(2)}`,
    ...tieNotes(d),
  ];
}

function levenbergMarquardtNotes(d: LevenbergMarquardtDiagnostics): string[] {
  const notes = [
    `float64 Levenberg-Marquardt, all ${d.parameters} parameters free (gates included), analytic Jacobian, each damped step by pivoted QR of the augmented system (${d.compressed ? `rows compressed exactly cell by cell: at most ${d.largestRows} of ${d.points}` : `${d.points} rows`} + ${d.parameters} damping rows)`,
    `${d.acceptedSteps} accepted steps, ${d.dampedSolves} damped solves; train loss reduced by a factor ${(d.startLoss / Math.max(d.finalLoss, Number.MIN_VALUE)).toPrecision(4)}; final damping ${d.finalDamping.toExponential(2)}`,
  ];
  if (d.rawCells > 0)
    notes.push(`${d.rawCells} cells kept raw rows (projection not exact to ${d.projectionTolerance})`);
  if (d.worstRank < d.parameters)
    notes.push(
      `Jacobian rank-deficient (damped system rank ${d.worstRank} of ${d.parameters} at worst): dead or collinear neurons; their parameters got minimum-norm steps`,
    );
  return notes;
}

function adamNotes(d: AdamDiagnostics): string[] {
  return [
    `full-batch Adam in TensorFlow.js float32 (${d.tfBackend}), ${d.epochs} epochs, learning rate ${d.learningRate} decaying exponentially to ${d.finalLearningRate}; RMSEs are the float32 parameters evaluated in float64`,
    `float32 floor: unit roundoff ${d.float32Epsilon.toExponential(2)}, so RMSE below ~${d.float32Floor.toExponential(1)} (eps32 x max|f|) is not resolvable in float32; rounding the start to float32 alone moves its train RMSE from ${d.startRmse.toExponential(3)} to ${d.roundedStartRmse.toExponential(3)}`,
    `final float32 training loss sqrt(MSE) as TF.js computed it: ${d.finalLossRmse.toExponential(3)}`,
  ];
}

export function renderDiagnostics(d: TrainingDiagnostics): string[] {
  switch (d.kind) {
    case 'linear-solve':
      return linearSolveNotes(d);
    case 'levenberg-marquardt':
      return levenbergMarquardtNotes(d);
    case 'adam':
      return adamNotes(d);
  }
}
