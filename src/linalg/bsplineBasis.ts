/**
 * B-spline basis functions of degree m on an open knot vector, float64, by the Cox-de Boor
 * recurrence (Piegl & Tiller, The NURBS Book, algorithms A2.2 and A2.3): no divided differences of
 * truncated powers, so every value is a convex combination and accurate to a few ulps.
 *
 * Shapes: `knotVector` is non-decreasing, length = basis count + m + 1. For a point x in the span
 * [knotVector[span], knotVector[span+1]) (a span of positive length) the nonzero basis functions are
 * B_(span-m) .. B_span; they are written to out[0..m]. x may also be the right end of the span:
 * the formulas then give the left limit of that span's polynomial piece, which is how one-sided
 * values at a knot are obtained.
 *
 * Examples:  bsplineValues(xi, 3, span, x, out)                 // out[k] = B_(span-3+k)(x)
 *            bsplineDerivatives(xi, 3, span, x, 3, hi, lo)      // hi[r*4+k] + lo[r*4+k] = B_(span-3+k)^(r)(x)
 * See also: frozenGateSpline (the banded least-squares fit that uses them).
 */
import { ddAdd, ddDiv, ddFromSum, ddMul, ddSub, type DoubleDouble } from './doubleDouble.js';

/** Scratch arrays reused across calls; sized for degree m. */
export interface BsplineScratch {
  readonly left: Float64Array;
  readonly right: Float64Array;
}

export function bsplineScratch(m: number): BsplineScratch {
  return { left: new Float64Array(m + 1), right: new Float64Array(m + 1) };
}

/** Values of the m + 1 nonzero basis functions at x in `span`; out has length >= m + 1. */
export function bsplineValues(
  knotVector: Float64Array, m: number, span: number, x: number, out: Float64Array, scratch: BsplineScratch = bsplineScratch(m),
): void {
  const { left, right } = scratch;
  out[0] = 1;
  for (let j = 1; j <= m; j++) {
    left[j] = x - knotVector[span + 1 - j];
    right[j] = knotVector[span + j] - x;
    let saved = 0;
    for (let r = 0; r < j; r++) {
      const temp = out[r] / (right[r + 1] + left[j - r]);
      out[r] = saved + right[r + 1] * temp;
      saved = left[j - r] * temp;
    }
    out[j] = saved;
  }
}

/**
 * Derivatives of orders 0..nDerivatives (<= m) of the m + 1 nonzero basis functions at x in `span`,
 * in double-double (doubleDouble.ts): outHi[r * (m + 1) + k] + outLo[...] = d^r/dx^r B_(span-m+k)(x).
 * Analytic recurrence, no differencing. Extended precision because these values are ~h^-r and their
 * combinations with spline coefficients cancel down to O(1): float64 would lose r log10(1/h) digits.
 */
export function bsplineDerivatives(
  knotVector: Float64Array, m: number, span: number, x: number, nDerivatives: number, outHi: Float64Array, outLo: Float64Array,
): void {
  const p = m + 1;
  const zero: DoubleDouble = [0, 0];
  const ndu: DoubleDouble[] = new Array(p * p).fill(zero); // ndu[j*p + r]: basis values (upper triangle) and knot differences (lower)
  const left: DoubleDouble[] = new Array(p).fill(zero);
  const right: DoubleDouble[] = new Array(p).fill(zero);
  ndu[0] = [1, 0];
  for (let j = 1; j <= m; j++) {
    left[j] = ddFromSum(x, -knotVector[span + 1 - j]);
    right[j] = ddFromSum(knotVector[span + j], -x);
    let saved: DoubleDouble = zero;
    for (let r = 0; r < j; r++) {
      ndu[j * p + r] = ddAdd(right[r + 1], left[j - r]);
      const temp = ddDiv(ndu[r * p + (j - 1)], ndu[j * p + r]);
      ndu[r * p + j] = ddAdd(saved, ddMul(right[r + 1], temp));
      saved = ddMul(left[j - r], temp);
    }
    ndu[j * p + j] = saved;
  }
  const out: DoubleDouble[] = new Array((nDerivatives + 1) * p).fill(zero);
  for (let j = 0; j <= m; j++) out[j] = ndu[j * p + m];
  for (let r = 0; r <= m; r++) {
    let s1 = 0;
    let s2 = 1;
    const a: DoubleDouble[][] = [new Array(p).fill(zero), new Array(p).fill(zero)];
    a[0][0] = [1, 0];
    for (let k = 1; k <= nDerivatives; k++) {
      let d: DoubleDouble = zero;
      const rk = r - k;
      const pk = m - k;
      if (r >= k) {
        a[s2][0] = ddDiv(a[s1][0], ndu[(pk + 1) * p + rk]);
        d = ddMul(a[s2][0], ndu[rk * p + pk]);
      }
      const j1 = rk >= -1 ? 1 : -rk;
      const j2 = r - 1 <= pk ? k - 1 : m - r;
      for (let j = j1; j <= j2; j++) {
        a[s2][j] = ddDiv(ddSub(a[s1][j], a[s1][j - 1]), ndu[(pk + 1) * p + (rk + j)]);
        d = ddAdd(d, ddMul(a[s2][j], ndu[(rk + j) * p + pk]));
      }
      if (r <= pk) {
        a[s2][k] = ddDiv([-a[s1][k - 1][0], -a[s1][k - 1][1]], ndu[(pk + 1) * p + r]);
        d = ddAdd(d, ddMul(a[s2][k], ndu[r * p + pk]));
      }
      out[k * p + r] = d;
      const t = s1;
      s1 = s2;
      s2 = t;
    }
  }
  let factor = m;
  for (let k = 1; k <= nDerivatives; k++) {
    for (let j = 0; j <= m; j++) out[k * p + j] = ddMul(out[k * p + j], [factor, 0]);
    factor *= m - k;
  }
  out.forEach(([hi, lo], i) => {
    outHi[i] = hi;
    outLo[i] = lo;
  });
}
