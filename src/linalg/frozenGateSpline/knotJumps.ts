/**
 * Step 3 of the banded frozen-gate fit: derivative jumps of every B-spline at every interior knot,
 * and derivatives at lo, in double-double (bsplineDerivatives), and their combinations with a
 * coefficient vector summed in double-double and rounded once. Reading the jump of the r-th
 * derivative of a spline from its coefficients cancels ~(1/h)^r; extended precision keeps the
 * cancellation out of float64. Knot kappa touches the basis functions first(kappa) .. first(kappa) + m + mu.
 */
import { bsplineDerivatives } from '../bsplineBasis.js';
import { ddAdd, ddLow, ddMul } from '../doubleDouble.js';
import { spanOfCell, type SplineKnots } from './splineKnots.js';

export interface KnotJumps {
  /** basis functions touched by one knot: m + 1 + mu */
  readonly touched: number;
  /** first basis function touched by knot kappa */
  firstAt(kappa: number): number;
  /** jump of the r-th derivative of basis function first(kappa) + index across knot kappa, rounded to float64 */
  basisJump(kappa: number, index: number, r: number): number;
  /** r-th derivative at lo of basis function b (b <= m), rounded to float64 */
  basisAtLo(b: number, r: number): number;
  /** sum over the touched b of c_b times the jump of B_b^(r) at knot kappa, in double-double, rounded once */
  combineJump(c: Float64Array, kappa: number, r: number): number;
  /** sum over b <= m of c_b B_b^(r)(lo), in double-double, rounded once */
  combineAtLo(c: Float64Array, r: number): number;
}

export function knotJumps(knots: SplineKnots, knotPower: number): KnotJumps {
  const { m, mu, width, tau, knotVector, lo } = knots;
  const K = tau.length;
  const touched = m + 1 + mu;
  const firstAt = (kappa: number): number => spanOfCell(knots, kappa) - m;
  const jumpHi = new Float64Array(K * touched * width); // [kappa][index][r], index = b - first(kappa)
  const jumpLo = new Float64Array(K * touched * width);
  const leftHi = new Float64Array(width * width);
  const leftLo = new Float64Array(width * width);
  const rightHi = new Float64Array(width * width);
  const rightLo = new Float64Array(width * width);
  for (let kappa = 0; kappa < K; kappa++) {
    bsplineDerivatives(knotVector, m, spanOfCell(knots, kappa), tau[kappa], m, leftHi, leftLo);
    bsplineDerivatives(knotVector, m, spanOfCell(knots, kappa + 1), tau[kappa], m, rightHi, rightLo);
    for (let index = 0; index < touched; index++) {
      for (let r = knotPower; r <= m; r++) {
        // orders below a are continuous: their jumps are exactly 0
        const iR = index - mu; // the right span's first basis function is first + mu
        const rh = iR >= 0 ? rightHi[r * width + iR] : 0;
        const rl = iR >= 0 ? rightLo[r * width + iR] : 0;
        const lh = index <= m ? leftHi[r * width + index] : 0;
        const ll = index <= m ? leftLo[r * width + index] : 0;
        const at = (kappa * touched + index) * width + r;
        jumpHi[at] = ddAdd(rh, rl, -lh, -ll);
        jumpLo[at] = ddLow;
      }
    }
  }
  const atLoHi = new Float64Array(width * width);
  const atLoLo = new Float64Array(width * width);
  bsplineDerivatives(knotVector, m, spanOfCell(knots, 0), lo, m, atLoHi, atLoLo);
  return {
    touched,
    firstAt,
    basisJump(kappa, index, r) {
      const at = (kappa * touched + index) * width + r;
      return jumpHi[at] + jumpLo[at];
    },
    basisAtLo(b, r) {
      return atLoHi[r * width + b] + atLoLo[r * width + b];
    },
    combineJump(c, kappa, r) {
      let sh = 0;
      let sl = 0;
      const first = firstAt(kappa);
      for (let index = 0; index < touched; index++) {
        const at = (kappa * touched + index) * width + r;
        const ph = ddMul(c[first + index], 0, jumpHi[at], jumpLo[at]);
        sh = ddAdd(sh, sl, ph, ddLow);
        sl = ddLow;
      }
      return sh + sl;
    },
    combineAtLo(c, r) {
      let sh = 0;
      let sl = 0;
      for (let b = 0; b <= m; b++) {
        const ph = ddMul(c[b], 0, atLoHi[r * width + b], atLoLo[r * width + b]);
        sh = ddAdd(sh, sl, ph, ddLow);
        sl = ddLow;
      }
      return sh + sl;
    },
  };
}
