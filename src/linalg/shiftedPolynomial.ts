/**
 * Polynomials of degree <= m in the scaled variable u = (x - center) / radius, float64, as
 * coefficient arrays p[k] = coefficient of u^k (length m + 1). On an interval [center - radius,
 * center + radius] the coefficients of a well-behaved polynomial are all of comparable size, so
 * comparing and projecting such arrays is well conditioned (monomials in raw x are not, off 0).
 *
 * Examples:  const frame = { center: 0, radius: 1, degree: 3 };
 *            affinePower(frame, 1, -0.5, 2)    // (x - 0.5)^2 in u
 */

export interface PolynomialFrame {
  readonly center: number;
  readonly radius: number;
  /** highest degree kept; products must not exceed it */
  readonly degree: number;
}

/** (scale * (x - root))^power expressed in u, i.e. (scale * (center - root) + scale * radius * u)^power. */
export function affinePower(frame: PolynomialFrame, scale: number, root: number, power: number): Float64Array {
  const p0 = scale * (frame.center - root);
  const p1 = scale * frame.radius;
  const out = new Float64Array(frame.degree + 1);
  if (power > frame.degree) throw new Error(`affinePower: degree ${power} exceeds the frame's ${frame.degree}`);
  let binomial = 1;
  for (let k = 0; k <= power; k++) {
    out[k] = binomial * p0 ** (power - k) * p1 ** k;
    binomial = (binomial * (power - k)) / (k + 1);
  }
  return out;
}

/** Product of two polynomials in the same frame; throws if the degree would exceed the frame's. */
export function multiplyPolynomials(p: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    for (let j = 0; j < q.length; j++) {
      if (q[j] === 0) continue;
      if (i + j >= out.length) throw new Error('multiplyPolynomials: product exceeds the frame degree');
      out[i + j] += p[i] * q[j];
    }
  }
  return out;
}

/**
 * The polynomial with derivatives derivatives[r] (r = 0..m) at the point `at`, in u:
 * sum_r derivatives[r] (x - at)^r / r!. Adds scale times it into `into`.
 */
export function addTaylorPolynomial(
  frame: PolynomialFrame,
  at: number,
  derivatives: ArrayLike<number>,
  scale: number,
  into: Float64Array,
): void {
  let factorial = 1;
  for (let r = 0; r < derivatives.length; r++) {
    if (r > 0) factorial *= r;
    const d = derivatives[r];
    if (d === 0) continue;
    const term = affinePower(frame, 1, at, r);
    const factor = (scale * d) / factorial;
    for (let k = 0; k <= r; k++) into[k] += factor * term[k];
  }
}

/** Value at x. */
export function evaluatePolynomial(frame: PolynomialFrame, p: Float64Array, x: number): number {
  const u = (x - frame.center) / frame.radius;
  let s = 0;
  for (let k = p.length - 1; k >= 0; k--) s = s * u + p[k];
  return s;
}

/**
 * The matrix T (q x q, row-major) taking coefficients in frame `from` to coefficients of the same
 * polynomial in frame `to`: with u_from = alpha + beta u_to, alpha = (to.center - from.center) / from.radius,
 * beta = to.radius / from.radius, T[k][j] = binom(j, k) alpha^(j - k) beta^k (upper triangular).
 */
export function frameChange(from: PolynomialFrame, to: PolynomialFrame, q: number): Float64Array {
  const alpha = (to.center - from.center) / from.radius;
  const beta = to.radius / from.radius;
  const T = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    // (alpha + beta u)^j = sum_k binom(j, k) alpha^(j-k) beta^k u^k
    let binomial = 1;
    for (let k = 0; k <= j; k++) {
      T[k * q + j] = binomial * alpha ** (j - k) * beta ** k;
      binomial = (binomial * (j - k)) / (k + 1);
    }
  }
  return T;
}
