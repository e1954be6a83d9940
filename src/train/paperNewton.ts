/**
 * Method `paper-newton`: the optimizer behind the paper's measured slopes (arXiv 2602.14495; its
 * reference code, repository afqueiruga/divine_scaling, optimizer `newton_only_splines`), implemented
 * from a description of its behaviour (README, "The paper's optimizer"); no code copied.
 *
 * Protocol, float64:
 *   - gates frozen at the start (the spline initialisation), never trained;
 *   - stages, one pass: D (the output weights D_i and bias d), then each non-gate map in the unit's
 *     order (weights, then biases), then the last non-gate map once more when there are two or more.
 *     So MLP: D; GLU: D, U; GQU: D, U, Q, Q. The repeated last stage is the reference's "Q2" stage,
 *     whose name selects the module Q again.
 *   - each stage is ONE Newton step on the mean squared error f = ||r||^2 / N restricted to that
 *     stage's parameters. The network is linear in them (every non-gate factor has power 1, checked),
 *     so f is exactly quadratic there: gradient g = (2/N) J^T r, Hessian H = (2/N) J^T J, J the N x k
 *     stage Jacobian. The step solves H x = -g as the reference does (jacobiScaledNewtonSolve: zero
 *     rows dropped, Jacobi scaling, exact solve when cond <= 1e12, else the eps-cut pseudo-inverse);
 *     if g . x >= 0 the direction is -g instead;
 *   - then a strong-Wolfe line search along x (strongWolfeLineSearch: c1 = 1e-4, c2 = 0.9, first
 *     trial 1, at most 25 evaluations); phi(t) evaluates the network, phi'(t) = (2/N) (J x) . r(t).
 * `passes` > 1 repeats the stage sequence (the reference does one pass; more passes are a control).
 *
 * J^T J and J^T r are formed from the rows compressed exactly cell by cell (cellwiseRowCompression:
 * every stage column is a polynomial of degree <= m on each cell between knots), the same matrices
 * up to rounding, ~25x cheaper at N = 10,000, n = 100. Smooth gates use the N rows directly.
 *
 * What differs from the reference and cannot match: its random numbers (PyTorch's generator; ours is
 * seededRandom with the same distributions, see initialParams `spline-torch`), its data draw (numpy),
 * and the rounding of LAPACK's solvers against ours. Its protocol, thresholds and stage order are kept.
 */
import { activeSideDegree, type UnitForm } from '../core/unitForm.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import { affineValue, unitFactors } from '../network/unitFactors.js';
import { flattenParams, parameterLayout, unflattenParams, type NetworkParams } from '../network/networkParams.js';
import { compressRowsByCell, PROJECTION_TOLERANCE } from './cellwiseRowCompression.js';
import { jacobiScaledNewtonSolve, REFERENCE_SOLVE } from './jacobiScaledNewtonSolve.js';
import { STRONG_WOLFE_DEFAULTS, strongWolfeLineSearch } from './strongWolfeLineSearch.js';
import { FLOAT64_BACKEND } from './frozenGateLeastSquares.js';
import type { PaperNewtonDiagnostics, PaperNewtonStage, TrainingOutcome } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';

export interface PaperNewtonOptions {
  /** passes over the stage sequence (default 1, as the reference) */
  readonly passes?: number;
}

export const PAPER_NEWTON_DEFAULTS = { passes: 1 } as const;

/** A stage: 'D' (output weights and bias) or the index of a non-gate map in unit.maps. */
type Stage = { readonly name: string; readonly map: number | null };

/** The reference's stage order, generalised to any unit: D, each non-gate map, the last one again. */
export function paperNewtonStages(unit: UnitForm): string[] {
  return stagesOf(unit).map((s) => s.name);
}

function stagesOf(unit: UnitForm): Stage[] {
  const maps = unit.maps.slice(1).map((m, k) => ({ name: m.toUpperCase(), map: k + 1 }));
  return [{ name: 'D', map: null }, ...maps, ...(maps.length >= 2 ? [maps[maps.length - 1]] : [])];
}

/** Why the method cannot run on this unit (a stage would not be linear in its parameters), or null. */
export function paperNewtonRefusal(unit: UnitForm): string | null {
  const powered = unit.factors.filter((f) => f.power !== 1 && f.map !== unit.gate.map);
  if (powered.length === 0) return null;
  return `method paper-newton needs every non-gate factor to the first power (each stage must be linear in its parameters): unit ${unit.name} has ${powered.map((f) => `${f.map}^${f.power}`).join(', ')}`;
}

