/**
 * Banded LU with partial pivoting (LAPACK dgbtf2/dgbtrs, unblocked), float64, for general square band
 * matrices; with it a solver that equilibrates first and refines iteratively.
 *
 * Storage (LAPACK's "AB" layout, column-major): an S x S matrix with kl sub- and ku super-diagonals is
 * held in (2 kl + ku + 1) x S numbers, entry (i, j) at row kl + ku + i - j of column j; the top kl rows
 * are room for the fill-in that row interchanges create (the factor's upper bandwidth grows to kl + ku).
 * Cost: O(S kl (kl + ku)) to factor, O(S (2 kl + ku)) per solve.
 *
 * Why not the banded Givens QR of this folder: the systems solved here (the damped LM step in KKT form,
 * structuredDampedStep.ts) are square, symmetric and indefinite, and LU with partial pivoting on the
 * equilibrated matrix, plus a step or two of refinement against the original, is the standard tool for
 * them (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., ch. 9 and 12).
 *
 * Examples:  const A = new BandMatrix(5, 1, 1); A.add(0, 0, 2); ...; const x = solveBanded(A, b).x;
 */

export class BandMatrix {
  readonly size: number;
  readonly lower: number;
  readonly upper: number;
  /** rows per stored column: 2 kl + ku + 1 */
  readonly stride: number;
  readonly data: Float64Array;

  constructor(size: number, lower: number, upper: number) {
    this.size = size;
    this.lower = lower;
    this.upper = upper;
    this.stride = 2 * lower + upper + 1;
    this.data = new Float64Array(this.stride * size);
  }

  private index(i: number, j: number): number {
    const row = this.lower + this.upper + i - j;
    if (i < 0 || j < 0 || i >= this.size || j >= this.size || i - j > this.lower || j - i > this.upper)
      throw new RangeError(`BandMatrix: (${i}, ${j}) is outside the band (kl ${this.lower}, ku ${this.upper})`);
    return row + j * this.stride;
  }

  get(i: number, j: number): number {
    if (i - j > this.lower || j - i > this.upper) return 0;
    return this.data[this.index(i, j)];
  }

  add(i: number, j: number, value: number): void {
    this.data[this.index(i, j)] += value;
  }

  /**
   * Adds sign * B (q x q, row-major; its transpose when `transpose`) with its top-left corner at (row, col).
   * The whole block must lie inside the band (checked at its corners).
   */
  addBlock(row: number, col: number, B: Float64Array, q: number, sign: number, transpose = false): void {
    this.index(row, col + q - 1);
    this.index(row + q - 1, col);
    const step = this.stride - 1;
    const base = this.lower + this.upper;
    for (let a = 0; a < q; a++)
      for (let b = 0; b < q; b++) {
        const v = transpose ? B[b * q + a] : B[a * q + b];
        if (v !== 0) this.data[base + row + a + (col + b) * step] += sign * v;
      }
  }

  /** y = A x over the original band (not the fill rows). */
  multiply(x: Float64Array, y: Float64Array): void {
    const { size, lower, upper, stride, data } = this;
    y.fill(0);
    for (let j = 0; j < size; j++) {
      const xj = x[j];
      if (xj === 0) continue;
      const base = lower + upper - j + j * stride;
      const i0 = Math.max(0, j - upper);
      const i1 = Math.min(size - 1, j + lower);
      for (let i = i0; i <= i1; i++) y[i] += data[base + i] * xj;
    }
  }

  copy(): BandMatrix {
    const out = new BandMatrix(this.size, this.lower, this.upper);
    out.data.set(this.data);
    return out;
  }
}

/** The LU factors of a band matrix, in place, with the row interchanges. */
export interface BandLu {
  readonly factors: BandMatrix;
  readonly pivots: Int32Array;
  /** smallest |U_jj| / largest |U_jj|: 0 when the matrix is singular to working precision */
  readonly pivotRatio: number;
}

/** Factors A (overwritten) as P L U with partial pivoting (dgbtf2). */
export function factorBanded(A: BandMatrix): BandLu {
  const { size: S, lower: kl, upper: ku, stride, data } = A;
  const kv = kl + ku;
  const pivots = new Int32Array(S);
  // Entry (i, j) lives at kv + i - j + j * stride = kv + i + j * (stride - 1).
  const step = stride - 1;
  // Zero the fill-in rows (entries above the original upper band).
  for (let j = 0; j < S; j++) for (let r = 0; r < kl; r++) data[r + j * stride] = 0;
  let ju = 0;
  let smallest = Infinity;
  let largest = 0;
  for (let j = 0; j < S; j++) {
    const km = Math.min(kl, S - 1 - j);
    const diag = kv + j + j * step; // (j, j)
    let jp = 0;
    let best = Math.abs(data[diag]);
    for (let p = 1; p <= km; p++) {
      const v = Math.abs(data[diag + p]);
      if (v > best) {
        best = v;
        jp = p;
      }
    }
    pivots[j] = j + jp;
    if (best < smallest) smallest = best;
    if (best > largest) largest = best;
    if (best === 0) continue; // singular column: leave it, the solve will produce non-finite values
    const last = Math.min(j + ku + jp, S - 1);
    if (last > ju) ju = last;
    if (jp !== 0) {
      for (let c = j; c <= ju; c++) {
        const a = kv + j + c * step;
        const t = data[a];
        data[a] = data[a + jp];
        data[a + jp] = t;
      }
    }
    const inverse = 1 / data[diag];
    for (let p = 1; p <= km; p++) data[diag + p] *= inverse;
    for (let c = j + 1; c <= ju; c++) {
      const top = kv + j + c * step; // (j, c)
      const u = data[top];
      if (u === 0) continue;
      for (let p = 1; p <= km; p++) data[top + p] -= data[diag + p] * u;
    }
  }
  return { factors: A, pivots, pivotRatio: largest > 0 ? smallest / largest : 0 };
}

