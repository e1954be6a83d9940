/**
 * The unit designer: every distinct relu-gated polynomial unit up to a size, each with the order,
 * continuity, parameters per neuron, head-neuron count and RMSE constant its analysis derives
 * (symbolic/analysedUnit, symbolic/proveUnit), the error its explicit construction predicts at each
 * parameter budget, and the Pareto front over those budgets.
 *
 * Forms. One relu gate raised to a power a >= 1 times up to K further affine factors (with
 * repetition), active degree a + (factors) <= M. Two forms that differ only by renaming the non-gate
 * letters are one unit (relu(g)*u*q = relu(g)*q*u), so a form is (a, the multiset of powers of the
 * distinct free letters), the letters given in the order u, q, v, w, ... to the powers sorted
 * largest first: relu(g)^2*u^2*q. A factor of the gate's own map is left out: relu(z)^a z^b =
 * relu(z)^(a+b) on the whole line (both vanish for z <= 0), so relu(g)^a*g^b is relu(g)^(a+b), not
 * a new unit, and it has the same maps and parameters.
 *
 * Prediction (1-D). The construction of the unit's (m, r) on N cells has
 *   L(P) = C * RMS_[a,b](f^(m+1)) * h^(m+1),  h = (b - a)/N,  N = n - k + 1,  n = floor((P - 1)/p),
 * p the parameters per neuron, k the head neurons and C the proved constant. It predicts the
 * prefactor as well as the slope, for the construction: lsq and trained networks can only do
 * better at the same width. RMS(f^(m+1)) is the mean over the 20001-point test grid, with f^(m+1)
 * from core/taylorDerivatives. Below the construction's smallest width the budget has no prediction.
 * In D > 1 dimensions only the order (slope -(m+1)/D) and p are derived: the constants are 1-D, so
 * L is null and the front compares order and p alone.
 *
 * Front. Unit v beats u when order(v) >= order(u), p(v) <= p(u) and L_v(P) <= L_u(P) at every
 * budget in the list (no prediction counts as +infinity), with at least one strict, or all equal
 * and v earlier in the enumeration (then u is listed as a tie of v). The front is every unit no
 * other beats, ordered by L at the largest budget; crossovers are the budgets between the smallest
 * and the largest where two front units change rank, from the same formula with n = (P - 1)/p
 * taken continuous, by bisection to the integer budget.
 *
 * Example:  designUnits({ maxDegree: 3, maxFactors: 2 }).front[0].expression
 */
import { UsageError } from '../core/errors.js';
import { DEFAULT_DOMAIN, type Domain } from '../core/domain.js';
import { compileTarget } from '../core/target.js';
import { taylorDerivative } from '../core/taylorDerivatives.js';
import { uniformGrid } from '../core/testGrid.js';
import { MAX_ACTIVE_DEGREE, parseUnit } from '../core/unitForm.js';
import { quoteUserText } from '../core/userText.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
import { parameterCountOf } from '../symbolic/parameterCount.js';
import { proveUnit } from '../symbolic/proveUnit.js';
import type { SplineConstruction } from '../symbolic/constructions.js';
import { PAPER_TARGET } from './orderOptions.js';

export const DESIGN_FORMULA =
  'L(P) = C * RMS(f^(m+1)) * h^(m+1), h = (b - a)/N, N = n - k + 1 cells, n = floor((P - 1)/p) neurons (p parameters per neuron, k head neurons)';

/** Free letters in the order they name the distinct non-gate maps (never x, d, n or the gate g). */
const FREE_LETTERS = ['u', 'q', 'v', 'w', 's', 't', 'p', 'r', 'y', 'z', 'a', 'b'];
/** Largest budget accepted: n = P / p neurons is a width the construction could build. */
export const MAX_DESIGN_BUDGET = 1e9;
const MAX_BUDGETS = 64;

export interface DesignOptions {
  /** largest active degree M (1..12); default 5 */
  readonly maxDegree?: number;
  /** most affine factors besides the gate K (>= 0); default 4 */
  readonly maxFactors?: number;
  /** input dimension D; default 1 */
  readonly dim?: number;
  /** default the paper's target 1/(1+cos(pi*x)^2) */
  readonly target?: string;
  /** default [-1, 1] */
  readonly domain?: Domain;
  /** parameter budgets P; default [100, 300, 1000] */
  readonly params?: readonly number[];
}

