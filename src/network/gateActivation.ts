/**
 * Gate activations and their exact derivatives, float64.
 * relu'(0) is taken as 0 (the subgradient convention of every framework).
 * gelu is the tanh form 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))), as in GPT-2 and
 * TF.js's approximate gelu: JavaScript has no erf, and no order prediction depends on it.
 */
import type { GateActivation } from '../core/unitForm.js';

export interface Activation {
  value(z: number): number;
  derivative(z: number): number;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/**
 * tanh(sqrt(2/pi) (z + 0.044715 z^3)), gelu's inner tanh. Math.tanh is exactly +-1 from |argument| >= 19.0616
 * (measured: the largest double below that is the last one under 1), and the argument is odd and increasing
 * in z with |argument| = 19.70 at |z| = 7.3, so there the result is +-1 without evaluating it: the same
 * value bit for bit (test/network/gateActivation.test.ts), and the smooth-gate lm, whose gates are saturated
 * at most points, skips Math.tanh and the slow z ** 3 there.
 */
function geluTanh(z: number): number {
  if (z >= GELU_SATURATED) return 1;
  if (z <= -GELU_SATURATED) return -1;
  return Math.tanh(SQRT_2_OVER_PI * (z + 0.044715 * z ** 3));
}
const GELU_SATURATED = 7.3;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export const ACTIVATIONS: Readonly<Record<GateActivation, Activation>> = {
  relu: { value: (z) => (z > 0 ? z : 0), derivative: (z) => (z > 0 ? 1 : 0) },
  sigmoid: { value: sigmoid, derivative: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  tanh: { value: Math.tanh, derivative: (z) => 1 - Math.tanh(z) ** 2 },
  silu: { value: (z) => z * sigmoid(z), derivative: (z) => sigmoid(z) * (1 + z * (1 - sigmoid(z))) },
  gelu: {
    value: (z) => 0.5 * z * (1 + geluTanh(z)),
    derivative: (z) => {
      const th = geluTanh(z);
      return 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * z * z);
    },
  },
};
