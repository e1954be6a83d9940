/**
 * (m, r) = (m, m-1), every degree m >= 4 (and the units of degree m whose best space is S_m^r, r < m-1,
 * through a tie: symbolic/constructions): the local quasi-interpolant of quasiInterpolantStencil, on
 * N uniform cells of [a, b]. Nothing global is solved: each B-spline coefficient is a fixed stencil
 * of target values (interior) or one of two small least-squares fits at the ends (dense pivoted QR
 * of the fixed column-scaled design, condition number <= 1.2e4 for m <= 12: measured with numpy).
 *
 * Returns the spline twice: its B-spline coefficients c_(-m)..c_(N-1) (float64, what the network
 * conversion differences exactly) and its cell polynomials in local Taylor form. The cell
 * coefficients sum_i c_(k-i) beta_i[t] cancel heavily in float64 (the monomial coefficients of the
 * pieces beta_i reach ~1e4 at m = 6 and ~1e8 at m = 12 while the sum is O(|f^(t)| h^t)), so they
 * are summed in double-double and rounded once: the cell polynomials are then the float64 spline
 * to within a few eps |f|, and serve as its accurate evaluation.
 *
 * Examples:  quasiInterpolant(compileTarget('sin(4*x)', [-1, 1]), 64, 5).bsplineCoefficients.length === 69
 */
import type { Target } from '../core/target.js';
import { ddAdd, ddLow, ddMul } from '../linalg/doubleDouble.js';
import { doubleDoubleFromRational, float64FromRational } from '../linalg/exactRational.js';
import { solveLeastSquares } from '../linalg/leastSquaresQr.js';
import { cardinalBSplinePieces } from './cardinalBSpline.js';
import { uniformKnots, type CellPolynomials } from './cellPolynomials.js';
import { quasiInterpolantStencil, type QuasiInterpolantStencil } from './quasiInterpolantStencil.js';

export interface UniformBSpline extends CellPolynomials {
  /** c_(-m)..c_(N-1) (index j + m) of the B-splines B_j(x) = B((x - a)/h - j) on the knots a + j h continued beyond [a, b]; length N + m */
  readonly bsplineCoefficients: Float64Array;
}

interface FloatTables {
  /** boundary design, column-major, rows = samples, the m + j0 fitted columns */
  readonly fitted: Float64Array;
  /** rows x m, the fixed interior columns c_(j0)..c_(j0+m-1), row-major */
  readonly fixed: Float64Array;
  /** sample points u as float64 */
  readonly samples: Float64Array;
  /** beta_i[t] as double-double: hi and lo, index i (m + 1) + t */
  readonly betaHi: Float64Array;
  readonly betaLo: Float64Array;
}

const floatCache = new Map<number, FloatTables>();

function floatTables(stencil: QuasiInterpolantStencil): FloatTables {
  const m = stencil.degree;
  const cached = floatCache.get(m);
  if (cached) return cached;
  const rows = stencil.boundarySamples.length;
  const fittedCount = m + stencil.firstInterior;
  const fitted = new Float64Array(rows * fittedCount);
  const fixed = new Float64Array(rows * m);
  stencil.boundaryDesign.forEach((row, r) => {
    for (let c = 0; c < fittedCount; c++) fitted[r + c * rows] = float64FromRational(row[c]);
    for (let c = 0; c < m; c++) fixed[r * m + c] = float64FromRational(row[fittedCount + c]);
  });
  const betaHi = new Float64Array((m + 1) * (m + 1));
  const betaLo = new Float64Array((m + 1) * (m + 1));
  cardinalBSplinePieces(m).forEach((piece, i) =>
    piece.forEach((v, t) => {
      [betaHi[i * (m + 1) + t], betaLo[i * (m + 1) + t]] = doubleDoubleFromRational(v);
    }),
  );
  const tables = {
    fitted,
    fixed,
    samples: Float64Array.from(stencil.boundarySamples, float64FromRational),
    betaHi,
    betaLo,
  };
  floatCache.set(m, tables);
  return tables;
}