export interface BudgetPrediction {
  readonly params: number;
  /** neurons n = floor((P - 1)/p) */
  readonly neurons: number;
  /** cells N = n - k + 1, or null below the smallest width */
  readonly cells: number | null;
  readonly h: number | null;
  /** predicted RMSE, target units; null without a prediction */
  readonly rmse: number | null;
}

export interface PredictionShape {
  readonly paramsPerNeuron: number;
  readonly headNeurons: number;
  readonly minimumCells: number;
  /** m + 1 */
  readonly order: number;
  /** b - a */
  readonly length: number;
}

/** L(P) = scale * h^(m+1) at n = floor((P - 1)/p), N = n - k + 1 cells, or null below the smallest width. */
export function budgetPrediction(
  P: number,
  paramsPerNeuron: number,
  shape: PredictionShape | null,
  scale: number | null,
): BudgetPrediction {
  const neurons = Math.floor((P - 1) / paramsPerNeuron);
  if (!shape) return { params: P, neurons, cells: null, h: null, rmse: null };
  const cells = neurons - shape.headNeurons + 1;
  if (cells < shape.minimumCells) return { params: P, neurons, cells: null, h: null, rmse: null };
  const h = shape.length / cells;
  return { params: P, neurons, cells, h, rmse: scale === null ? null : scale * h ** shape.order };
}

export interface DesignedUnit {
  /** canonical expression, parseable by every verb */
  readonly expression: string;
  readonly gatePower: number;
  /** powers of the distinct free letters, largest first */
  readonly factorPowers: readonly number[];
  readonly degree: number;
  readonly continuity: number;
  readonly order: number;
  /** D-dimensional slope -(m+1)/D */
  readonly slope: number;
  readonly paramsPerNeuron: number;
  readonly headNeurons: number | null;
  readonly construction: string | null;
  /** C, exact and float64; null without a construction */
  readonly constant: { readonly exact: string; readonly value: number } | null;
  readonly predictions: readonly BudgetPrediction[];
  /** what L(P) depends on besides C RMS(f^(m+1)); null without a construction */
  readonly shape: PredictionShape | null;
  /** C RMS(f^(m+1)), target units; null without a prediction */
  readonly scale: number | null;
  /** why some or all budgets have no prediction; null when all do */
  readonly note: string | null;
}

export interface Crossover {
  /** the smallest integer budget from which `overtakes` predicts the lower error */
  readonly params: number;
  readonly overtakes: string;
  readonly overtaken: string;
}

export interface UnitDesign {
  readonly maxDegree: number;
  readonly maxFactors: number;
  readonly dim: number;
  readonly target: string;
  readonly domain: Domain;
  readonly params: readonly number[];
  readonly formula: string;
  /** distinct forms enumerated */
  readonly count: number;
  /** RMS(f^(k)) over the test grid for each order k used, null where f^(k) is not finite */
  readonly derivativeRms: Readonly<Record<string, number | null>>;
  readonly warnings: readonly string[];
  readonly units: readonly DesignedUnit[];
  /** front units, ordered by predicted error at the largest budget (no prediction last) */
  readonly front: readonly DesignedUnit[];
  /** for each order, the unit with the lowest predicted error at the largest budget (context for the front) */
  readonly bestPerOrder: readonly DesignedUnit[];
  /** units with the same order, p and predictions as a front unit */
  readonly ties: ReadonlyArray<{ readonly unit: string; readonly sameAs: string }>;
  readonly crossovers: readonly Crossover[];
}

/** Integer partitions of k, parts largest first, in lexicographically decreasing order. */
function partitions(k: number, largest = k): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let part = Math.min(k, largest); part >= 1; part--)
    for (const rest of partitions(k - part, part)) out.push([part, ...rest]);
  return out;
}

/** Every distinct form: gate power ascending, then factor count, then partition. */
export function enumerateUnitForms(maxDegree: number, maxFactors: number): string[] {
  const forms: string[] = [];
  for (let a = 1; a <= maxDegree; a++) {
    for (let k = 0; k <= Math.min(maxFactors, maxDegree - a); k++) {
      for (const powers of partitions(k)) {
        const pow = (s: string, e: number) => (e === 1 ? s : `${s}^${e}`);
        forms.push([pow('relu(g)', a), ...powers.map((e, i) => pow(FREE_LETTERS[i], e))].join('*'));
      }
    }
  }
  return forms;
}

