/**
 * Householder QR of each cell's local Vandermonde matrix, float64: for cell c with points
 * x_s..x_(e-1) and frame u = (x - center_c)/radius_c, V_c = [u^0, ..., u^m] (N_c x q, q = m + 1)
 * = Q_c R_c. Any polynomial p of degree <= m on the cell, with coefficients a in the frame, has values
 * V_c a, so for every residual r
 *   || V_c a + r_c ||^2 = || R_c a + Q_c^T r_c ||^2 + || (I - Q_c Q_c^T) r_c ||^2,
 * and the last term does not depend on a: the N rows of a cell are replaced exactly by rows_c =
 * min(N_c, q) rows. This is cellwiseRowCompression's projection, done once per cell on the q Vandermonde
 * columns instead of once per Jacobian column, which is what lets LM skip the N x P Jacobian.
 *
 * A cell's factorisation depends only on its points (and its frame, which knotCells derives from them),
 * so LM passes a cache between iterations: most cells are unchanged by a step.
 *
 * Shapes: R_c is rows_c x q, row-major, in `upper` at offset rowOffset[c] * q; projectResidual writes
 * Q_c^T r_c (its first rows_c entries) at rowOffset[c].
 */
import type { KnotCells } from './knotCells.js';

export interface CellVandermondeQr {
  readonly q: number;
  /** rowOffset[c]: first compressed row of cell c; rowOffset[count] = total rows */
  readonly rowOffset: Int32Array;
  /** the R_c, stacked, row-major (total rows x q) */
  readonly upper: Float64Array;
  /** Q_c^T r_c for every cell, stacked (length total rows) */
  projectResidual(r: Float64Array): Float64Array;
}

/** One cell's factors: the reflectors (N_c x q column-major, v[k] = 1 implied), their betas and R. */
export interface CellQr {
  readonly rows: number;
  readonly reflectors: Float64Array;
  readonly betas: Float64Array;
  readonly upper: Float64Array;
}

/** Cache of CellQr by cell (start, end); pass the same map to consecutive calls. */
export type CellQrCache = Map<number, CellQr>;

function factorCell(xs: Float64Array, s: number, m: number, center: number, radius: number, q: number): CellQr {
  const block = new Float64Array(m * q);
  for (let t = 0; t < m; t++) {
    const u = (xs[s + t] - center) / radius;
    let p = 1;
    for (let k = 0; k < q; k++) {
      block[t + k * m] = p;
      p *= u;
    }
  }
  const rows = Math.min(m, q);
  const betas = new Float64Array(q);
  const upper = new Float64Array(rows * q);
  for (let k = 0; k < rows; k++) {
    const col = k * m;
    let sigma = 0;
    for (let t = k + 1; t < m; t++) sigma += block[col + t] * block[col + t];
    const x0 = block[col + k];
    let beta = 0;
    let alpha = x0;
    if (sigma > 0) {
      const norm = Math.sqrt(x0 * x0 + sigma);
      alpha = x0 <= 0 ? norm : -norm;
      const v0 = x0 - alpha;
      for (let t = k + 1; t < m; t++) block[col + t] /= v0;
      beta = -v0 / alpha;
    }
    block[col + k] = 1;
    betas[k] = beta;
    for (let j = k + 1; j < q; j++) {
      const cj = j * m;
      let dot = block[cj + k];
      for (let t = k + 1; t < m; t++) dot += block[col + t] * block[cj + t];
      dot *= beta;
      block[cj + k] -= dot;
      for (let t = k + 1; t < m; t++) block[cj + t] -= dot * block[col + t];
    }
    upper[k * q + k] = alpha;
    for (let j = k + 1; j < q; j++) upper[k * q + j] = block[j * m + k];
  }
  return { rows, reflectors: block, betas, upper };
}

export function cellVandermondeQr(
  cells: KnotCells,
  xs: Float64Array,
  q: number,
  cache: CellQrCache = new Map(),
): CellVandermondeQr {
  const N = xs.length;
  const factors: CellQr[] = [];
  const used: CellQrCache = new Map();
  for (let c = 0; c < cells.count; c++) {
    const s = cells.starts[c];
    const e = cells.starts[c + 1];
    const key = s * (N + 1) + e;
    let f = cache.get(key);
    if (!f) f = factorCell(xs, s, e - s, cells.frames[c].center, cells.frames[c].radius, q);
    used.set(key, f);
    factors.push(f);
  }
  // Keep only this call's cells, so the cache stays the size of one partition.
  cache.clear();
  for (const [key, f] of used) cache.set(key, f);
  const rowOffset = new Int32Array(cells.count + 1);
  for (let c = 0; c < cells.count; c++) rowOffset[c + 1] = rowOffset[c] + factors[c].rows;
  const upper = new Float64Array(rowOffset[cells.count] * q);
  factors.forEach((f, c) => upper.set(f.upper, rowOffset[c] * q));
  const projectResidual = (r: Float64Array): Float64Array => {
    const out = new Float64Array(rowOffset[cells.count]);
    const work = new Float64Array(N);
    factors.forEach((f, c) => {
      const s = cells.starts[c];
      const m = cells.starts[c + 1] - s;
      for (let t = 0; t < m; t++) work[t] = r[s + t];
      for (let k = 0; k < f.rows; k++) {
        const col = k * m;
        let dot = work[k];
        for (let t = k + 1; t < m; t++) dot += f.reflectors[col + t] * work[t];
        dot *= f.betas[k];
        work[k] -= dot;
        for (let t = k + 1; t < m; t++) work[t] -= dot * f.reflectors[col + t];
      }
      for (let k = 0; k < f.rows; k++) out[rowOffset[c] + k] = work[k];
    });
    return out;
  };
  return { q, rowOffset, upper, projectResidual };
}
