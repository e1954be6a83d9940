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
import { ddAdd, ddDiv, ddLow, ddMul, ddTwoSum } from './doubleDouble.js';

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
  knotVector: Float64Array,
  m: number,
  span: number,
  x: number,
  out: Float64Array,
  scratch: BsplineScratch = bsplineScratch(m),
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

interface DerivativeScratch {
  readonly nduH: Float64Array;
  readonly nduL: Float64Array;
  readonly leftH: Float64Array;
  readonly leftL: Float64Array;
  readonly rightH: Float64Array;
  readonly rightL: Float64Array;
  readonly aH: Float64Array;
  readonly aL: Float64Array;
}

/**
 * bsplineDerivatives' work arrays, one set per order p = m + 1, reused: it is called for every knot
 * and cell of every fit (about 10^4 calls on the lsq paper grid), and allocating them each time was
 * a visible share of the garbage collector's time. Safe because the function neither recurses nor
 * yields, and every entry it reads it has written in the same call (ndu[0], the triangles
 * row by row, left/right 1..m; a is cleared per r).
 */
const derivativeScratches = new Map<number, DerivativeScratch>();
function derivativeScratch(p: number): DerivativeScratch {
  let s = derivativeScratches.get(p);
  if (!s) {
    s = {
      nduH: new Float64Array(p * p),
      nduL: new Float64Array(p * p),
      leftH: new Float64Array(p),
      leftL: new Float64Array(p),
      rightH: new Float64Array(p),
      rightL: new Float64Array(p),
      aH: new Float64Array(2 * p),
      aL: new Float64Array(2 * p),
    };
    derivativeScratches.set(p, s);
  }
  return s;
}

/**
 * Derivatives of orders 0..nDerivatives (<= m) of the m + 1 nonzero basis functions at x in `span`,
 * in double-double (doubleDouble.ts): outHi[r * (m + 1) + k] + outLo[...] = d^r/dx^r B_(span-m+k)(x).
 * Analytic recurrence, no differencing. Extended precision because these values are ~h^-r and their
 * combinations with spline coefficients cancel down to O(1): float64 would lose r log10(1/h) digits.
 */
export function bsplineDerivatives(
  knotVector: Float64Array,
  m: number,
  span: number,
  x: number,
  nDerivatives: number,
  outHi: Float64Array,
  outLo: Float64Array,
): void {
  const p = m + 1;
  // ndu[j*p + r]: basis values (upper triangle) and knot differences (lower); a: two rows of p.
  const { nduH, nduL, leftH, leftL, rightH, rightL, aH, aL } = derivativeScratch(p);
  nduH[0] = 1;
  nduL[0] = 0;
  for (let j = 1; j <= m; j++) {
    leftH[j] = ddTwoSum(x, -knotVector[span + 1 - j]);
    leftL[j] = ddLow;
    rightH[j] = ddTwoSum(knotVector[span + j], -x);
    rightL[j] = ddLow;
    let savedH = 0;
    let savedL = 0;
    for (let r = 0; r < j; r++) {
      const lower = j * p + r;
      nduH[lower] = ddAdd(rightH[r + 1], rightL[r + 1], leftH[j - r], leftL[j - r]);
      nduL[lower] = ddLow;
      const tH = ddDiv(nduH[r * p + j - 1], nduL[r * p + j - 1], nduH[lower], nduL[lower]);
      const tL = ddLow;
      const uH = ddMul(rightH[r + 1], rightL[r + 1], tH, tL);
      const uL = ddLow;
      nduH[r * p + j] = ddAdd(savedH, savedL, uH, uL);
      nduL[r * p + j] = ddLow;
      savedH = ddMul(leftH[j - r], leftL[j - r], tH, tL);
      savedL = ddLow;
    }
    nduH[j * p + j] = savedH;
    nduL[j * p + j] = savedL;
  }
  outHi.fill(0, 0, (nDerivatives + 1) * p);
  outLo.fill(0, 0, (nDerivatives + 1) * p);
  for (let j = 0; j <= m; j++) {
    outHi[j] = nduH[j * p + m];
    outLo[j] = nduL[j * p + m];
  }
  for (let r = 0; r <= m; r++) {
    let s1 = 0;
    let s2 = p;
    aH.fill(0);
    aL.fill(0);
    aH[0] = 1;
    for (let k = 1; k <= nDerivatives; k++) {
      let dH = 0;
      let dL = 0;
      const rk = r - k;
      const pk = m - k;
      const row = (pk + 1) * p;
      if (r >= k) {
        aH[s2] = ddDiv(aH[s1], aL[s1], nduH[row + rk], nduL[row + rk]);
        aL[s2] = ddLow;
        dH = ddMul(aH[s2], aL[s2], nduH[rk * p + pk], nduL[rk * p + pk]);
        dL = ddLow;
      }
      const j1 = rk >= -1 ? 1 : -rk;
      const j2 = r - 1 <= pk ? k - 1 : m - r;
      for (let j = j1; j <= j2; j++) {
        const differenceH = ddAdd(aH[s1 + j], aL[s1 + j], -aH[s1 + j - 1], -aL[s1 + j - 1]);
        const differenceL = ddLow;
        aH[s2 + j] = ddDiv(differenceH, differenceL, nduH[row + rk + j], nduL[row + rk + j]);
        aL[s2 + j] = ddLow;
        const productH = ddMul(aH[s2 + j], aL[s2 + j], nduH[(rk + j) * p + pk], nduL[(rk + j) * p + pk]);
        dH = ddAdd(dH, dL, productH, ddLow);
        dL = ddLow;
      }
      if (r <= pk) {
        aH[s2 + k] = ddDiv(-aH[s1 + k - 1], -aL[s1 + k - 1], nduH[row + r], nduL[row + r]);
        aL[s2 + k] = ddLow;
        const productH = ddMul(aH[s2 + k], aL[s2 + k], nduH[r * p + pk], nduL[r * p + pk]);
        dH = ddAdd(dH, dL, productH, ddLow);
        dL = ddLow;
      }
      outHi[k * p + r] = dH;
      outLo[k * p + r] = dL;
      const t = s1;
      s1 = s2;
      s2 = t;
    }
  }
  let factor = m;
  for (let k = 1; k <= nDerivatives; k++) {
    for (let j = 0; j <= m; j++) {
      outHi[k * p + j] = ddMul(outHi[k * p + j], outLo[k * p + j], factor, 0);
      outLo[k * p + j] = ddLow;
    }
    factor *= m - k;
  }
}
