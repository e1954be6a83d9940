/**
 * TensorFlow.js for the `adam` method, loaded lazily (only adam needs it).
 * Preference: @tensorflow/tfjs-node (native, an optional dependency that npm may skip), then
 * @tensorflow/tfjs with the wasm backend (works offline; ~9x faster than the pure-JS cpu backend
 * here), then the cpu backend. The name of the backend that ran is recorded in every adam result.
 */
import type * as TensorFlow from '@tensorflow/tfjs';

export interface LoadedTensorFlow {
  readonly tf: typeof TensorFlow;
  /** e.g. "tfjs-wasm" */
  readonly backend: string;
}

let loading: Promise<LoadedTensorFlow> | null = null;

async function load(): Promise<LoadedTensorFlow> {
  // A variable module name keeps TypeScript from requiring the optional package at build time.
  const nativeModule = '@tensorflow/tfjs-node';
  try {
    const tf = (await import(nativeModule)) as typeof TensorFlow;
    await tf.ready();
    return { tf, backend: 'tfjs-node' };
  } catch {
    // not installed (npm skips the optional native build): fall through to wasm
  }
  const tf = await import('@tensorflow/tfjs');
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return { tf, backend: 'tfjs-wasm' };
    }
  } catch {
    // wasm could not start: the cpu backend below is slower but computes the same float32 results
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'tfjs-cpu' };
}

export function loadTensorFlow(): Promise<LoadedTensorFlow> {
  loading ??= load();
  return loading;
}
