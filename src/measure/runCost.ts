/**
 * What one measurement run costs, estimated before it starts from the method, the width n, the
 * training points N, the parameter count P, the unit's degrees and the test grid T
 * (core/testGrid.ts: max(20001, 32 n + 1)). Simple, conservative (rounded up) models of the arrays
 * each method allocates and of its arithmetic; bytes are float64 (8) unless said. They decide
 * refusals (core/resourceBudget.ts) and the estimate printed before long runs, never a result.
 *
 * lsq (banded, src/linalg/frozenGateSpline.ts), spline degree m = a + s, knot multiplicity mu = s + 1,
 * nb = n mu + m + 1 coefficients, band w = m + 1 + mu:
 *   bytes   = 36 N (data, its sorted copy and order) + 8 nb (2 w + 2 w (m + 1) + mu w + 4)
 *             (two banded factors, double-double jumps, tie-break rows, gradients) + 32 T (test grid)
 *   seconds = 2e-8 w^2 (2 N + 50 nb) + 5e-8 min(n (n + 1)(m + 2), 4e6) + 1e-8 (m + 1)^2 T
 * lsq, dense fallback (solveLeastSquares of the N x c design, c = n mu + 1; only where the banded
 * fit declines, which spline-initialised and constructed gates never make it do):
 *   bytes   = 8 N (2 c + 2) + lsq's data,   seconds = 2 N c^2 / 3e8
 * lsq, smooth gates (src/train/smoothGateLeastSquares.ts: no banded basis, always the dense QR of the
 *   N x c design, c = n (s + 1) + 1): the dense fallback's bytes and seconds
 * lm (src/train/levenbergMarquardt.ts), k maps, d = active-side degree, M rows after the cellwise
 * compression (2 (n + 1)(d + 1), at most N; N for smooth gates):
 *   bytes   = 8 (N P + M P + 2 (M + P)(P + 1) + 6 N) + 8 N (the sort's index array) + 32 T, plus the lsq start
 *   seconds = iterations (2e-8 N P + 2 (2 (M + P) P^2 / 3e8 + 1e-8 N n k)) + 1e-8 n k T for smooth gates;
 *             relu gates take the structured step: iterations (8e-8 N (d + 2) + 4e-6 n (P / n)^2) + ...
 *             (measured 46 ms an iteration for the GQU at n = 256, N = 10,000; the dense formula said 3,000x more)
 * varpro, paper-newton: optimizerCost below
 * adam (TF.js float32, k maps): bytes = 4 N n (8 k + 8) + 32 T + 16 N (the forward and backward
 *   tensors, N x n each); seconds = epochs 2e-8 N n k + 1e-8 n k T
 * Every method first draws its N points (about 1 us each with the target) and sorts them by a
 * comparator, whose two work arrays (16 N bytes) live on V8's heap, which has its own limit.
 * The time constants (about 3e8 flop/s, 10..50 ns per network term) are this 2-core machine's single
 * core, rounded pessimistic; they only size the printed estimate.
 *
 * Examples:  measureRunCost(analysedUnit(parseUnit('gqu')), { method: 'lm', init: 'lsq', n: 64, data: 1e7, maxIterations: 50 })
 */
import type { Start, TrainedMethod } from '../core/methods.js';
import { testGridPoints } from '../core/testGrid.js';
import { activeSideDegree } from '../core/unitForm.js';
import { parameterCount } from '../network/networkParams.js';
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';

export interface RunCost {
  /** peak memory of the run, bytes */
  readonly bytes: number;
  /** of which on V8's heap (plain arrays: the sorts' work arrays, 16 N), bytes */
  readonly heapBytes: number;
  /** single-core time, seconds (rough) */
  readonly seconds: number;
}

/** Drawing N points, evaluating the target there and sorting them: about 1 us and a comparator sort per point. */
function dataSeconds(N: number): number {
  return 1e-6 * N + 5e-8 * N * Math.log2(Math.max(N, 2));
}

export interface RunSize {
  readonly method: TrainedMethod;
  readonly init: Start;
  readonly n: number;
  /** training points N */
  readonly data: number;
  readonly maxIterations: number;
}

const FLOAT = 8;
const FLOPS = 3e8;
/** Column evaluations the banded cross-check may spend (splineCrossCheck.ts FULL_CHECK_WORK). */
const CHECK_WORK = 4e6;

function testGridBytes(n: number): number {
  return 4 * FLOAT * testGridPoints(n);
}

/** The banded lsq fit (and its test RMSE). */
function bandedLsqCost(analysed: AnalysedUnit, n: number, N: number): RunCost {
  const family = analysed.frozenGate;
  const a = family?.knotPower ?? 1;
  const s = family?.freeDegree ?? 1;
  const m = a + s;
  const mu = s + 1;
  const nb = n * mu + m + 1;
  const w = m + 1 + mu;
  const T = testGridPoints(n);
  return {
    bytes: 36 * N + FLOAT * nb * (2 * w + 2 * w * (m + 1) + mu * w + 4) + testGridBytes(n),
    heapBytes: 16 * N,
    seconds:
      dataSeconds(N) +
      2e-8 * w * w * (2 * N + 50 * nb) +
      5e-8 * Math.min(n * (n + 1) * (m + 2), CHECK_WORK) +
      1e-8 * (m + 1) ** 2 * T,
  };
}

/** The dense lsq solve, where the banded one declines: the N x c design and the solver's working copy. */
export function denseLsqCost(analysed: AnalysedUnit, n: number, N: number): RunCost {
  const c = n * (((analysed.frozenGate ?? analysed.smoothFrozenGate)?.freeDegree ?? 1) + 1) + 1;
  return {
    bytes: FLOAT * N * (2 * c + 2) + 36 * N + testGridBytes(n),
    heapBytes: 16 * N,
    seconds: dataSeconds(N) + (2 * N * c * c) / FLOPS,
  };
}

