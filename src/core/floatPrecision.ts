/**
 * Machine epsilons (unit roundoff times 2: the gap between 1 and the next float) of the two
 * arithmetics the project measures in. float64 is every solver and fit; float32 is TF.js Adam.
 *
 * Examples:  FLOAT_EPSILON.float64 === 2 ** -52;  FLOAT_EPSILON.float32 === 2 ** -23
 */
export const FLOAT_EPSILON = { float64: 2 ** -52, float32: 2 ** -23 } as const;
export type FloatPrecision = keyof typeof FLOAT_EPSILON;

/** float64 machine epsilon, 2^-52 = 2.220446049250313e-16. */
export const EPS64 = FLOAT_EPSILON.float64;
