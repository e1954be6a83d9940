/**
 * Parameters of a one-hidden-layer network y(x) = d + sum_i D_i * unit_i(x), x in R^dim, for any unit
 * form: each affine map letter l (in unit.maps order: the gate map first) has per neuron a weight
 * vector L_i in R^dim and a bias l_i, so z_l = L_i . x + l_i; then the output weights D_i and the
 * output bias d. In 1-D (dim = 1) each weight is one number.
 *
 * Shapes: maps[l].weight is n x dim, neuron-major (weight[i * dim + k] multiplies x_k for neuron i);
 * maps[l].bias and D have length n. The flat parameter vector (Jacobians, optimisers) is laid out by
 * parameterLayout, the only place that knows it.
 *
 * Examples:  const p = zeroParams(parseUnit('glu'), 8);  p.maps.g.weight[3] = 1;  p.D[3] = 2;  p.d = 0.5
 */
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';

export interface AffineMapParams {
  /** n x dim, neuron-major */
  readonly weight: Float64Array;
  /** length n */
  readonly bias: Float64Array;
}

export interface NetworkParams {
  /** canonical unit expression, e.g. "relu(g)*u" */
  readonly unit: string;
  /** number of neurons */
  readonly n: number;
  /** input dimension */
  readonly dim: number;
  /** per map letter of the unit ("g", "u", ...) */
  readonly maps: Readonly<Record<string, AffineMapParams>>;
  /** output weights, length n */
  readonly D: Float64Array;
  /** output bias */
  d: number;
}

/**
 * The flat parameter vector: for each map in unit.maps order, its weights (n x dim, neuron-major)
 * then its biases (n); then D (n); then d. Length (k (dim + 1) + 1) n + 1 for k maps.
 */
export interface ParameterLayout {
  readonly n: number;
  readonly dim: number;
  /** the unit's maps, gate map first */
  readonly maps: readonly string[];
  readonly size: number;
  /** index of the weight of map `mapIndex`, neuron i, input component k */
  weight(mapIndex: number, i: number, k?: number): number;
  /** index of the bias of map `mapIndex`, neuron i */
  bias(mapIndex: number, i: number): number;
  /** index of D_i */
  outputWeight(i: number): number;
  /** index of d */
  readonly outputBias: number;
}

export function parameterLayout(unit: UnitForm, n: number, dim = 1): ParameterLayout {
  const block = n * (dim + 1);
  const k = unit.maps.length;
  return {
    n,
    dim,
    maps: unit.maps,
    size: k * block + n + 1,
    weight: (mapIndex, i, component = 0) => mapIndex * block + i * dim + component,
    bias: (mapIndex, i) => mapIndex * block + n * dim + i,
    outputWeight: (i) => k * block + i,
    outputBias: k * block + n,
  };
}

/** JSON names of the per-neuron arrays, in flat-vector order: G, g, U, u, ..., D. */
export function parameterNames(unit: UnitForm): string[] {
  return [...unit.maps.flatMap((m) => [m.toUpperCase(), m]), 'D'];
}

/** Total parameter count: (k (dim + 1) + 1) n + 1; in 1-D (2k + 1) n + 1. */
export function parameterCount(unit: UnitForm, n: number, dim = 1): number {
  return parameterLayout(unit, n, dim).size;
}

/** All-zero parameters for n neurons on inputs of dimension dim. */
export function zeroParams(unit: UnitForm, n: number, dim = 1): NetworkParams {
  const maps: Record<string, AffineMapParams> = {};
  for (const map of unit.maps) maps[map] = { weight: new Float64Array(n * dim), bias: new Float64Array(n) };
  return { unit: unit.expression, n, dim, maps, D: new Float64Array(n), d: 0 };
}

export function flattenParams(unit: UnitForm, p: NetworkParams): Float64Array {
  const layout = parameterLayout(unit, p.n, p.dim);
  const out = new Float64Array(layout.size);
  unit.maps.forEach((map, l) => {
    out.set(p.maps[map].weight, layout.weight(l, 0));
    out.set(p.maps[map].bias, layout.bias(l, 0));
  });
  out.set(p.D, layout.outputWeight(0));
  out[layout.outputBias] = p.d;
  return out;
}

export function unflattenParams(unit: UnitForm, n: number, theta: Float64Array, dim = 1): NetworkParams {
  const layout = parameterLayout(unit, n, dim);
  if (theta.length !== layout.size)
    throw new Error(`unflattenParams: expected ${layout.size} values, got ${theta.length}`);
  const maps: Record<string, AffineMapParams> = {};
  unit.maps.forEach((map, l) => {
    maps[map] = {
      weight: theta.slice(layout.weight(l, 0), layout.weight(l, 0) + n * dim),
      bias: theta.slice(layout.bias(l, 0), layout.bias(l, 0) + n),
    };
  });
  return {
    unit: unit.expression,
    n,
    dim,
    maps,
    D: theta.slice(layout.outputWeight(0), layout.outputWeight(0) + n),
    d: theta[layout.outputBias],
  };
}

/** The per-neuron array of a JSON name: "G" is the weights of map g, "g" its biases, "D" the output weights. */
export function namedParameterArray(p: NetworkParams, name: string): Float64Array {
  if (name === 'D') return p.D;
  const map = name.toLowerCase();
  return name === map ? p.maps[map].bias : p.maps[map].weight;
}

/** JSON form (1-D): { unit, n, G: [...], g: [...], ..., D: [...], d }. */
export function paramsToJson(unit: UnitForm, p: NetworkParams): Record<string, unknown> {
  const out: Record<string, unknown> = { unit: p.unit, n: p.n };
  for (const name of parameterNames(unit)) out[name] = Array.from(namedParameterArray(p, name));
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
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`parameters: "n" must be an integer >= 1, got ${JSON.stringify(json.n)}`);
  const p = zeroParams(unit, n);
  for (const name of parameterNames(unit)) {
    const values = Object.hasOwn(json, name) ? json[name] : undefined;
    if (
      !Array.isArray(values) ||
      values.length !== n ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new UsageError(`parameters: "${name}" must be an array of ${n} finite numbers`);
    }
    namedParameterArray(p, name).set(values as number[]);
  }
  if (typeof json.d !== 'number' || !Number.isFinite(json.d))
    throw new UsageError('parameters: "d" must be a finite number');
  p.d = json.d;
  return p;
}