function levenbergMarquardtCost(analysed: AnalysedUnit, size: RunSize): RunCost {
  const unit = analysed.form;
  const { n, data: N, maxIterations } = size;
  const P = parameterCount(unit, n);
  const k = unit.maps.length;
  const M = unit.piecewisePolynomial ? Math.min(N, 2 * (n + 1) * (activeSideDegree(unit) + 1)) : N;
  const own: RunCost = {
    bytes: FLOAT * (N * P + M * P + 2 * (M + P) * (P + 1) + 6 * N) + FLOAT * N + testGridBytes(n),
    heapBytes: 16 * N,
    seconds:
      dataSeconds(N) +
      maxIterations *
        (unit.piecewisePolynomial
          ? // the structured step: per-cell polynomials and a band factorisation, O(N + n b^2) with b = P / n
            8e-8 * N * (activeSideDegree(unit) + 2) + 4e-6 * n * (P / n) ** 2
          : 2e-8 * N * P + 2 * ((2 * (M + P) * P * P) / FLOPS + 1e-8 * N * n * k)) +
      1e-8 * n * k * testGridPoints(n),
  };
  return withStart(analysed, size, own);
}

/**
 * varpro and paper-newton: memory as adam's model (conservative: both hold a compressed design and the
 * network's per-point values); time per iteration, resp. per pass over the stages:
 *   varpro        1.6e-7 n^3 + 1e-7 N   (dense QR of the compressed design and of the stacked step, O(n^3);
 *                 measured on the GLU, paper target: 1.0 s at n = 256 and 10.4 s at n = 512, this machine)
 *   paper-newton  k (N q^2 + q^3) / 3e8, q = 2 n + 1 (one Newton step per stage on its normal equations;
 *                 measured on the GQU at n = 256: 7.9 s a pass)
 * both rounded up about 2-3x from those measurements.
 */
function optimizerCost(analysed: AnalysedUnit, size: RunSize): RunCost {
  const { n, data: N, maxIterations } = size;
  const k = analysed.form.maps.length;
  const q = 2 * n + 1;
  const perIteration = size.method === 'varpro' ? 1.6e-7 * n ** 3 + 1e-7 * N : (k * (N * q * q + q ** 3)) / FLOPS;
  const memory = adamCost(analysed, { ...size, init: 'spline' });
  return {
    bytes: memory.bytes,
    heapBytes: memory.heapBytes,
    seconds: dataSeconds(N) + maxIterations * perIteration + 1e-8 * n * k * testGridPoints(n),
  };
}

function adamCost(analysed: AnalysedUnit, size: RunSize): RunCost {
  const { n, data: N, maxIterations } = size;
  const k = analysed.form.maps.length;
  const own: RunCost = {
    bytes: 4 * N * n * (8 * k + 8) + testGridBytes(n) + 2 * FLOAT * N,
    heapBytes: 0,
    seconds: dataSeconds(N) + maxIterations * 2e-8 * N * n * k + 1e-8 * n * k * testGridPoints(n),
  };
  return withStart(analysed, size, own);
}

/** The lsq fit: banded for relu gates, the dense QR for smooth ones. */
function lsqCost(analysed: AnalysedUnit, n: number, N: number): RunCost {
  return analysed.smoothFrozenGate ? denseLsqCost(analysed, n, N) : bandedLsqCost(analysed, n, N);
}

/** An iterative method started from the lsq fit holds both at once at the start's end. */
function withStart(analysed: AnalysedUnit, size: RunSize, own: RunCost): RunCost {
  if (size.init !== 'lsq') return own;
  const start = lsqCost(analysed, size.n, size.data);
  return {
    bytes: own.bytes + start.bytes,
    heapBytes: Math.max(own.heapBytes, start.heapBytes),
    seconds: own.seconds + start.seconds,
  };
}

/** The estimated peak memory and time of one run. */
export function measureRunCost(analysed: AnalysedUnit, size: RunSize): RunCost {
  if (size.method === 'lsq') return lsqCost(analysed, size.n, size.data);
  if (size.method === 'lm') return levenbergMarquardtCost(analysed, size);
  if (size.method === 'varpro' || size.method === 'paper-newton') return optimizerCost(analysed, size);
  return adamCost(analysed, size);
}

/**
 * lm in d dimensions (src/train/ddimLevenbergMarquardt.ts) on N points with P parameters, q of them
 * re-solved linearly after each accepted step, m = max(N, P):
 *   bytes   = 8 (2 N P + m P + N (2 q + 1) + 10 N)  (the Jacobian and its scaled form, the
 *             bidiagonalisation's copy, the re-solve's Jacobian, design and QR copy; vectors)
 *   seconds = iterations (4 m P^2 + 2 N q^2) / 3e8  (one Householder bidiagonalisation and one
 *             pivoted QR per iteration; the O(N P) Jacobian and trial steps are lower order)
 * The lsq start (8 (2 N (p + 1) + p^2), train/ridgeFeatureLeastSquares.ts) is freed before lm runs.
 */
export function ddimLmCost(N: number, P: number, q: number, iterations: number): RunCost {
  const m = Math.max(N, P);
  return {
    bytes: FLOAT * (2 * N * P + m * P + N * (2 * q + 1) + 10 * N),
    heapBytes: 0,
    seconds: (iterations * (4 * m * P * P + 2 * N * q * q)) / FLOPS,
  };
}
