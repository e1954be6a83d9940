/**
 * The Levenberg-Marquardt step of a relu-gated network in O(n) per damping value, every parameter free
 * (gates included), without the N x P Jacobian, float64.
 *
 * Structure (knotCells.ts, neuronPolynomials.ts): on each cell c the network is one polynomial of degree
 * m; a step delta changes it by a polynomial b_c (coefficients in the cell's frame), and the linearised
 * residual there is V_c b_c + r_c. Split b_c = L_c + R_c: L collects the right-facing neurons, swept from
 * the left (L_0 = d and the neurons active on the whole data), R the left-facing ones, swept from the right:
 *   L_c - T_(c-1->c) L_(c-1) = sum of W_i y_i over right-facing neurons whose active side starts at c,
 *   R_c - T_(c+1->c) R_(c+1) = sum of W_i y_i over left-facing neurons whose active side ends at c,
 * with T the change of frame between neighbouring cells and W_i = (neuron i's derivative polynomials) C_i
 * (parameterScaling.ts: delta_i = C_i y_i). Every neuron enters exactly one of these "jump" equations.
 * With the cells' QR (cellVandermondeQr.ts) the damped problem
 *   min sum_c ||R_c b_c + Q_c^T r_c||^2 + lambda ||y||^2   subject to the jump equations
 * has the optimality (KKT) system
 *   [ H   D^T      ] [ b  ]   [ -R^T Q^T r ]
 *   [ D   -M/lambda] [ mu ] = [  0         ],   M = W W^T (block diagonal),  y = W^T mu / lambda,
 * with H block diagonal (R_c^T R_c on both halves of b_c) and D the block bidiagonal jump operator. In
 * the order mu_L0 | L_0 R_0 | mu_L1 mu_R0 | L_1 R_1 | ... | L_K R_K | mu_RK it is a band matrix of
 * half-bandwidth 3q - 1 (q = m + 1), nonsingular for lambda > 0 even when cells are short or neurons
 * dead, and solved by banded LU with partial pivoting after equilibration, with refinement (bandedLu.ts):
 * O(n q^3) per lambda. The solution is the exact minimiser of ||J delta + r||^2 + lambda ||y||^2, the same
 * step as the dense path (levenbergMarquardt's check, tested to a stated tolerance).
 *
 * Two-sided sweeps (rather than accumulating every neuron from the left) keep M block diagonal with no
 * dense border: with one sweep, left-facing neurons also feed the first cell and the step loses accuracy
 * as n grows (measured 8e-5 relative at n = 512, against 1e-15 two-sided).
 *
 * Per iteration, once: the cells, their QR, the W blocks, M, the frame changes and the gradient with the
 * column norms (for the stop test and Moré's scaling); per damping trial only the band solve.
 */
import { BandMatrix, solveBanded } from '../linalg/bandedLu.js';
import { frameChange } from '../linalg/shiftedPolynomial.js';
import { neuronPolynomialBuffers, neuronPolynomials, type NeuronShape } from '../network/neuronPolynomials.js';
import type { ParameterLayout } from '../network/networkParams.js';
import type { CellVandermondeQr } from './cellVandermondeQr.js';
import type { DampedStep, Linearisation } from './dampedStep.js';
import { RIGHT, type KnotCells } from './knotCells.js';
import { ownParameterIndex, type ParameterScaling } from './parameterScaling.js';

/** A step of the band solve, with its normwise backward error after refinement. */
export interface StructuredDampedStep extends DampedStep {
  readonly backwardError: number;
}

export interface StructuredLinearisation extends Linearisation {
  damped(scaling: ParameterScaling): (lambda: number) => StructuredDampedStep;
}

interface CellData {
  /** R_c^T Q_c^T r_c, length q */
  readonly v: Float64Array[];
  /** R_c^T R_c, q x q row-major */
  readonly gram: Float64Array[];
}

function cellData(qr: CellVandermondeQr, count: number, projected: Float64Array): CellData {
  const q = qr.q;
  const v: Float64Array[] = [];
  const gram: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    const r0 = qr.rowOffset[c];
    const rows = qr.rowOffset[c + 1] - r0;
    const vc = new Float64Array(q);
    const gc = new Float64Array(q * q);
    for (let k = 0; k < rows; k++) {
      const row = (r0 + k) * q;
      const rk = projected[r0 + k];
      for (let j = 0; j < q; j++) {
        const a = qr.upper[row + j];
        if (a === 0) continue;
        vc[j] += a * rk;
        for (let j2 = 0; j2 < q; j2++) gc[j * q + j2] += a * qr.upper[row + j2];
      }
    }
    v.push(vc);
    gram.push(gc);
  }
  return { v, gram };
}

