/**
 * scikit-learn's Friedman regression problems (make_friedman1/2/3 with noise 0), bit for bit with
 * numpy's RandomState stream for the inputs and the Friedman 2 target; the Friedman 1 and 3 targets
 * use correctly rounded sin and atan (correctlyRoundedMath.ts), which agree with numpy wherever its
 * libm is correctly rounded. The call order follows scikit-learn's sklearn/datasets/_samples_generator.py:
 *
 *   #1: X = uniform(size = (n, 5)) (the paper's 5 features), y = 10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4
 *   #2: X = uniform(size = (n, 4)); x0 *= 100; x1 *= 520 pi; x1 += 40 pi; x3 *= 10; x3 += 1;
 *       y = sqrt(x0^2 + (x1 x2 - 1 / (x1 x3))^2)
 *   #3: the same X; y = atan((x1 x2 - 1 / (x1 x3)) / x0)
 * scikit-learn draws the (zero) noise after X, so it changes neither X nor y.
 *
 * Shapes: X is n x d row-major (Float64Array of n d), y has length n.
 *
 * Examples:  friedman(1, 3, 0).y[0] === 17.213491800723624
 */
import { correctlyRoundedAtan, correctlyRoundedSin } from './correctlyRoundedMath.js';
import { NumpyRandomState } from './numpyRandomState.js';

export type FriedmanProblem = 1 | 2 | 3;

export interface RegressionData {
  /** n x d, row-major */
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
  readonly dim: number;
}

/** Inputs of #2 and #3: the unit-cube draw scaled in scikit-learn's order. */
function friedman23Inputs(rows: number, seed: number): Float64Array {
  const X = new NumpyRandomState(seed).uniform(0, 1, rows * 4);
  const scale1 = 520 * Math.PI;
  const shift1 = 40 * Math.PI;
  for (let i = 0; i < rows; i++) {
    X[i * 4] *= 100;
    X[i * 4 + 1] *= scale1;
    X[i * 4 + 1] += shift1;
    X[i * 4 + 3] *= 10;
    X[i * 4 + 3] += 1;
  }
  return X;
}

export function friedman(problem: FriedmanProblem, rows: number, seed: number): RegressionData {
  if (problem === 1) {
    const X = new NumpyRandomState(seed).uniform(0, 1, rows * 5);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const x = X.subarray(i * 5, i * 5 + 5);
      const t = x[2] - 0.5;
      y[i] = 10 * correctlyRoundedSin(Math.PI * x[0] * x[1]) + 20 * (t * t) + 10 * x[3] + 5 * x[4];
    }
    return { X, y, rows, dim: 5 };
  }
  const X = friedman23Inputs(rows, seed);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const [x0, x1, x2, x3] = X.subarray(i * 4, i * 4 + 4);
    const t = x1 * x2 - 1 / (x1 * x3);
    y[i] = problem === 2 ? Math.sqrt(x0 * x0 + t * t) : correctlyRoundedAtan(t / x0);
  }
  return { X, y, rows, dim: 4 };
}
