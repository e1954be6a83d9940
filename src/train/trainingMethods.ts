/**
 * The training methods of `measure` and the starts each accepts (first = default):
 *   lsq   gates frozen; `spline` or `construct` gates                      (default spline)
 *   lm    float64 Levenberg-Marquardt from `lsq`, `spline` or `construct`  (default lsq)
 *   adam  TF.js float32 Adam from `spline`, `lsq` or `construct`           (default spline)
 */
import { UsageError } from '../core/errors.js';

export type TrainingMethod = 'lsq' | 'lm' | 'adam';
export type Initialisation = 'spline' | 'lsq' | 'construct';

export const METHOD_INITS: Readonly<Record<TrainingMethod, readonly Initialisation[]>> = {
  lsq: ['spline', 'construct'],
  lm: ['lsq', 'spline', 'construct'],
  adam: ['spline', 'lsq', 'construct'],
};

export function parseMethod(text: string): TrainingMethod {
  if (text in METHOD_INITS) return text as TrainingMethod;
  throw new UsageError(`unknown method "${text}"; methods: ${Object.keys(METHOD_INITS).join(', ')}`);
}

/** The start for a method: the given one if the method accepts it, else the method's default when none is given. */
export function parseInitialisation(method: TrainingMethod, text: string | undefined): Initialisation {
  const allowed = METHOD_INITS[method];
  if (text === undefined) return allowed[0];
  if ((allowed as readonly string[]).includes(text)) return text as Initialisation;
  throw new UsageError(`method ${method} cannot start from --init ${text}; it accepts: ${allowed.join(', ')}`);
}
