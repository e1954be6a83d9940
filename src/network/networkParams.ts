/**
 * Parameters of a one-hidden-layer network y(x) = d + sum_i D_i * unit_i(x) in 1-D, for any unit form.
 * One Float64Array of length n per parameter name: for each affine map letter l, the weight
 * (upper case L) and the bias (l); then the output weights D; the output bias d is a scalar.
 *
 * Flat parameter vector order (used by Jacobians and optimisers): for each map in unit.maps order,
 * weight[0..n-1] then bias[0..n-1]; then D[0..n-1]; then d. Length (2k + 1) n + 1 for k maps.
 */
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';

export interface NetworkParams {
  /** canonical unit expression, e.g. "relu(g)*u" */
  readonly unit: string;
  /** number of neurons */
  readonly n: number;
  /** per parameter name ("G", "g", "U", "u", ..., "D"): length-n arrays */
  readonly arrays: Readonly<Record<string, Float64Array>>;
  /** output bias */
  d: number;
}

/** Parameter names of the per-neuron arrays, in flat-vector order: G, g, U, u, ..., D. */
export function parameterNames(unit: UnitForm): string[] {
  return [...unit.maps.flatMap((m) => [m.toUpperCase(), m]), 'D'];
}

/** Total parameter count in 1-D: (2k + 1) n + 1. */
export function parameterCount(unit: UnitForm, n: number): number {
  return parameterNames(unit).length * n + 1;
}

/** All-zero parameters for n neurons. */
export function zeroParams(unit: UnitForm, n: number): NetworkParams {
  const arrays: Record<string, Float64Array> = {};
  for (const name of parameterNames(unit)) arrays[name] = new Float64Array(n);
  return { unit: unit.expression, n, arrays, d: 0 };
}

export function flattenParams(unit: UnitForm, p: NetworkParams): Float64Array {
  const names = parameterNames(unit);
  const out = new Float64Array(names.length * p.n + 1);
  names.forEach((name, k) => out.set(p.arrays[name], k * p.n));
  out[names.length * p.n] = p.d;
  return out;
}

export function unflattenParams(unit: UnitForm, n: number, theta: Float64Array): NetworkParams {
  const names = parameterNames(unit);
  if (theta.length !== names.length * n + 1) throw new Error(`unflattenParams: expected ${names.length * n + 1} values, got ${theta.length}`);
  const arrays: Record<string, Float64Array> = {};
  names.forEach((name, k) => (arrays[name] = theta.slice(k * n, (k + 1) * n)));
  return { unit: unit.expression, n, arrays, d: theta[names.length * n] };
}

/** JSON form: { unit, n, G: [...], g: [...], ..., D: [...], d }. */
export function paramsToJson(unit: UnitForm, p: NetworkParams): Record<string, unknown> {
  const out: Record<string, unknown> = { unit: p.unit, n: p.n };
  for (const name of parameterNames(unit)) out[name] = Array.from(p.arrays[name]);
  out.d = p.d;
  return out;
}

/**
 * Inverse of paramsToJson. A record for another unit, a missing array, an array whose length is not
 * n, or a non-finite value is a UsageError naming the field (the file comes from the user).
 */
export function paramsFromJson(unit: UnitForm, json: Record<string, unknown>): NetworkParams {
  const n = json.n as number;
  if (typeof json.unit === 'string' && json.unit !== unit.expression) {
    throw new UsageError(`parameters are for unit "${json.unit}", not "${unit.expression}"`);
  }
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`parameters: "n" must be an integer >= 1, got ${JSON.stringify(json.n)}`);
  const arrays: Record<string, Float64Array> = {};
  for (const name of parameterNames(unit)) {
    const values = json[name];
    if (!Array.isArray(values) || values.length !== n || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UsageError(`parameters: "${name}" must be an array of ${n} finite numbers`);
    }
    arrays[name] = Float64Array.from(values as number[]);
  }
  if (typeof json.d !== 'number' || !Number.isFinite(json.d)) throw new UsageError('parameters: "d" must be a finite number');
  return { unit: unit.expression, n, arrays, d: json.d };
}