/**
 * Gradient J^T r and column norms ||J_j|| in O(n q^2 + K q^3). Column p of a right-facing neuron i is its
 * derivative polynomial P on every cell c >= cell[i], P_c = T_(c-1->c) P_(c-1), so
 *   (J^T r)_p = sum_c P_c . v_c = P_(cell[i]) . V_(cell[i]),      V_c = v_c + T_(c->c+1)^T V_(c+1),
 *   ||J_p||^2 = sum_c P_c^T G_c P_c = P^T Gamma_(cell[i]) P,        Gamma_c = G_c + T^T Gamma_(c+1) T,
 * with v_c = R_c^T Q_c^T r_c and G_c = R_c^T R_c; left-facing neurons sweep the other way. (The adjoint of
 * the jump recursion: the same sums as cell by cell, grouped differently.)
 */
function gradientAndNorms(
  layout: ParameterLayout,
  cells: KnotCells,
  data: CellData,
  jumps: ReadonlyMap<number, Float64Array>,
  frameChanges: FrameChanges,
  q: number,
  residualSum: number,
  points: number,
): { gradient: Float64Array; columnNorms: Float64Array } {
  const K1 = cells.count;
  const sweep = (from: number, to: number, step: number, change: (c: number) => Float64Array) => {
    const V: Float64Array[] = new Array(K1);
    const Gamma: Float64Array[] = new Array(K1);
    for (let c = from; c !== to; c += step) {
      const v = Float64Array.from(data.v[c]);
      const G = Float64Array.from(data.gram[c]);
      const prev = c - step;
      if (prev >= 0 && prev < K1 && c !== from) {
        const T = change(c);
        const Vp = V[prev];
        const Gp = Gamma[prev];
        for (let j = 0; j < q; j++) {
          let s = 0;
          for (let a = 0; a < q; a++) s += T[a * q + j] * Vp[a];
          v[j] += s;
        }
        const GT = new Float64Array(q * q); // Gp T
        for (let a = 0; a < q; a++)
          for (let j = 0; j < q; j++) {
            let s = 0;
            for (let b = 0; b < q; b++) s += Gp[a * q + b] * T[b * q + j];
            GT[a * q + j] = s;
          }
        for (let i = 0; i < q; i++)
          for (let j = 0; j < q; j++) {
            let s = 0;
            for (let a = 0; a < q; a++) s += T[a * q + i] * GT[a * q + j];
            G[i * q + j] += s;
          }
      }
      V[c] = v;
      Gamma[c] = G;
    }
    return { V, Gamma };
  };
  // Right-facing neurons: accumulate from the last cell down; T_(c -> c+1) = frameChanges.toRight[c + 1].
  const right = sweep(K1 - 1, -1, -1, (c) => frameChanges.toRight[c + 1]);
  // Left-facing: from the first cell up; T_(c -> c-1) = frameChanges.toLeft[c - 1].
  const left = sweep(0, K1, 1, (c) => frameChanges.toLeft[c - 1]);
  const P = layout.size;
  const gradient = new Float64Array(P);
  const norms2 = new Float64Array(P);
  for (const [i, W] of jumps) {
    const c = cells.cell[i];
    const { V, Gamma } = cells.side[i] === RIGHT ? right : left;
    const v = V[c];
    const G = Gamma[c];
    const block = W.length / q;
    for (let p = 0; p < block; p++) {
      let dot = 0;
      let quad = 0;
      for (let a = 0; a < q; a++) {
        const w = W[a * block + p];
        if (w === 0) continue;
        dot += w * v[a];
        let row = 0;
        for (let b = 0; b < q; b++) row += G[a * q + b] * W[b * block + p];
        quad += w * row;
      }
      const index = ownParameterIndex(layout, i, p);
      gradient[index] = dot;
      norms2[index] = quad;
    }
  }
  gradient[layout.outputBias] = residualSum;
  norms2[layout.outputBias] = points;
  return { gradient, columnNorms: norms2.map((v) => Math.sqrt(Math.max(v, 0))) };
}