/** c_j = w_0 F[centre] + sum_i w_i (F[centre - i] + F[centre + i]) for the interior j; F on knots or midpoints. */
function interiorCoefficients(
  stencil: QuasiInterpolantStencil,
  values: Float64Array,
  cells: number,
  c: Float64Array,
): void {
  const m = stencil.degree;
  const w = stencil.weights64;
  // centre u = j + (m+1)/2: knot index j + (m+1)/2 (odd m), midpoint index j + m/2 (even m)
  const offset = stencil.grid === 'knots' ? (m + 1) / 2 : m / 2;
  for (let j = stencil.firstInterior; j <= cells - m - 1 - stencil.firstInterior; j++) {
    const centre = j + offset;
    let sum = w[0] * values[centre];
    for (let i = 1; i < w.length; i++) sum += w[i] * (values[centre - i] + values[centre + i]);
    c[j + m] = sum;
  }
}

/** The least-squares end coefficients; `side` maps a sample u (cells from the end) to x, and an end index j to the array index. */
function endCoefficients(
  stencil: QuasiInterpolantStencil,
  tables: FloatTables,
  f: (x: number) => number,
  at: (u: number) => number,
  index: (j: number) => number,
  c: Float64Array,
): void {
  const m = stencil.degree;
  const rows = tables.samples.length;
  const fittedCount = m + stencil.firstInterior;
  const rhs = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let fixed = 0;
    for (let k = 0; k < m; k++) fixed += tables.fixed[r * m + k] * c[index(stencil.firstInterior + k)];
    rhs[r] = f(at(tables.samples[r])) - fixed;
  }
  const solved = solveLeastSquares(tables.fitted, rows, fittedCount, rhs);
  if (solved.rankDeficient) throw new Error(`quasiInterpolant: the degree-${m} boundary design lost rank in float64`);
  for (let k = 0; k < fittedCount; k++) c[index(k - m)] = solved.x[k];
}

/** Taylor coefficients of every cell at its left knot, summed in double-double from c and the exact pieces. */
function cellTaylorCoefficients(
  m: number,
  cells: number,
  h: number,
  c: Float64Array,
  tables: FloatTables,
): Float64Array {
  const out = new Float64Array(cells * (m + 1));
  for (let k = 0; k < cells; k++) {
    for (let t = 0; t <= m; t++) {
      let hi = 0;
      let lo = 0;
      for (let i = 0; i <= m; i++) {
        const ph = ddMul(c[k - i + m], 0, tables.betaHi[i * (m + 1) + t], tables.betaLo[i * (m + 1) + t]);
        hi = ddAdd(hi, lo, ph, ddLow);
        lo = ddLow;
      }
      out[k * (m + 1) + t] = (hi + lo) / h ** t;
    }
  }
  return out;
}

export function quasiInterpolant(target: Target, cells: number, m: number): UniformBSpline {
  const stencil = quasiInterpolantStencil(m);
  if (!Number.isInteger(cells) || cells < stencil.minimumCells)
    throw new RangeError(`quasiInterpolant: degree ${m} needs at least ${stencil.minimumCells} cells, got ${cells}`);
  const tables = floatTables(stencil);
  const [a, b] = target.domain;
  const h = (b - a) / cells;
  const knots = uniformKnots(target.domain, cells);
  const f = target.value;
  const values =
    stencil.grid === 'knots'
      ? Float64Array.from(knots, f)
      : Float64Array.from({ length: cells }, (_, i) => f(a + (i + 0.5) * h));
  const c = new Float64Array(cells + m);
  interiorCoefficients(stencil, values, cells, c);
  endCoefficients(
    stencil,
    tables,
    f,
    (u) => a + u * h,
    (j) => j + m,
    c,
  );
  endCoefficients(
    stencil,
    tables,
    f,
    (u) => b - u * h,
    (j) => cells - m - 1 - j + m,
    c,
  );
  return {
    degree: m,
    continuity: m - 1,
    domain: target.domain,
    cells,
    h,
    knots,
    coefficients: cellTaylorCoefficients(m, cells, h, c, tables),
    bsplineCoefficients: c,
  };
}
