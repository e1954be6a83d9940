/**
 * A relu-gated neuron on its active side, as polynomials in a local frame, float64.
 *
 * On the side where its gate is open, relu(z_g)^a = z_g^a, so neuron i contributes the polynomial
 *   y_i(x) = D_i * prod_l z_l(x)^(e_l),   z_l = L_i x + l_i,
 * where e_l is the total power of map l (the gate map: a plus any plain power of the same letter), of
 * degree m = activeSideDegree. Its derivatives with respect to the neuron's own parameters are
 * polynomials of degree <= m as well:
 *   d/dL_l = D_i e_l z_l^(e_l - 1) x prod_(l' != l) z_l'^(e_l'),   d/dl_l = the same without x,
 *   d/dD_i = prod_l z_l^(e_l).
 * They are exactly the Jacobian columns of neuron i on every cell where it is active (networkJacobian
 * gives the same values point by point), which is what lets LM work cell by cell instead of row by row.
 *
 * Coefficients are in the frame variable u = (x - center) / radius (shiftedPolynomial.ts), ascending
 * powers, length m + 1. Parameter order is the flat layout's: per map (weight, bias) in unit.maps order,
 * then D_i (so 2k + 1 polynomials for k maps).
 *
 * Examples:  const shape = neuronShape(parseUnit('glu'));            // exponents [1, 1], degree 2
 *            neuronPolynomials(shape, theta, layout, i, frame, out); // out.value, out.derivatives[0..4]
 */
import { activeSideDegree, type UnitForm } from '../core/unitForm.js';
import type { PolynomialFrame } from '../linalg/shiftedPolynomial.js';
import type { ParameterLayout } from './networkParams.js';

/** The exponent of each map on the active side, in unit.maps order, and the total degree m. */
export interface NeuronShape {
  readonly exponents: readonly number[];
  readonly degree: number;
  /** own parameters per neuron: 2k + 1 */
  readonly parametersPerNeuron: number;
}

export function neuronShape(unit: UnitForm): NeuronShape {
  if (!unit.piecewisePolynomial)
    throw new RangeError(`neuronShape: ${unit.expression} has a smooth gate, no polynomial pieces`);
  const exponents = unit.maps.map((map) => {
    const plain = unit.factors.find((f) => f.map === map)?.power ?? 0;
    return (map === unit.gate.map ? unit.gate.power : 0) + plain;
  });
  return { exponents, degree: activeSideDegree(unit), parametersPerNeuron: 2 * unit.maps.length + 1 };
}

/** Output of neuronPolynomials; allocate once with neuronPolynomialBuffers and reuse. */
export interface NeuronPolynomialBuffers {
  /** y_i on its active side, length m + 1 */
  readonly value: Float64Array;
  /** d y_i / d(own parameter p), p = 0..2k, each length m + 1 */
  readonly derivatives: Float64Array[];
  /** scratch: z_l in u, and its powers */
  readonly powers: Float64Array[][];
  readonly scratch: Float64Array;
}

export function neuronPolynomialBuffers(shape: NeuronShape): NeuronPolynomialBuffers {
  const q = shape.degree + 1;
  return {
    value: new Float64Array(q),
    derivatives: Array.from({ length: shape.parametersPerNeuron }, () => new Float64Array(q)),
    powers: shape.exponents.map((e) => Array.from({ length: e + 1 }, () => new Float64Array(q))),
    scratch: new Float64Array(q),
  };
}

/** out = p * q truncated to out.length (the degrees here never exceed m, so nothing is lost). */
function multiplyInto(p: Float64Array, q: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    if (a === 0) continue;
    for (let j = 0; j + i < out.length; j++) out[i + j] += a * q[j];
  }
}

/**
 * Fills `out` with neuron i's active-side polynomial and its 2k + 1 parameter derivatives in `frame`.
 * theta is the flat parameter vector, laid out by `layout` (1-D).
 */
export function neuronPolynomials(
  shape: NeuronShape,
  theta: Float64Array,
  layout: ParameterLayout,
  i: number,
  frame: PolynomialFrame,
  out: NeuronPolynomialBuffers,
): void {
  const k = shape.exponents.length;
  const D = theta[layout.outputWeight(i)];
  const { powers, scratch } = out;
  // z_l^p in u for p = 0..e_l: z_l = (L center + l) + L radius u.
  for (let l = 0; l < k; l++) {
    const L = theta[layout.weight(l, i)];
    const b = theta[layout.bias(l, i)];
    const z = [L * frame.center + b, L * frame.radius];
    const pw = powers[l];
    pw[0].fill(0);
    pw[0][0] = 1;
    for (let p = 1; p < pw.length; p++) {
      const prev = pw[p - 1];
      const cur = pw[p];
      cur.fill(0);
      for (let j = 0; j < cur.length; j++) {
        if (prev[j] === 0) continue;
        cur[j] += prev[j] * z[0];
        if (j + 1 < cur.length) cur[j + 1] += prev[j] * z[1];
      }
    }
  }
  // value = prod_l z_l^(e_l)
  const value = out.value;
  value.fill(0);
  value[0] = 1;
  for (let l = 0; l < k; l++) {
    multiplyInto(value, powers[l][shape.exponents[l]], scratch);
    value.set(scratch);
  }
  out.derivatives[2 * k].set(value); // d/dD
  for (let j = 0; j < value.length; j++) value[j] *= D;
  // base_l = D e_l z_l^(e_l - 1) prod_(l' != l) z_l'^(e_l'); weight derivative = base_l * x, x = center + radius u.
  for (let l = 0; l < k; l++) {
    const bias = out.derivatives[2 * l + 1];
    const weight = out.derivatives[2 * l];
    const e = shape.exponents[l];
    if (e === 0) {
      bias.fill(0);
      weight.fill(0);
      continue;
    }
    bias.fill(0);
    bias[0] = D * e;
    for (let l2 = 0; l2 < k; l2++) {
      multiplyInto(bias, powers[l2][l2 === l ? e - 1 : shape.exponents[l2]], scratch);
      bias.set(scratch);
    }
    weight.fill(0);
    for (let j = 0; j < bias.length; j++) {
      if (bias[j] === 0) continue;
      weight[j] += bias[j] * frame.center;
      if (j + 1 < weight.length) weight[j + 1] += bias[j] * frame.radius;
    }
  }
}

/**
 * Adds neuron i's active-side polynomial D_i prod_l z_l^(e_l) in `frame` to `into` (length m + 1), using
 * `work` (length m + 1) as scratch: m multiplications by an affine polynomial, O(m^2).
 */
export function addNeuronValue(
  shape: NeuronShape,
  theta: Float64Array,
  layout: ParameterLayout,
  i: number,
  frame: PolynomialFrame,
  into: Float64Array,
  work: Float64Array,
): void {
  work.fill(0);
  work[0] = theta[layout.outputWeight(i)];
  let degree = 0;
  for (let l = 0; l < shape.exponents.length; l++) {
    const L = theta[layout.weight(l, i)];
    const a0 = L * frame.center + theta[layout.bias(l, i)];
    const a1 = L * frame.radius;
    for (let e = 0; e < shape.exponents[l]; e++) {
      degree++;
      for (let j = degree; j > 0; j--) work[j] = work[j] * a0 + work[j - 1] * a1;
      work[0] *= a0;
    }
  }
  for (let j = 0; j <= degree; j++) into[j] += work[j];
}