interface FrameChanges {
  /** toRight[c] = T_(c-1 -> c) for c >= 1 */
  readonly toRight: readonly Float64Array[];
  /** toLeft[c] = T_(c+1 -> c) for c <= K - 1 */
  readonly toLeft: readonly Float64Array[];
}

/** The per-iteration part: cells, QR, projected residual, gradient; then any number of damped steps. */
export function structuredLinearisation(
  shape: NeuronShape,
  theta: Float64Array,
  layout: ParameterLayout,
  cells: KnotCells,
  qr: CellVandermondeQr,
  r: Float64Array,
): StructuredLinearisation {
  const q = shape.degree + 1;
  const K1 = cells.count;
  const projected = qr.projectResidual(r);
  const data = cellData(qr, K1, projected);
  let residualSum = 0;
  for (const value of r) residualSum += value;
  // Raw jump blocks W_i (q x block, column p = derivative polynomial p) in the frame of cell[i].
  const block = shape.parametersPerNeuron;
  const buffers = neuronPolynomialBuffers(shape);
  const rawJump = new Map<number, Float64Array>();
  for (const i of [...cells.rightNeurons, ...cells.leftNeurons]) {
    neuronPolynomials(shape, theta, layout, i, cells.frames[cells.cell[i]], buffers);
    const W = new Float64Array(q * block);
    buffers.derivatives.forEach((poly, p) => {
      for (let j = 0; j < q; j++) W[j * block + p] = poly[j];
    });
    rawJump.set(i, W);
  }
  const toRight: Float64Array[] = []; // T_(c-1 -> c), c >= 1
  const toLeft: Float64Array[] = []; // T_(c+1 -> c), c <= K - 1
  for (let c = 0; c < K1; c++) {
    toRight.push(c > 0 ? frameChange(cells.frames[c - 1], cells.frames[c], q) : new Float64Array(0));
    toLeft.push(c < K1 - 1 ? frameChange(cells.frames[c + 1], cells.frames[c], q) : new Float64Array(0));
  }
  // Gradient and column norms only when asked for (the linear re-solve does not need them).
  let moments: { gradient: Float64Array; columnNorms: Float64Array } | null = null;
  const gradientMoments = (): { gradient: Float64Array; columnNorms: Float64Array } =>
    (moments ??= gradientAndNorms(layout, cells, data, rawJump, { toRight, toLeft }, q, residualSum, r.length));

  const damped = (scaling: ParameterScaling): ((lambda: number) => StructuredDampedStep) => {
    // Scaled jump blocks W_i C_i and the block-diagonal M = sum W_i C_i (W_i C_i)^T per jump equation.
    const scaled = new Map<number, Float64Array>();
    const mLeft = Array.from({ length: K1 }, () => new Float64Array(q * q)); // for the L sweep
    const mRight = Array.from({ length: K1 }, () => new Float64Array(q * q)); // for the R sweep
    for (const [i, W] of rawJump) {
      const C = scaling.neuronTransform(i);
      const Wc = new Float64Array(q * block);
      for (let a = 0; a < q; a++)
        for (let p = 0; p < block; p++) {
          let s = 0;
          for (let p2 = 0; p2 < block; p2++) s += W[a * block + p2] * C[p2 * block + p];
          Wc[a * block + p] = s;
        }
      scaled.set(i, Wc);
      const target = cells.side[i] === RIGHT ? mLeft[cells.cell[i]] : mRight[cells.cell[i]];
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) {
          let s = 0;
          for (let p = 0; p < block; p++) s += Wc[a * block + p] * Wc[b * block + p];
          target[a * q + b] += s;
        }
    }
    mLeft[0][0] += scaling.outputBiasFactor ** 2; // d: the constant polynomial in cell 0's frame
    return (lambda: number): StructuredDampedStep => stepFor(lambda, scaling, scaled, mLeft, mRight);
  };
  const stepFor = (
    lambda: number,
    scaling: ParameterScaling,
    scaled: ReadonlyMap<number, Float64Array>,
    mLeft: readonly Float64Array[],
    mRight: readonly Float64Array[],
  ): StructuredDampedStep => {
    const kkt = assembleKkt(q, K1, data, toRight, toLeft, mLeft, mRight, lambda);
    const solved = solveBanded(kkt.matrix, kkt.rhs);
    const x = solved.x;
    const delta = new Float64Array(layout.size);
    let scaledNorm2 = 0;
    for (const [i, Wc] of scaled) {
      const mu = cells.side[i] === RIGHT ? kkt.muL(cells.cell[i]) : kkt.muR(cells.cell[i]);
      const C = scaling.neuronTransform(i);
      const y = new Float64Array(block);
      for (let p = 0; p < block; p++) {
        let s = 0;
        for (let a = 0; a < q; a++) s += Wc[a * block + p] * x[mu + a];
        y[p] = s / lambda;
        scaledNorm2 += y[p] * y[p];
      }
      for (let p = 0; p < block; p++) {
        let s = 0;
        for (let p2 = 0; p2 < block; p2++) s += C[p * block + p2] * y[p2];
        delta[ownParameterIndex(layout, i, p)] = s;
      }
    }
    const yd = (scaling.outputBiasFactor * x[kkt.muL(0)]) / lambda;
    scaledNorm2 += yd * yd;
    delta[layout.outputBias] = scaling.outputBiasFactor * yd;
    // predicted reduction: sum_c ||r~_c||^2 - ||R_c b_c + r~_c||^2 = -sum_c (2 r~_c . R_c b_c + ||R_c b_c||^2)
    let predicted = 0;
    for (let c = 0; c < K1; c++) {
      const r0 = qr.rowOffset[c];
      const rows = qr.rowOffset[c + 1] - r0;
      const lc = kkt.cellL(c);
      const rc = kkt.cellR(c);
      for (let k = 0; k < rows; k++) {
        let rb = 0;
        for (let j = 0; j < q; j++) rb += qr.upper[(r0 + k) * q + j] * (x[lc + j] + x[rc + j]);
        predicted -= rb * (2 * projected[r0 + k] + rb);
      }
    }
    return { delta, scaledNorm2, predicted, backwardError: solved.backwardError };
  };
  return {
    rows: qr.rowOffset[K1],
    get gradient() {
      return gradientMoments().gradient;
    },
    get columnNorms() {
      return gradientMoments().columnNorms;
    },
    damped,
  };
}