/** Flat indices of a stage's parameters: D_0..D_(n-1), d; or the map's weights then biases. */
function stageIndices(unit: UnitForm, n: number, stage: Stage): number[] {
  const layout = parameterLayout(unit, n);
  const out: number[] = [];
  if (stage.map === null) {
    for (let i = 0; i < n; i++) out.push(layout.outputWeight(i));
    out.push(layout.outputBias);
  } else {
    for (let i = 0; i < n; i++) out.push(layout.weight(stage.map, i));
    for (let i = 0; i < n; i++) out.push(layout.bias(stage.map, i));
  }
  return out;
}

/**
 * The N x k stage Jacobian, column-major, in stageIndices order. D stage: unit_i(x), then 1.
 * Map l: D_i * (product of the other factors) * x, then the same without x (the factor on map l
 * has power 1, so d unit / d z_l is the product of the others).
 */
function stageJacobian(unit: UnitForm, p: NetworkParams, xs: Float64Array, stage: Stage): Float64Array {
  const factors = unitFactors(unit);
  const maps = unit.maps.map((m) => p.maps[m]);
  const n = p.n;
  const N = xs.length;
  const k = stage.map === null ? n + 1 : 2 * n;
  const J = new Float64Array(N * k);
  const z = new Float64Array(maps.length);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < N; t++) {
      for (let l = 0; l < maps.length; l++) z[l] = affineValue(maps[l].weight, maps[l].bias, i, xs, t, 1);
      let product = 1;
      for (const f of factors) if (stage.map === null || f.mapIndex !== stage.map) product *= f.value(z[f.mapIndex]);
      if (stage.map === null) {
        J[t + i * N] = product;
      } else {
        const v = p.D[i] * product;
        J[t + i * N] = v * xs[t];
        J[t + (n + i) * N] = v;
      }
    }
  }
  if (stage.map === null) J.fill(1, n * N, (n + 1) * N);
  return J;
}

function meanSquare(r: Float64Array): number {
  let s = 0;
  for (let t = 0; t < r.length; t++) s += r[t] * r[t];
  return s / r.length;
}

/** Gradient (2/N) A^T b and Hessian (2/N) A^T A of the mean squared error, from M x k rows A (column-major). */
function stageNormalEquations(
  A: Float64Array,
  M: number,
  k: number,
  b: Float64Array,
  N: number,
): { H: Float64Array; g: Float64Array } {
  const H = new Float64Array(k * k);
  const g = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let i = 0; i < M; i++) s += A[i + a * M] * b[i];
    g[a] = (2 / N) * s;
    for (let c = 0; c <= a; c++) {
      let h = 0;
      for (let i = 0; i < M; i++) h += A[i + a * M] * A[i + c * M];
      H[a * k + c] = (2 / N) * h;
      H[c * k + a] = H[a * k + c];
    }
  }
  return { H, g };
}

/** The fixed context of a run: sorted data, the frozen gates' knots, and the residual of a parameter vector. */
interface RunContext {
  readonly unit: UnitForm;
  readonly n: number;
  readonly xs: Float64Array;
  readonly knots: readonly number[];
  /** compress rows cell by cell (relu gates) at this degree */
  readonly compress: boolean;
  readonly degree: number;
  residualAt(theta: Float64Array): Float64Array;
}

interface StageResult {
  readonly theta: Float64Array;
  readonly r: Float64Array;
  readonly record: PaperNewtonStage;
  readonly rawCells: number;
}