/** Solves A x = b from factorBanded's factors (dgbtrs); b is overwritten with x. */
export function solveFactoredBanded(lu: BandLu, b: Float64Array): void {
  const { size: S, lower: kl, upper: ku, stride, data } = lu.factors;
  const kv = kl + ku;
  const step = stride - 1;
  for (let j = 0; j < S; j++) {
    const p = lu.pivots[j];
    if (p !== j) {
      const t = b[j];
      b[j] = b[p];
      b[p] = t;
    }
    const bj = b[j];
    if (bj === 0) continue;
    const km = Math.min(kl, S - 1 - j);
    const diag = kv + j + j * step;
    for (let i = 1; i <= km; i++) b[j + i] -= data[diag + i] * bj;
  }
  for (let j = S - 1; j >= 0; j--) {
    const diag = kv + j + j * step;
    b[j] /= data[diag];
    const bj = b[j];
    if (bj === 0) continue;
    const i0 = Math.max(0, j - kv);
    for (let i = i0; i < j; i++) b[i] -= data[diag - (j - i)] * bj;
  }
}

export interface BandedSolveResult {
  readonly x: Float64Array;
  /** ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf) after refinement: the normwise backward error */
  readonly backwardError: number;
  readonly pivotRatio: number;
}

/**
 * Solves A x = b: symmetric-looking two-sided equilibration D_r A D_c (Ruiz: `sweeps` passes of
 * dividing each row and column by the square root of its largest entry, so entries of very different
 * scales become comparable before pivoting), LU with partial pivoting, then `refinements` steps of
 * iterative refinement with the residual computed against the original A. A is not modified.
 */
export function solveBanded(A: BandMatrix, b: Float64Array, sweeps = 2, refinements = 1): BandedSolveResult {
  const S = A.size;
  const scaled = A.copy();
  const rowScale = new Float64Array(S).fill(1);
  const colScale = new Float64Array(S).fill(1);
  const { lower: kl, upper: ku, stride } = scaled;
  const base = kl + ku;
  const data = scaled.data;
  const rowMax = new Float64Array(S);
  const colMax = new Float64Array(S);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    rowMax.fill(0);
    colMax.fill(0);
    for (let j = 0; j < S; j++) {
      const i0 = Math.max(0, j - ku);
      const i1 = Math.min(S - 1, j + kl);
      for (let i = i0; i <= i1; i++) {
        const v = Math.abs(data[base + i - j + j * stride]);
        if (v > rowMax[i]) rowMax[i] = v;
        if (v > colMax[j]) colMax[j] = v;
      }
    }
    for (let i = 0; i < S; i++) {
      rowMax[i] = rowMax[i] > 0 ? 1 / Math.sqrt(rowMax[i]) : 1;
      colMax[i] = colMax[i] > 0 ? 1 / Math.sqrt(colMax[i]) : 1;
      rowScale[i] *= rowMax[i];
      colScale[i] *= colMax[i];
    }
    for (let j = 0; j < S; j++) {
      const i0 = Math.max(0, j - ku);
      const i1 = Math.min(S - 1, j + kl);
      for (let i = i0; i <= i1; i++) data[base + i - j + j * stride] *= rowMax[i] * colMax[j];
    }
  }
  const lu = factorBanded(scaled);
  // A x = b  <=>  (D_r A D_c) y = D_r b,  x = D_c y.
  const solveOnce = (rhs: Float64Array): Float64Array => {
    const y = Float64Array.from(rhs, (v, i) => v * rowScale[i]);
    solveFactoredBanded(lu, y);
    for (let i = 0; i < S; i++) y[i] *= colScale[i];
    return y;
  };
  const x = solveOnce(b);
  const residual = new Float64Array(S);
  const product = new Float64Array(S);
  const backward = (): number => {
    A.multiply(x, product);
    let rNorm = 0;
    let bNorm = 0;
    let xNorm = 0;
    for (let i = 0; i < S; i++) {
      residual[i] = b[i] - product[i];
      rNorm = Math.max(rNorm, Math.abs(residual[i]));
      bNorm = Math.max(bNorm, Math.abs(b[i]));
      xNorm = Math.max(xNorm, Math.abs(x[i]));
    }
    return rNorm / (infinityNorm(A) * xNorm + bNorm || 1);
  };
  let error = backward();
  for (let step = 0; step < refinements && error > 0; step++) {
    const correction = solveOnce(residual);
    for (let i = 0; i < S; i++) x[i] += correction[i];
    error = backward();
  }
  return { x, backwardError: error, pivotRatio: lu.pivotRatio };
}

const normCache = new WeakMap<BandMatrix, number>();

/** max_i sum_j |A_ij|, cached per matrix (A is not modified by the solver). */
function infinityNorm(A: BandMatrix): number {
  const cached = normCache.get(A);
  if (cached !== undefined) return cached;
  const { size: S, lower: kl, upper: ku, stride, data } = A;
  const sums = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    const i0 = Math.max(0, j - ku);
    const i1 = Math.min(S - 1, j + kl);
    for (let i = i0; i <= i1; i++) sums[i] += Math.abs(data[kl + ku + i - j + j * stride]);
  }
  let norm = 0;
  for (const s of sums) norm = Math.max(norm, s);
  normCache.set(A, norm);
  return norm;
}