interface Kkt {
  readonly matrix: BandMatrix;
  readonly rhs: Float64Array;
  cellL(c: number): number;
  cellR(c: number): number;
  muL(c: number): number;
  muR(c: number): number;
}

function assembleKkt(
  q: number,
  K1: number,
  data: CellData,
  toRight: readonly Float64Array[],
  toLeft: readonly Float64Array[],
  mLeft: readonly Float64Array[],
  mRight: readonly Float64Array[],
  lambda: number,
): Kkt {
  const K = K1 - 1;
  const size = 4 * q * K1;
  const band = 3 * q - 1;
  const matrix = new BandMatrix(size, band, band);
  const rhs = new Float64Array(size);
  const cellL = (c: number): number => q + 4 * q * c;
  const cellR = (c: number): number => 2 * q + 4 * q * c;
  const muL = (c: number): number => (c === 0 ? 0 : 4 * q * c - q);
  const muR = (c: number): number => (c === K ? 3 * q + 4 * q * K : 4 * q + 4 * q * c);
  const putBlock = (row: number, col: number, B: Float64Array, sign: number, symmetric: boolean): void => {
    matrix.addBlock(row, col, B, q, sign);
    if (symmetric) matrix.addBlock(col, row, B, q, sign, true);
  };
  const identity = new Float64Array(q * q);
  for (let a = 0; a < q; a++) identity[a * q + a] = 1;
  for (let c = 0; c < K1; c++) {
    const A = data.gram[c];
    putBlock(cellL(c), cellL(c), A, 1, false);
    putBlock(cellL(c), cellR(c), A, 1, false);
    putBlock(cellR(c), cellL(c), A, 1, false);
    putBlock(cellR(c), cellR(c), A, 1, false);
    for (let j = 0; j < q; j++) {
      rhs[cellL(c) + j] = -data.v[c][j];
      rhs[cellR(c) + j] = -data.v[c][j];
    }
    putBlock(muL(c), cellL(c), identity, 1, true);
    if (c > 0) putBlock(muL(c), cellL(c - 1), toRight[c], -1, true);
    putBlock(muL(c), muL(c), mLeft[c], -1 / lambda, false);
    putBlock(muR(c), cellR(c), identity, 1, true);
    if (c < K) putBlock(muR(c), cellR(c + 1), toLeft[c], -1, true);
    putBlock(muR(c), muR(c), mRight[c], -1 / lambda, false);
  }
  return { matrix, rhs, cellL, cellR, muL, muR };
}
