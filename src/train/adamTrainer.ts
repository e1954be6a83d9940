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

function roundToFloat32(unit: UnitForm, p: NetworkParams): NetworkParams {
  return unflattenParams(unit, p.n, Float64Array.from(Float32Array.from(flattenParams(unit, p))), p.dim);
}

export async function trainAdam(
  unit: UnitForm,
  start: NetworkParams,
  xs: Float64Array,
  ys: Float64Array,
  options: AdamOptions = {},
): Promise<TrainingOutcome> {
  const o = { ...ADAM_DEFAULTS, ...options };
  const { tf, backend } = await loadTensorFlow();
  const n = start.n;
  const names = parameterNames(unit);
  const variables: Record<string, TensorFlow.Variable> = {};
  for (const name of names) {
    const shape: [number, number] = name === 'D' ? [n, 1] : [1, n];
    variables[name] = tf.variable(
      tf.tensor2d(Float32Array.from(namedParameterArray(start, name)), shape, 'float32'),
      true,
      `p_${name}`,
    );
  }
  variables.d = tf.variable(tf.scalar(start.d, 'float32'), true, 'p_bias');
  const x = tf.tensor2d(Float32Array.from(xs), [xs.length, 1], 'float32');
  const y = tf.tensor2d(Float32Array.from(ys), [ys.length, 1], 'float32');
  const forward = (): TensorFlow.Tensor => {
    const z = (map: string) => tf.add(tf.matMul(x, variables[map.toUpperCase()]), variables[map]);
    let value = power(tf, gateTensor(tf, unit, z(unit.gate.map)), unit.gate.power);
    for (const f of unit.factors) value = tf.mul(value, power(tf, z(f.map), f.power));
    return tf.add(tf.matMul(value, variables.D), variables.d);
  };
  const optimizer = tf.train.adam(o.learningRate);
  const ratio = o.finalLearningRate / o.learningRate;
  let finalLoss = Number.NaN;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      (optimizer as unknown as { learningRate: number }).learningRate =
        o.learningRate * ratio ** (o.epochs > 1 ? epoch / (o.epochs - 1) : 0);
      const last = epoch === o.epochs - 1;
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, forward()) as TensorFlow.Scalar, last);
      if (last && loss) {
        finalLoss = (await loss.data())[0];
        loss.dispose();
      }
    }
    const params = zeroParams(unit, n);
    params.d = (await variables.d.data())[0];
    for (const name of names) namedParameterArray(params, name).set(await variables[name].data());
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
    x.dispose();
    y.dispose();
    optimizer.dispose();
  }
}
