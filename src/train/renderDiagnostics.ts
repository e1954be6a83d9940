/**
 * The notes of a result record: each typed diagnostic of a training run as one sentence
 * (trainingOutcome.ts). The only place these sentences are written.
 */
import type {
  AdamDiagnostics,
  LevenbergMarquardtDiagnostics,
  LinearSolveDiagnostics,
  PaperNewtonDiagnostics,
  TrainingDiagnostics,
  VariableProjectionDiagnostics,
} from './trainingOutcome.js';

function tieNotes(d: Pick<LinearSolveDiagnostics, 'ties' | 'constants' | 'knotPower' | 'freeMap'>): string[] {
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
  const solver =
    d.linearAlgebra === 'structured'
      ? `each damped step from per-cell polynomials by an equilibrated band LU with refinement (${d.largestRows} coefficient rows for ${d.points} points, no N x P Jacobian)`
      : `each damped step from one bidiagonalisation per iteration of the ${d.compressed ? `row-compressed Jacobian (at most ${d.largestRows} of ${d.points} rows)` : `${d.points}-row Jacobian`}`;
  const notes = [
    `float64 Levenberg-Marquardt, all ${d.parameters} parameters free (gates included), analytic Jacobian, ${d.damping === 'identity' ? 'identity damping in normalised-input coordinates' : "Moré's diagonal damping"}; ${solver}`,
    `${d.acceptedSteps} accepted steps (${d.linearResolves} followed by an accepted linear re-solve), ${d.dampedSolves} damped solves; train loss reduced by a factor ${(d.startLoss / Math.max(d.finalLoss, Number.MIN_VALUE)).toPrecision(4)}; final damping ${d.finalDamping.toExponential(2)}; final gradient cosine ${d.finalGradientCosine.toExponential(2)}`,
  ];
  if (d.rawCells > 0)
    notes.push(`${d.rawCells} cells kept raw rows (projection not exact to ${d.projectionTolerance})`);
  if (d.worstProjectionDefect > 0)
    notes.push(
      `smooth-gate rows compressed inexactly: worst relative cell defect ${d.worstProjectionDefect.toExponential(2)} (tolerance ${d.projectionTolerance})`,
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

const e2 = (v: number): string => (Number.isFinite(v) ? v.toExponential(2) : String(v));

function paperNewtonNotes(d: PaperNewtonDiagnostics): string[] {
  const names = d.stages.map((s) => s.stage).join(', ');
  const fallback = d.stages.filter((s) => s.pseudoInverse).length;
  const steps = d.stages.map((s) => `${s.stage} t=${Number(s.step.toPrecision(4))}`).join(', ');
  const notes = [
    `the paper's reference optimizer (newton_only_splines): gates frozen, ${d.passes === 1 ? 'one pass' : `${d.passes} passes`} of stages ${names}, one Newton step each on the mean squared error (Hessian (2/N) J^T J of the linear stage${d.compressed ? ', rows compressed exactly cell by cell' : ''}), Jacobi-scaled normal equations with zero rows dropped, strong-Wolfe line search (c1 = ${d.lineSearch.c1}, c2 = ${d.lineSearch.c2}, at most ${d.lineSearch.maxEvaluations} evaluations)`,
    `${fallback} of ${d.stages.length} stage solves had condition above ${e2(d.conditionThreshold)} and used the eps-cut pseudo-inverse (worst condition ${e2(Math.max(...d.stages.map((s) => s.condition)))}); accepted steps: ${steps}`,
    `train MSE ${e2(d.startLoss)} -> ${e2(d.finalLoss)}; normal equations on purpose: this method reproduces the reference's solver, it is not an exact least-squares witness`,
  ];
  const notWolfe = d.stages.filter((s) => s.step > 0 && !s.strongWolfe).length;
  if (notWolfe > 0)
    notes.push(
      `${notWolfe} line searches ended within their budget without both strong Wolfe conditions (best decrease kept)`,
    );
  if (d.stages.some((s) => s.steepestDescent))
    notes.push(
      `the Newton direction was not a descent direction in ${d.stages.filter((s) => s.steepestDescent).length} stage(s); -gradient used`,
    );
  if (d.rawCells > 0)
    notes.push(`${d.rawCells} cells kept raw rows (projection not exact to ${d.projectionTolerance})`);
  return notes;
}

function variableProjectionNotes(d: VariableProjectionDiagnostics): string[] {
  const notes = [
    `variable projection (Golub-Pereyra, Kaufman's Jacobian): ${d.knots} knots moved by Levenberg-Marquardt on the projected loss, the ${d.linearParameters} linear coefficients of the frozen-gate family solved exactly at every trial (${d.innerSolves} inner solves, ${d.denseInnerSolves} by dense QR of the compressed design where the banded solver declined)`,
    `${d.acceptedSteps} accepted steps; train loss reduced by a factor ${(d.startLoss / Math.max(d.finalLoss, Number.MIN_VALUE)).toPrecision(4)} from lsq at the starting gates; final damping ${e2(d.finalDamping)}; largest knot move ${d.largestKnotMove.toPrecision(3)} initial spacings`,
  ];
  return [...notes, ...tieNotes(d)];
}

export function renderDiagnostics(d: TrainingDiagnostics): string[] {
  switch (d.kind) {
    case 'linear-solve':
      return linearSolveNotes(d);
    case 'levenberg-marquardt':
      return levenbergMarquardtNotes(d);
    case 'adam':
      return adamNotes(d);
    case 'paper-newton':
      return paperNewtonNotes(d);
    case 'variable-projection':
      return variableProjectionNotes(d);
  }
}
