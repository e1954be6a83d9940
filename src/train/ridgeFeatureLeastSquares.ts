/**
 * `lsq` in d dimensions: the gates are frozen, and the rest of the network is an exact linear least
 * squares fit, float64, by column-scaled pivoted Householder QR (linalg/leastSquaresQr, minimum-norm
 * when rank-deficient). With random gates this is a random-features model: the error it measures
 * is that of the best network with those gates, not of the best network of that width.
 *
 * The linear family is the one the symbolic analysis found (symbolic/analysedUnit, FrozenGateFamily):
 * neuron i contributes relu(z_i)^a p_i(x), z_i = w_i . x + b_i, with p_i a constant (s = 0: MLP,
 * relu^k) or an affine function of x (s = 1: GLU, and GQU through the tie U = G, u = g), plus one
 * constant column (the output bias). So the linear unknowns number n + 1 (s = 0) or (d + 1) n + 1
 * (s = 1), while the network has P = (k (d + 1) + 1) n + 1 parameters for k maps.
 *
 * The coefficients are written back as network parameters (gate map: w, b; a tied map equals the
 * gate; a map held constant is 0 . x + 1; the free map carries p_i and D_i = 1; without a free map
 * D_i carries the coefficient), so the fitted model is evaluated by network/evaluateNetwork.
 *
 * Shapes: X N x d row-major; the design is N x p column-major, column i (s + 1) + j for neuron i,
 * j = 0 the constant of p_i and j = k the coefficient of x_k; the last column is the constant.
 *
 * Examples:  ridgeFeatureLeastSquares(analysedUnit(parseUnit('glu')), gates, X, y, 2000, 2)
 */
import { totalmem } from 'node:os';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { zeroParams, type AffineMapParams, type NetworkParams } from '../network/networkParams.js';

export interface RidgeFeatureFit {
  readonly params: NetworkParams;
  /** number of linear unknowns p */
  readonly unknowns: number;
  /** numerical rank of the column-scaled design */
  readonly rank: number;
  readonly rankDeficient: boolean;
  readonly conditionEstimate: number;
}

/** Linear unknowns of the frozen-gate family: (s d + 1) n + 1. */
export function ridgeFeatureUnknowns(unit: AnalysedUnit, n: number, d: number): number {
  const s = frozenFamily(unit).freeDegree;
  return (s * d + 1) * n + 1;
}

/**
 * Bytes the fit holds at its peak: the design and the solver's scaled working copy (8 N p each),
 * and, when the design is rank-deficient, the p x rank complete-orthogonal factor (8 p^2 at most).
 */
export function ridgeFeatureBytes(N: number, p: number): number {
  return 8 * (2 * N * (p + 1) + p * p);
}

/**
 * Why a fit of p unknowns on N points cannot run here (one line), or null. The ceiling is half the
 * machine's memory: the process also holds the data, the test set and Node itself.
 */
export function ridgeFeatureMemoryRefusal(N: number, p: number, machineBytes: number = totalmem()): string | null {
  const need = ridgeFeatureBytes(N, p);
  if (need <= machineBytes / 2) return null;
  const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return `lsq with ${p} unknowns on ${N} points needs about ${gib(need)} (design and QR copy, 8 bytes x 2 N p + p^2), over half of this machine's ${gib(machineBytes)}`;
}

function frozenFamily(unit: AnalysedUnit): NonNullable<AnalysedUnit['frozenGate']> {
  if (!unit.frozenGate)
    throw new RangeError(`ridgeFeatureLeastSquares: unit ${unit.form.name} has no frozen-gate family`);
  return unit.frozenGate;
}

export function ridgeFeatureLeastSquares(
  unit: AnalysedUnit,
  gates: AffineMapParams,
  X: Float64Array,
  y: Float64Array,
  N: number,
  d: number,
): RidgeFeatureFit {
  const family = frozenFamily(unit);
  const n = gates.bias.length;
  const a = family.knotPower;
  const s = family.freeDegree;
  const per = s * d + 1;
  const p = per * n + 1;
  const A = new Float64Array(N * p);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < N; t++) {
      let z = gates.bias[i];
      for (let k = 0; k < d; k++) z += gates.weight[i * d + k] * X[t * d + k];
      if (!(z > 0)) continue;
      const g = a === 1 ? z : z ** a;
      const col = i * per;
      A[t + col * N] = g;
      if (s === 1) for (let k = 0; k < d; k++) A[t + (col + 1 + k) * N] = g * X[t * d + k];
    }
  }
  A.fill(1, (p - 1) * N, p * N);
  const solution = solveLeastSquares(A, N, p, y);
  return {
    params: networkFromCoefficients(unit, gates, solution.x, d),
    unknowns: p,
    rank: solution.rank,
    rankDeficient: solution.rankDeficient,
    conditionEstimate: solution.conditionEstimate,
  };
}

/** The network whose output equals the frozen-gate model with coefficients alpha (layout above). */
function networkFromCoefficients(
  unit: AnalysedUnit,
  gates: AffineMapParams,
  alpha: Float64Array,
  d: number,
): NetworkParams {
  const family = frozenFamily(unit);
  const n = gates.bias.length;
  const s = family.freeDegree;
  const per = s * d + 1;
  const params = zeroParams(unit.form, n, d);
  const [gateMap, ...others] = unit.form.maps;
  params.maps[gateMap].weight.set(gates.weight);
  params.maps[gateMap].bias.set(gates.bias);
  for (const map of others) {
    const role = family.roles[map];
    const target = params.maps[map];
    if (role === 'tie') {
      target.weight.set(gates.weight);
      target.bias.set(gates.bias);
    } else if (role === 'const') {
      target.bias.fill(1);
    } else if (map === family.freeMap) {
      for (let i = 0; i < n; i++) {
        target.bias[i] = alpha[i * per];
        for (let k = 0; k < d; k++) target.weight[i * d + k] = alpha[i * per + 1 + k];
      }
    } else {
      throw new RangeError(
        `ridgeFeatureLeastSquares: map ${map} has role ${role}, which the frozen family does not use`,
      );
    }
  }
  for (let i = 0; i < n; i++) params.D[i] = s === 1 ? 1 : alpha[i * per];
  params.d = alpha[n * per];
  return params;
}
