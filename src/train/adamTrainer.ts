/**
 * Method `adam`: what a practitioner would run. Full-batch Adam (beta1 0.9, beta2 0.999,
 * epsilon 1e-7, TF.js defaults) on the mean squared error, in TensorFlow.js float32, every
 * parameter free. Learning-rate schedule: exponential decay from learningRate to finalLearningRate
 * over the epochs, lr_e = lr_0 (lr_end / lr_0)^(e / (E - 1)): 1e-2 -> 1e-4 from the random spline
 * start; 1e-2 lower (1e-4 -> 1e-6) from a fitted start (lsq, construct), because Adam's first steps
 * move every parameter by about lr whatever its gradient, which would throw a 1e-5-accurate start
 * back to 1e-3 (measured: GLU n = 64, lr 1e-2: 1.4e-5 -> 1.2e-3).
 *
 * Precision: TF.js has no float64. Float32 rounds relatively by 6e-8, so train/test RMSE cannot go
 * much below ~1e-7 max|f| (more when the network's terms cancel); the notes state that floor and
 * how much the float32 rounding of the starting parameters alone costs. The reported RMSEs
 * evaluate the trained (float32) parameters in float64 with the project's network evaluator,
 * so every method is scored by the same code.
 */
import type * as TensorFlow from '@tensorflow/tfjs';
import type { UnitForm } from '../core/unitForm.js';
import { FLOAT_EPSILON } from '../core/floatPrecision.js';
import { evaluateNetwork } from '../network/evaluateNetwork.js';
import {
  flattenParams,
  namedParameterArray,
  parameterNames,
  unflattenParams,
  zeroParams,
  type NetworkParams,
} from '../network/networkParams.js';
import { loadTensorFlow } from './tensorflowBackend.js';
import { rootMeanSquareDifference } from '../core/testGrid.js';
import type { AdamDiagnostics, TrainingOutcome } from './trainingOutcome.js';
import { renderDiagnostics } from './renderDiagnostics.js';

export interface AdamOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly finalLearningRate?: number;
  /** Adam's epsilon; default TF.js's (1e-7 in float32). PyTorch's AdamW uses 1e-8. */
  readonly epsilon?: number;
}

export const ADAM_DEFAULTS = { epochs: 1000, learningRate: 1e-2, finalLearningRate: 1e-4 } as const;
/** Schedule from a start that already fits (lsq, construct): fine-tuning. */
export const ADAM_FINE_TUNING = { learningRate: 1e-4, finalLearningRate: 1e-6 } as const;

const FLOAT32_EPSILON = FLOAT_EPSILON.float32;

function gateTensor(tf: typeof TensorFlow, unit: UnitForm, z: TensorFlow.Tensor): TensorFlow.Tensor {
  switch (unit.gate.activation) {
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'silu':
      return tf.mul(z, tf.sigmoid(z));
    case 'gelu': // the tanh form, as src/network/gateActivation.ts
      return tf.mul(
        tf.mul(z, 0.5),
        tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(0.044715, tf.pow(z, 3)))))),
      );
  }
}

function power(tf: typeof TensorFlow, t: TensorFlow.Tensor, k: number): TensorFlow.Tensor {
  let out = t;
  for (let i = 1; i < k; i++) out = tf.mul(out, t);
  return out;
}

/** Whether a parameterNames entry is a map's weights (the map's letter in upper case; 'D' is the output layer). */
function isMapWeight(name: string): boolean {
  return name !== 'D' && name !== name.toLowerCase();
}

/** rows x cols row-major -> cols x rows row-major, as float32 (in 1-D a copy). */
function transposeNeuronMajor(values: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < cols; k++) out[k * rows + i] = values[i * cols + k];
  return out;
}

function roundToFloat32(unit: UnitForm, p: NetworkParams): NetworkParams {
  return unflattenParams(unit, p.n, Float64Array.from(Float32Array.from(flattenParams(unit, p))), p.dim);
}

/**
 * The network on the N training inputs X (N x dim, row-major), f = gate(X G + g)^p prod (X U + u)^q D + d
 * as TF.js ops on the variables (each map's weights (dim, n), biases (1, n); D (n, 1); d scalar), for
 * tf.train.adam to differentiate. In 1-D the weights are (1, n), as they were before d dimensions.
 */
