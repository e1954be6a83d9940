/**
 * Step 5 of the banded frozen-gate fit: network coefficients from the spline. At an interior knot
 * the jump of f is sigma_i |G_i|^a (x - t_i)^a sum_j alpha_ij w^j, so the jumps of the derivatives a..m
 * (read in double-double, knotJumps) give alpha_i0..alpha_is; the constant and the edge neurons then
 * solve a small least-squares problem for p_0(f) minus the left-facing neurons' full polynomials
 * (min-norm when the edge polynomials are dependent, e.g. MLP with n even: the function is unique,
 * its parameters are not). Layout of frozenGateColumns: alpha[i (s + 1) + j], the constant last.
 */
import { solveLeastSquares } from '../leastSquaresQr.js';
import { columnVariable, frozenGateColumnCount, type FrozenGateColumns } from '../frozenGateColumns.js';
import { addTaylorPolynomial, affinePower, multiplyPolynomials, type PolynomialFrame } from '../shiftedPolynomial.js';
import type { EdgeSpace } from './edgeConstraints.js';
import type { SplineKnots } from './splineKnots.js';

/** The fitted spline's derivative jumps at the knots and derivatives at lo, each rounded once. */
export interface FitDerivatives {
  /** jump of f^(r) across interior knot kappa (0 below the knot power) */
  jumpOfFit(kappa: number, r: number): number;
  /** f^(r)(lo) */
  derivativeAtLo(r: number): number;
}

const factorial = (r: number): number => (r <= 1 ? 1 : r * factorial(r - 1));

export function networkCoefficients(
  family: FrozenGateColumns,
  knots: SplineKnots,
  edge: EdgeSpace,
  fit: FitDerivatives,
): Float64Array {
  const { gateWeights, knotPower: a, freeDegree: s, domain } = family;
  const { interior, tau, kind, width, lo } = knots;
  const n = family.knots.length;
  const mu = s + 1;
  const { centre, halfLength } = columnVariable(domain);
  const columnFrame: PolynomialFrame = { center: centre, radius: halfLength, degree: s };
  const alpha = new Float64Array(frozenGateColumnCount(family));
  const leftPolynomials = new Float64Array(width); // sum over left-facing interior neurons of their full polynomial
  for (let kappa = 0; kappa < tau.length; kappa++) {
    const i = interior[kappa];
    const G = gateWeights[i];
    const sign = G > 0 ? 1 : (-1) ** (a + 1); // jump of (t - x)_+^a x^j is -(t - x)^a x^j = (-1)^(a+1) (x - t)^a x^j
    const scale = sign / Math.abs(G) ** a;
    const t = tau[kappa];
    // sum_j alpha_j w^j = sum_rho c_rho (x - t)^rho, c_rho = scale * jump of f^(a+rho) / (a+rho)!
    for (let rho = 0; rho <= s; rho++) {
      const jump = fit.jumpOfFit(kappa, a + rho);
      const inW = affinePower(columnFrame, 1, t, rho);
      for (let j = 0; j <= rho; j++) alpha[i * mu + j] += ((scale * jump) / factorial(a + rho)) * inW[j];
    }
    if (kind[i] === 'left') {
      const gate = affinePower(edge.frame, G, t, a); // (G (x - t))^a: the active side, continued as a polynomial
      for (let j = 0; j <= s; j++) {
        const term = multiplyPolynomials(gate, edge.wPower(j));
        for (let r = 0; r < width; r++) leftPolynomials[r] += alpha[i * mu + j] * term[r];
      }
    }
  }
  // Constant and edge neurons: p_0(f) minus the left-facing neurons' polynomials, which lies in P_ext.
  const pZero = new Float64Array(width);
  addTaylorPolynomial(
    edge.frame,
    lo,
    Array.from({ length: width }, (_, r) => fit.derivativeAtLo(r)),
    1,
    pZero,
  );
  const target = pZero.map((v, r) => v - leftPolynomials[r]);
  const E = new Float64Array(width * edge.polynomials.length);
  edge.polynomials.forEach((p, col) => E.set(p, col * width));
  const beta = solveLeastSquares(E, width, edge.polynomials.length, target).x;
  alpha[n * mu] = beta[0];
  edge.edgeColumns.forEach(({ neuron, j }, col) => (alpha[neuron * mu + j] = beta[col + 1]));
  return alpha;
}