/** One stage: its normal equations, the reference's solve, the descent check and the strong-Wolfe search. */
function newtonStage(context: RunContext, stage: Stage, theta: Float64Array, r: Float64Array): StageResult {
  const { unit, n, xs } = context;
  const N = xs.length;
  const indices = stageIndices(unit, n, stage);
  const k = indices.length;
  const J = stageJacobian(unit, unflattenParams(unit, n, theta), xs, stage);
  const reduced = context.compress
    ? compressRowsByCell(J, N, k, r, xs, context.knots, context.degree)
    : { matrix: J, rows: N, rhs: r, rawCells: 0 };
  const { H, g } = stageNormalEquations(reduced.matrix, reduced.rows, k, reduced.rhs, N);
  const solve = jacobiScaledNewtonSolve(H, g, k);
  let direction = solve.x;
  let slope0 = 0;
  for (let a = 0; a < k; a++) slope0 += g[a] * direction[a];
  const steepestDescent = !(slope0 < 0);
  if (steepestDescent) {
    direction = g.map((v) => -v);
    slope0 = -g.reduce((s, v) => s + v * v, 0);
  }
  const lossBefore = meanSquare(r);
  const record = (step: number, evaluations: number, strongWolfe: boolean, lossAfter: number): PaperNewtonStage => ({
    stage: stage.name,
    parameters: k,
    kept: solve.kept,
    condition: solve.condition,
    pseudoInverse: solve.pseudoInverse,
    rank: solve.rank,
    steepestDescent,
    step,
    evaluations,
    strongWolfe,
    lossBefore,
    lossAfter,
  });
  // g = 0: the stage is already at its minimum.
  if (!(slope0 < 0)) return { theta, r, record: record(0, 0, false, lossBefore), rawCells: reduced.rawCells };
  // J x once: the stage is linear, so J is the same along the whole line.
  const Jd = new Float64Array(N);
  for (let a = 0; a < k; a++) {
    const da = direction[a];
    if (da === 0) continue;
    for (let t = 0; t < N; t++) Jd[t] += J[t + a * N] * da;
  }
  let directionScale = 0;
  for (const v of direction) directionScale = Math.max(directionScale, Math.abs(v));
  const along = (step: number): Float64Array => {
    const trial = Float64Array.from(theta);
    indices.forEach((index, a) => (trial[index] += step * direction[a]));
    return trial;
  };
  const evaluated = new Map<number, Float64Array>();
  const search = strongWolfeLineSearch(
    (step) => {
      const rt = context.residualAt(along(step));
      evaluated.set(step, rt);
      let slope = 0;
      for (let t = 0; t < N; t++) slope += Jd[t] * rt[t];
      return { value: meanSquare(rt), slope: (2 / N) * slope };
    },
    lossBefore,
    slope0,
    { directionScale },
  );
  const next = search.step > 0 ? along(search.step) : theta;
  const rNext = search.step > 0 ? (evaluated.get(search.step) ?? context.residualAt(next)) : r;
  return {
    theta: next,
    r: rNext,
    record: record(search.step, search.evaluations, search.strongWolfe, meanSquare(rNext)),
    rawCells: reduced.rawCells,
  };
}

export function paperNewton(
  unit: UnitForm,
  start: NetworkParams,
  xsGiven: Float64Array,
  ysGiven: Float64Array,
  options: PaperNewtonOptions = {},
): TrainingOutcome {
  const refusal = paperNewtonRefusal(unit);
  if (refusal) throw new RangeError(refusal);
  const passes = options.passes ?? PAPER_NEWTON_DEFAULTS.passes;
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`paperNewton: passes must be >= 1, got ${passes}`);
  const order = Array.from(xsGiven.keys()).sort((p, q) => xsGiven[p] - xsGiven[q]);
  const xs = Float64Array.from(order, (k) => xsGiven[k]);
  const ys = Float64Array.from(order, (k) => ysGiven[k]);
  const n = start.n;
  const gate = start.maps[unit.gate.map];
  const context: RunContext = {
    unit,
    n,
    xs,
    knots: Array.from(gate.bias, (g, i) => -g / gate.weight[i])
      .filter(Number.isFinite)
      .sort((a, b) => a - b),
    compress: unit.piecewisePolynomial,
    degree: activeSideDegree(unit),
    residualAt(values) {
      const y = evaluateNetwork(unit, unflattenParams(unit, n, values), xs);
      for (let t = 0; t < xs.length; t++) y[t] -= ys[t];
      return y;
    },
  };
  let theta = flattenParams(unit, start);
  let r = context.residualAt(theta);
  const startLoss = meanSquare(r);
  const stages: PaperNewtonStage[] = [];
  let rawCells = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const stage of stagesOf(unit)) {
      const result = newtonStage(context, stage, theta, r);
      theta = result.theta;
      r = result.r;
      stages.push(result.record);
      rawCells = Math.max(rawCells, result.rawCells);
    }
  }
  const diagnostics: PaperNewtonDiagnostics = {
    kind: 'paper-newton',
    parameters: theta.length,
    points: xs.length,
    passes,
    stages,
    startLoss,
    finalLoss: meanSquare(r),
    compressed: context.compress,
    rawCells,
    projectionTolerance: PROJECTION_TOLERANCE,
    conditionThreshold: REFERENCE_SOLVE.conditionThreshold,
    lineSearch: {
      c1: STRONG_WOLFE_DEFAULTS.c1,
      c2: STRONG_WOLFE_DEFAULTS.c2,
      maxEvaluations: STRONG_WOLFE_DEFAULTS.maxEvaluations,
    },
  };
  return {
    params: unflattenParams(unit, n, theta),
    iterations: stages.length,
    stopReason: `${passes} pass${passes === 1 ? '' : 'es'} of stages ${paperNewtonStages(unit).join(', ')}`,
    diagnostics,
    notes: renderDiagnostics(diagnostics),
    backend: FLOAT64_BACKEND,
  };
}
