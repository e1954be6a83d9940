/**
 * Banded linear least squares min ||A c - b||_2 by Givens rotations, row by row, float64
 * (the accumulation of Lawson & Hanson ch. 27 and FITPACK's fpcurf): A is never formed and the
 * normal equations are never used, so the accuracy is that of a QR factorisation of A.
 *
 * Shapes: A has `columns` columns; each row has at most `bandwidth` consecutive nonzeros starting at
 * column `start`. Rows must arrive with non-decreasing `start` (sort the data by x first): then
 * rotating a row into R never fills in past start + bandwidth - 1, and R is upper triangular with
 * `bandwidth` diagonals, stored R[k * bandwidth + d] = R_(k, k + d). Cost O(rows * bandwidth^2).
 *
 * Examples:  const qr = createBandedQr(nb, m + 1); addBandedRow(qr, span - m, values, y); ...
 *            const c = solveBandedUpper(qr, qr.qtb);
 */

export interface BandedQr {
  readonly columns: number;
  readonly bandwidth: number;
  /** upper-triangular band of R, columns x bandwidth, row-major */
  readonly r: Float64Array;
  /** first `columns` entries of Q^T b */
  readonly qtb: Float64Array;
  /** sum of squares of the parts of b rotated out of range(A): the squared residual norm of the unconstrained fit */
  residualSquares: number;
  /** largest `start` accepted so far (rows must not go back) */
  lastStart: number;
}

export function createBandedQr(columns: number, bandwidth: number): BandedQr {
  return {
    columns,
    bandwidth,
    r: new Float64Array(columns * bandwidth),
    qtb: new Float64Array(columns),
    residualSquares: 0,
    lastStart: 0,
  };
}

/**
 * Rotate one row (values[0..bandwidth-1] at columns start.., right-hand side rhs) into R.
 * `values` is overwritten (it ends as zeros). Entries past the last column must be zero (a row
 * narrower than the band, padded).
 */
export function addBandedRow(qr: BandedQr, start: number, values: Float64Array, rhs: number): void {
  const { bandwidth: w, r, qtb } = qr;
  if (start < qr.lastStart)
    throw new Error(`addBandedRow: rows must arrive with non-decreasing start (${start} after ${qr.lastStart})`);
  for (let k = Math.max(0, qr.columns - start); k < w; k++) {
    if (values[k] !== 0) throw new Error(`addBandedRow: row at ${start} runs past column ${qr.columns - 1}`);
  }
  qr.lastStart = start;
  let b = rhs;
  for (let k = 0; k < w; k++) {
    const h = values[k];
    if (h === 0) continue;
    const row = (start + k) * w;
    const rkk = r[row];
    const norm = Math.sqrt(rkk * rkk + h * h);
    const cos = rkk / norm;
    const sin = h / norm;
    r[row] = norm;
    for (let d = 1; d < w - k; d++) {
      const rv = r[row + d];
      const hv = values[k + d];
      r[row + d] = cos * rv + sin * hv;
      values[k + d] = cos * hv - sin * rv;
    }
    const zv = qtb[start + k];
    qtb[start + k] = cos * zv + sin * b;
    b = cos * b - sin * zv;
  }
  qr.residualSquares += b * b;
}

/**
 * Rotate `rows` rows that share one `start` into R: Householder reflections (Golub & Van Loan,
 * algorithm 5.2.1) first reduce the rows x cols block and its right-hand sides to at most cols rows,
 * which addBandedRow then rotates in. Same factorisation as rotating every row in (both orthogonal),
 * at a fraction of the cost for thin bands: one square root per column of the block instead of one
 * per nonzero of every row, and each pass runs down one contiguous column.
 * Layout: column-major, entry (i, c) at block[c * stride + i] (stride >= rows), the right-hand
 * sides as column `cols`. `block` is overwritten; `row` is scratch of length >= bandwidth.
 */