function networkOnData(
  tf: typeof TensorFlow,
  unit: UnitForm,
  variables: Record<string, TensorFlow.Variable>,
  xs: Float64Array,
  dim: number,
): { forward: () => TensorFlow.Tensor; dispose: () => void } {
  const N = xs.length / dim;
  const x = tf.tensor2d(Float32Array.from(xs), [N, dim], 'float32');
  // [X 1], (N, dim + 1): the constant of every map's parameter gradient.
  const xOnes = tf.tensor2d(
    Float32Array.from({ length: (dim + 1) * N }, (_, k) => {
      const i = Math.floor(k / (dim + 1));
      const c = k - i * (dim + 1);
      return c < dim ? xs[i * dim + c] : 1;
    }),
    [N, dim + 1],
    'float32',
  );
  // The two layers whose TF.js gradients dominated an epoch carry their gradients written out (the
  // same mathematics; float32 sums in another order). Measured on the wasm backend, N = 10,000,
  // n = 64, an operand fresh each epoch: TF.js's gradient dy D^T of the output layer, a matMul whose
  // second operand is the new (N, 1) dy, takes 8.8 ms (the backend repacks a fresh second operand),
  // the broadcast product dy * D^T 0.8 ms; for a map, x^T dz plus the column sum of dz 3.7 ms, the one
  // product dz^T [x 1] 2.0 ms. Whole epochs, glu n = 64: 31 -> 51 per second; mlp n = 64: 51 -> 76.
  // z = X W + b, X (N, dim) constant, W (dim, n), b (1, n): [dW; db] = (dz^T [X 1])^T, split after row dim.
  const affineMap = tf.customGrad((...inputs) => {
    const [W, b] = inputs as TensorFlow.Tensor[];
    return {
      value: tf.add(tf.matMul(x, W), b),
      gradFunc: (dz: TensorFlow.Tensor) =>
        dim === 1
          ? tf.split(tf.transpose(tf.matMul(dz, xOnes, true, false)), 2, 0)
          : tf.split(tf.transpose(tf.matMul(dz, xOnes, true, false)), [dim, 1], 0),
    };
  });
  // f = v D + d, v (N, n), D (n, 1), d scalar: dv = df D^T (a broadcast product), dD = v^T df, dd = sum df.
  const outputLayer = tf.customGrad((...inputs) => {
    const [v, D, d] = inputs as TensorFlow.Tensor[];
    const save = inputs[3] as TensorFlow.GradSaveFunc;
    save([v, D]);
    return {
      value: tf.add(tf.matMul(v, D), d),
      gradFunc: (df: TensorFlow.Tensor, saved: TensorFlow.Tensor[]) => {
        const [savedV, savedD] = saved;
        return [tf.mul(df, tf.reshape(savedD, [1, savedD.shape[0]])), tf.matMul(savedV, df, true, false), tf.sum(df)];
      },
    };
  });
  const forward = (): TensorFlow.Tensor => {
    const z = (map: string) => affineMap(variables[map.toUpperCase()], variables[map]);
    let value = power(tf, gateTensor(tf, unit, z(unit.gate.map)), unit.gate.power);
    for (const f of unit.factors) value = tf.mul(value, power(tf, z(f.map), f.power));
    return outputLayer(value, variables.D, variables.d);
  };
  return {
    forward,
    dispose: () => {
      x.dispose();
      xOnes.dispose();
    },
  };
}

/**
 * Adam on the inputs xs (N x start.dim, row-major; in 1-D the N points) and targets ys (N) from `start`.
 */
export async function trainAdam(
  unit: UnitForm,
  start: NetworkParams,
  xs: Float64Array,
  ys: Float64Array,
  options: AdamOptions = {},
): Promise<TrainingOutcome> {
  const o = { ...ADAM_DEFAULTS, ...options };
  const { tf, backend } = await loadTensorFlow();
  const { n, dim } = start;
  const names = parameterNames(unit);
  const variables: Record<string, TensorFlow.Variable> = {};
  // tf.tidy disposes the initial-value tensors (each variable holds its own reference to the data);
  // left alive, they outlived every call.
  tf.tidy(() => {
    for (const name of names) {
      // a map's weights are neuron-major n x dim in NetworkParams: the tensor is their transpose (dim, n)
      const isWeight = isMapWeight(name);
      const shape: [number, number] = name === 'D' ? [n, 1] : isWeight ? [dim, n] : [1, n];
      const values = namedParameterArray(start, name);
      const data = isWeight ? transposeNeuronMajor(values, n, dim) : Float32Array.from(values);
      variables[name] = tf.variable(tf.tensor2d(data, shape, 'float32'), true, `p_${name}`);
    }
    variables.d = tf.variable(tf.scalar(start.d, 'float32'), true, 'p_bias');
  });
  const y = tf.tensor2d(Float32Array.from(ys), [ys.length, 1], 'float32');
  const network = networkOnData(tf, unit, variables, xs, dim);
  const optimizer =
    o.epsilon === undefined ? tf.train.adam(o.learningRate) : tf.train.adam(o.learningRate, 0.9, 0.999, o.epsilon);
  const ratio = o.finalLearningRate / o.learningRate;
  let finalLoss = Number.NaN;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      (optimizer as unknown as { learningRate: number }).learningRate =
        o.learningRate * ratio ** (o.epochs > 1 ? epoch / (o.epochs - 1) : 0);
      const last = epoch === o.epochs - 1;
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError(y, network.forward()) as TensorFlow.Scalar,
        last,
      );
      if (last && loss) {
        finalLoss = (await loss.data())[0];
        loss.dispose();
      }
    }
    const params = zeroParams(unit, n, dim);
    params.d = (await variables.d.data())[0];
    for (const name of names) {
      const isWeight = isMapWeight(name);
      const values = (await variables[name].data()) as Float32Array;
      namedParameterArray(params, name).set(isWeight ? transposeNeuronMajor(values, dim, n) : values);
    }
    const maxTarget = ys.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const startRmse = rootMeanSquareDifference(evaluateNetwork(unit, start, xs), ys);
    const roundedStartRmse = rootMeanSquareDifference(evaluateNetwork(unit, roundToFloat32(unit, start), xs), ys);
    const diagnostics: AdamDiagnostics = {
      kind: 'adam',
      tfBackend: backend,
      epochs: o.epochs,
      learningRate: o.learningRate,
      finalLearningRate: o.finalLearningRate,
      float32Epsilon: FLOAT32_EPSILON,
      float32Floor: FLOAT32_EPSILON * maxTarget,
      startRmse,
      roundedStartRmse,
      finalLossRmse: Math.sqrt(finalLoss),
    };
    return {
      params,
      iterations: o.epochs,
      stopReason: 'epochs',
      diagnostics,
      notes: renderDiagnostics(diagnostics),
      backend: `${backend} (float32)`,
    };
  } finally {
    for (const v of Object.values(variables)) v.dispose();
    network.dispose();
    y.dispose();
    optimizer.dispose();
  }
}
