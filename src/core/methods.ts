/**
 * The one method vocabulary: how a verification measures a unit, and where an iterative method starts.
 *
 *   construct     the explicit construction of src/construct (no training, deterministic)
 *   lsq           gates frozen, exact float64 least squares; starts: spline | construct gates (default spline)
 *   lm            float64 Levenberg-Marquardt, every parameter free; starts: lsq | spline | construct (default lsq)
 *   adam          TF.js float32 Adam; starts: spline | lsq | construct (default spline)
 *   paper-newton  the paper's reference optimizer (one pass of staged Newton steps, gates frozen);
 *                 starts: spline-torch | spline (default spline-torch)
 *   varpro        variable projection: knots moved by Levenberg-Marquardt, the rest solved exactly;
 *                 starts: spline | random (default spline)
 *
 * Starts:
 *   spline        the paper's spline initialisation of the gates, other parameters N(0, 1) (the paper's text)
 *   spline-torch  the same gates, other parameters as PyTorch's nn.Linear defaults (the reference code)
 *   random        gate directions +-1 at random, knots uniform on the domain
 *   lsq           the lsq solution;  construct: the explicit construction
 *
 * Examples:  parseTrainedMethod('lm') === 'lm';  parseStart('lm', undefined) === 'lsq'
 */
import { UsageError } from './errors.js';
import type { FloatPrecision } from './floatPrecision.js';

export const METHODS = ['construct', 'lsq', 'lm', 'adam', 'paper-newton', 'varpro'] as const;
export type Method = (typeof METHODS)[number];
/** The methods that train (or solve) on data and write result records. */
export type TrainedMethod = Exclude<Method, 'construct'>;

export const STARTS = ['spline', 'lsq', 'construct', 'spline-torch', 'random'] as const;
export type Start = (typeof STARTS)[number];

/** The starts each trained method accepts; the first is its default. */
export const METHOD_STARTS: Readonly<Record<TrainedMethod, readonly Start[]>> = {
  lsq: ['spline', 'construct'],
  lm: ['lsq', 'spline', 'construct'],
  adam: ['spline', 'lsq', 'construct'],
  'paper-newton': ['spline-torch', 'spline'],
  varpro: ['spline', 'random'],
};

/** The paper's training set size: uniform random points on the domain. */
export const DEFAULT_TRAINING_POINTS = 10000;

export function isTrainedMethod(text: string): text is TrainedMethod {
  return Object.hasOwn(METHOD_STARTS, text);
}

export function parseTrainedMethod(text: string): TrainedMethod {
  if (isTrainedMethod(text)) return text;
  throw new UsageError(`unknown method "${text}"; methods: ${Object.keys(METHOD_STARTS).join(', ')}`);
}

/** The start for a method: the given one if the method accepts it, else the method's default when none is given. */
export function parseStart(method: TrainedMethod, text: string | undefined): Start {
  const allowed = METHOD_STARTS[method];
  if (text === undefined) return allowed[0];
  const found = allowed.find((s) => s === text);
  if (found) return found;
  throw new UsageError(`method ${method} cannot start from --init ${text}; it accepts: ${allowed.join(', ')}`);
}

/** The arithmetic a method's results carry: float32 for TF.js Adam, float64 otherwise. */
export function methodPrecision(method: Method): FloatPrecision {
  return method === 'adam' ? 'float32' : 'float64';
}