export function addBandedBlock(
  qr: BandedQr,
  start: number,
  block: Float64Array,
  stride: number,
  rows: number,
  cols: number,
  row: Float64Array,
): void {
  const steps = Math.min(rows, cols);
  for (let j = 0; j < steps; j++) {
    // the reflection that maps column j's rows j.. to (alpha, 0, ..., 0), alpha = -sign(a_jj) ||a_(j..),j||
    const vj = j * stride;
    let norm2 = 0;
    for (let i = j; i < rows; i++) norm2 += block[vj + i] * block[vj + i];
    let norm = Math.sqrt(norm2);
    if (!(norm2 > 1e-280 && norm2 < 1e280)) {
      // the plain sum of squares under- or overflowed (or the column is zero): scale first
      let scale = 0;
      for (let i = j; i < rows; i++) scale = Math.max(scale, Math.abs(block[vj + i]));
      if (scale === 0) continue;
      let scaled = 0;
      for (let i = j; i < rows; i++) scaled += (block[vj + i] / scale) ** 2;
      norm = scale * Math.sqrt(scaled);
    }
    const ajj = block[vj + j];
    const alpha = ajj >= 0 ? -norm : norm;
    // v = a - alpha e_j in place of the column; H x = x + v (v^T x) / (alpha v_0), since v^T v = -2 alpha v_0
    const v0 = ajj - alpha;
    block[vj + j] = v0;
    const beta = 1 / (alpha * v0);
    for (let c = j + 1; c <= cols; c++) {
      const vc = c * stride;
      let dot = 0;
      for (let i = j; i < rows; i++) dot += block[vj + i] * block[vc + i];
      const f = dot * beta;
      for (let i = j; i < rows; i++) block[vc + i] += f * block[vj + i];
    }
    block[vj + j] = alpha;
  }
  const rhs = cols * stride;
  for (let i = 0; i < steps; i++) {
    row.fill(0);
    for (let c = i; c < cols; c++) row[c] = block[c * stride + i];
    addBandedRow(qr, start, row, block[rhs + i]);
  }
  for (let i = steps; i < rows; i++) qr.residualSquares += block[rhs + i] * block[rhs + i];
}

/** Solve R c = rhs by back substitution (R from the accumulated rows); returns c. */
export function solveBandedUpper(qr: BandedQr, rhs: Float64Array): Float64Array {
  const { columns: n, bandwidth: w, r } = qr;
  const c = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = rhs[k];
    const row = k * w;
    for (let d = 1; d < w && k + d < n; d++) s -= r[row + d] * c[k + d];
    c[k] = s / r[row];
  }
  return c;
}

/** Solve R^T z = rhs by forward substitution; returns z. */
export function solveBandedUpperTransposed(qr: BandedQr, rhs: Float64Array): Float64Array {
  const { columns: n, bandwidth: w, r } = qr;
  const z = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = rhs[k];
    for (let d = 1; d < w && k - d >= 0; d++) s -= r[(k - d) * w + d] * z[k - d];
    z[k] = s / r[k * w];
  }
  return z;
}

/** max |R_kk|: the scale of the rows rotated in so far. */
export function bandedDiagonalMaximum(qr: BandedQr): number {
  let hi = 0;
  for (let k = 0; k < qr.columns; k++) hi = Math.max(hi, Math.abs(qr.r[k * qr.bandwidth]));
  return hi;
}

/**
 * max |R_kk| / min |R_kk|: a lower estimate of cond(A); infinite when a column was never reached.
 * `skip` (ascending column indices) leaves columns out: those known to be dependent on earlier ones.
 */
export function bandedDiagonalRatio(qr: BandedQr, skip: readonly number[] = []): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let next = 0;
  for (let k = 0; k < qr.columns; k++) {
    if (next < skip.length && skip[next] === k) {
      next++;
      continue;
    }
    const v = Math.abs(qr.r[k * qr.bandwidth]);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > 0 ? hi / lo : Number.POSITIVE_INFINITY;
}