function checkInteger(name: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high)
    throw new UsageError(
      `${name} must be an integer from ${low} to ${high}, got ${quoteUserText(String(value)).slice(0, 40)}`,
    );
  return value;
}

function checkOptions(options: DesignOptions): Required<DesignOptions> {
  if (typeof options !== 'object' || options === null) throw new UsageError('designUnits() takes an options object');
  const known = ['maxDegree', 'maxFactors', 'dim', 'target', 'domain', 'params'];
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new UsageError(`designUnits(): unknown option ${quoteUserText(key)}; known: ${known.join(', ')}`);
  const maxDegree = checkInteger('max degree', options.maxDegree ?? 5, 1, MAX_ACTIVE_DEGREE);
  const maxFactors = checkInteger('max factors', options.maxFactors ?? 4, 0, 1000);
  const dim = checkInteger('dim', options.dim ?? 1, 1, 1000);
  const params = options.params ?? [100, 300, 1000];
  if (!Array.isArray(params) || params.length === 0)
    throw new UsageError('the list of parameter budgets is empty: give at least one P, e.g. 100,300,1000');
  if (params.length > MAX_BUDGETS)
    throw new UsageError(`at most ${MAX_BUDGETS} parameter budgets, got ${params.length}`);
  params.forEach((p) => checkInteger('a parameter budget P', p, 2, MAX_DESIGN_BUDGET));
  const target = options.target ?? PAPER_TARGET;
  if (typeof target !== 'string') throw new UsageError('target must be a string such as "sin(3*x)"');
  const domain = options.domain ?? DEFAULT_DOMAIN;
  if (!Array.isArray(domain) || domain.length !== 2 || !domain.every(Number.isFinite) || !(domain[0] < domain[1]))
    throw new UsageError('domain must be [a, b] with finite a < b');
  return { maxDegree, maxFactors, dim, target, domain, params: [...new Set(params)].sort((p, q) => p - q) };
}

/** L(P) with n = (P - 1)/p taken continuous (crossovers); Infinity without a prediction. */
function continuousError(u: DesignedUnit, P: number): number {
  if (!u.shape || u.scale === null) return Infinity;
  const cells = (P - 1) / u.paramsPerNeuron - u.shape.headNeurons + 1;
  return cells > 0 ? u.scale * (u.shape.length / cells) ** u.shape.order : Infinity;
}

/** v beats u: at least u's order, at most its p, no worse at any budget, and strictly better somewhere or earlier. */
export function beats(v: DesignedUnit, u: DesignedUnit, vFirst: boolean): boolean {
  if (v.order < u.order || v.paramsPerNeuron > u.paramsPerNeuron) return false;
  let strict = v.order > u.order || v.paramsPerNeuron < u.paramsPerNeuron;
  for (let i = 0; i < u.predictions.length; i++) {
    const lv = v.predictions[i].rmse ?? Infinity;
    const lu = u.predictions[i].rmse ?? Infinity;
    if (lv > lu) return false;
    if (lv < lu) strict = true;
  }
  return strict || vFirst;
}

export function designUnits(options: DesignOptions = {}): UnitDesign {
  const { maxDegree, maxFactors, dim, target: expression, domain, params } = checkOptions(options);
  const target = compileTarget(expression, domain);
  const length = domain[1] - domain[0];
  const grid = uniformGrid(domain);
  const warnings: string[] = [];
  const derivativeRms: Record<string, number | null> = {};
  const rmsOf = (k: number): number | null => {
    if (!(k in derivativeRms)) {
      const f = taylorDerivative(target.expression, k);
      let sum = 0;
      let bad: number | null = null;
      for (const x of grid) {
        const v = f(x);
        if (!Number.isFinite(v)) {
          bad = x;
          break;
        }
        sum += v * v;
      }
      derivativeRms[k] = bad === null ? Math.sqrt(sum / grid.length) : null;
      if (bad !== null)
        warnings.push(
          `derivative ${k} of target ${quoteUserText(expression)} is not finite on [${domain[0]}, ${domain[1]}] (at x = ${bad}): units of order ${k} get no prediction`,
        );
    }
    return derivativeRms[k];
  };
  // The proved constant depends only on the construction: derived once per construction.
  const constants = new Map<SplineConstruction, { exact: string; value: number }>();
  const forms = enumerateUnitForms(maxDegree, maxFactors);
  const units: DesignedUnit[] = forms.map((text) => {
    const form = parseUnit(text);
    const analysed = analysedUnit(form);
    const prediction = analysed.prediction!;
    const p = parameterCountOf(form, dim).perNeuron;
    const { construction, headNeurons } = analysed;
    let constant: { exact: string; value: number } | null = null;
    if (construction) {
      constant = constants.get(construction) ?? null;
      if (!constant) {
        const proof = proveUnit(analysed);
        constant = { exact: proof.rmseConstant.exact, value: proof.rmseConstant.value };
        constants.set(construction, constant);
      }
    }
    const order = prediction.order;
    const rms = dim === 1 && constant ? rmsOf(order) : null;
    let note: string | null = analysed.noConstruction;
    if (dim > 1) note = `in ${dim} dimensions only the order and the parameters are derived (the constant C is 1-D)`;
    else if (constant && rms === null) note = `derivative ${order} of the target is not finite`;
    const shape =
      construction && headNeurons !== null
        ? { paramsPerNeuron: p, headNeurons, minimumCells: construction.minimumCells, order, length }
        : null;
    const scale = constant && rms !== null ? constant.value * rms : null;
    const predictions = params.map((P) => budgetPrediction(P, p, shape, scale));
    if (note === null && predictions.some((b) => b.rmse === null))
      note = `below the construction's smallest width (${analysed.minimumWidth} neurons) at some budgets`;
    return {
      expression: form.expression,
      shape,
      scale,
      gatePower: form.gate.power,
      factorPowers: form.factors.map((f) => f.power),
      degree: prediction.degree,
      continuity: prediction.continuity,
      order,
      slope: -order / dim,
      paramsPerNeuron: p,
      headNeurons,
      construction: construction?.title ?? null,
      constant,
      predictions,
      note,
    };
  });
  const ties: Array<{ unit: string; sameAs: string }> = [];
  const onFront = units.filter((u, i) => {
    const beater = units.findIndex((v, j) => j !== i && beats(v, u, j < i));
    if (beater < 0) return true;
    const v = units[beater];
    const same =
      v.order === u.order &&
      v.paramsPerNeuron === u.paramsPerNeuron &&
      v.predictions.every((b, k) => b.rmse === u.predictions[k].rmse);
    if (same && beater < i) ties.push({ unit: u.expression, sameAs: v.expression });
    return false;
  });
  const last = params.length - 1;
  const front = [...onFront].sort(
    (u, v) => (u.predictions[last].rmse ?? Infinity) - (v.predictions[last].rmse ?? Infinity),
  );
  const bestPerOrder: DesignedUnit[] = [];
  for (const u of [...units].sort(
    (x, y) => (x.predictions[last].rmse ?? Infinity) - (y.predictions[last].rmse ?? Infinity),
  ))
    if (!bestPerOrder.some((b) => b.order === u.order)) bestPerOrder.push(u);
  bestPerOrder.sort((x, y) => x.order - y.order);
  // crossovers among the front and the best unit of each order
  const ranked = [...front, ...bestPerOrder.filter((b) => !front.includes(b))];
  const crossovers: Crossover[] = [];
  const lo = params[0];
  const hi = params[last];
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      const [u, v] = [ranked[i], ranked[j]];
      if (u.scale === null || v.scale === null) continue;
      // sign of log(L_u / L_v); a change between lo and hi is a crossover, found by integer bisection
      const sign = (P: number) => Math.sign(continuousError(u, P) - continuousError(v, P));
      let left = lo;
      const steps = 256;
      for (let s = 1; s <= steps; s++) {
        const right = Math.round(lo * (hi / lo) ** (s / steps));
        if (right <= left) continue;
        if (sign(left) !== sign(right) && sign(right) !== 0) {
          let [a, b] = [left, right];
          while (b - a > 1) {
            const mid = Math.floor((a + b) / 2);
            if (sign(mid) === sign(b)) b = mid;
            else a = mid;
          }
          const winner = sign(b) < 0 ? u : v;
          crossovers.push({
            params: b,
            overtakes: winner.expression,
            overtaken: winner === u ? v.expression : u.expression,
          });
        }
        left = right;
      }
    }
  }
  crossovers.sort((x, y) => x.params - y.params);
  return {
    maxDegree,
    maxFactors,
    dim,
    target: expression,
    domain,
    params,
    formula: DESIGN_FORMULA,
    count: units.length,
    derivativeRms,
    warnings,
    units,
    front,
    bestPerOrder,
    ties,
    crossovers,
  };
}
