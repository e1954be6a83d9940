/**
 * The analysed unit: everything the pipeline needs to know about a unit's form, derived once from
 * its increment family (incrementFamily) and passed on to construct, train, measure and verify, so
 * no stage re-derives it from the unit string. Cheap (no computer algebra): the CAS-checked report
 * of the `analyze` verb is analyzeUnit, and the checked proof of the construction is proveUnit.
 *
 * Carries: the form; the best specialisation (ties, constants, free map); the frozen-gate family
 * lsq solves over; the prediction (degree m, continuity r, order m + 1, slope -(m+1) in 1-D); the
 * construction of its (m, r) with its head-neuron count, or why there is none. Smooth gates have
 * no family, no prediction and no construction.
 *
 * Examples:  analysedUnit(parseUnit('gqu')).frozenGate   // { knotPower: 2, freeDegree: 1, freeMap: 'q', ties: ['U = G', 'u = g'], ... }
 *            analysedUnit(parseUnit('relu3')).construction?.headNeurons === 3
 *            analysedUnit(parseUnit('relu(g)^4')).minimumWidth === 15   // 4 head neurons, at least 12 cells
 */
import type { UnitForm } from '../core/unitForm.js';
import { analyseIncrementFamily, type FactorRole, type IncrementAnalysis } from './incrementFamily.js';
import {
  findConstruction,
  noConstructionReason,
  smoothGateNoConstructionReason,
  type SplineConstruction,
} from './constructions.js';

/**
 * The linear family `lsq` solves over once the gates are frozen: each neuron contributes
 * relu(z_i)^a * p_i(x) with a = knotPower and deg p_i <= s = freeDegree (1 with a free map, else 0).
 * MLP a=1,s=0 (D); GLU a=1,s=1 (D U, D u); relu^k a=k,s=0 (D); GQU a=2,s=1 through the tie U = G, u = g.
 */
export interface FrozenGateFamily {
  /** power a of relu(z) in every column */
  readonly knotPower: number;
  /** degree s of the polynomial factor p_i: 0 or 1 */
  readonly freeDegree: 0 | 1;
  /** the map that carries p_i's coefficients (s = 1), or null (then D_i carries the coefficient) */
  readonly freeMap: string | null;
  /** role of every non-gate map */
  readonly roles: Readonly<Record<string, FactorRole>>;
  /** human-readable ties and constants, e.g. ["U = G", "u = g"] */
  readonly ties: readonly string[];
  readonly constants: readonly string[];
}

/** What the piecewise-polynomial theory predicts in 1-D. */
export interface OrderPrediction {
  /** spline degree m */
  readonly degree: number;
  /** continuity r at the knots */
  readonly continuity: number;
  /** order of approximation m + 1 */
  readonly order: number;
  /** slope of RMSE against n in 1-D, -(m + 1) */
  readonly slope: number;
}

/**
 * The linear family `lsq` solves over for a smooth gate (gelu, silu, sigmoid, tanh) once the gates are
 * frozen: each neuron contributes act(z_i)^gatePower * z_i^tiePower * p_i(x) with deg p_i <= freeDegree,
 * p_i carried by the one free map (GeGLU, SwiGLU: gelu(g)*u, silu(g)*u have freeDegree 1), else by D_i.
 * Exists when every non-gate factor other than the gate map itself is a single map to the first power.
 */
export interface SmoothGateFamily {
  readonly activation: UnitForm['gate']['activation'];
  readonly gatePower: number;
  /** power of the gate map z_i as a plain factor (gelu(g)*g: 1) */
  readonly tiePower: number;
  readonly freeDegree: 0 | 1;
  readonly freeMap: string | null;
  readonly roles: Readonly<Record<string, FactorRole>>;
}

export interface AnalysedUnit {
  readonly form: UnitForm;
  /** smooth gates only: the frozen-gate family lsq solves over (null for relu gates or a non-linear smooth unit) */
  readonly smoothFrozenGate: SmoothGateFamily | null;
  /** smooth gates only: why lsq cannot freeze the gates (one clause), or null */
  readonly smoothNonLinear: string | null;
  /** the increment family (null for smooth gates) */
  readonly family: IncrementAnalysis | null;
  readonly frozenGate: FrozenGateFamily | null;
  readonly prediction: OrderPrediction | null;
  /** the construction of the unit's (m, r), or null */
  readonly construction: SplineConstruction | null;
  /** neurons that write the construction's full polynomial on the domain; null without a construction */
  readonly headNeurons: number | null;
  /** the smallest width the construction accepts: headNeurons + minimumCells - 1; null without a construction */
  readonly minimumWidth: number | null;
  /** why there is no construction (one line); null when there is one */
  readonly noConstruction: string | null;
}

const cache = new Map<string, AnalysedUnit>();

export function analysedUnit(form: UnitForm): AnalysedUnit {
  const key = `${form.name}\u0000${form.expression}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let result: AnalysedUnit;
  if (!form.piecewisePolynomial) {
    const smooth = smoothGateFamily(form);
    result = {
      form,
      smoothFrozenGate: typeof smooth === 'string' ? null : smooth,
      smoothNonLinear: typeof smooth === 'string' ? smooth : null,
      family: null,
      frozenGate: null,
      prediction: null,
      construction: null,
      headNeurons: null,
      minimumWidth: null,
      noConstruction: smoothGateNoConstructionReason(form.name, form.gate.activation),
    };
  } else {
    const family = analyseIncrementFamily(form);
    const best = family.best;
    const construction = findConstruction(best.degree, best.continuity);
    result = {
      form,
      smoothFrozenGate: null,
      smoothNonLinear: null,
      family,
      frozenGate: {
        knotPower: best.knotPower,
        freeDegree: best.freeMap ? 1 : 0,
        freeMap: best.freeMap,
        roles: best.roles,
        ties: best.ties,
        constants: best.constants,
      },
      prediction: { degree: best.degree, continuity: best.continuity, order: best.order, slope: -best.order },
      construction,
      headNeurons: construction?.headNeurons ?? null,
      minimumWidth: construction ? construction.headNeurons + construction.minimumCells - 1 : null,
      noConstruction: construction ? null : noConstructionReason(form.name, best.degree, best.continuity),
    };
  }
  cache.set(key, result);
  return result;
}

/** The smooth-gate family of a form, or why it has none (one clause). */
function smoothGateFamily(form: UnitForm): SmoothGateFamily | string {
  let tiePower = 0;
  const others = form.factors.filter((f) => {
    if (f.map !== form.gate.map) return true;
    tiePower += f.power;
    return false;
  });
  if (others.length > 1)
    return `it multiplies ${others.length} affine maps (${others.map((f) => f.map).join(', ')}), a product of parameters`;
  if (others.length === 1 && others[0].power > 1)
    return `its map ${others[0].map} appears to the power ${others[0].power}, not linear in ${others[0].map.toUpperCase()} and ${others[0].map}`;
  const freeMap = others.length === 1 ? others[0].map : null;
  return {
    activation: form.gate.activation,
    gatePower: form.gate.power,
    tiePower,
    freeDegree: freeMap ? 1 : 0,
    freeMap,
    roles: freeMap ? { [freeMap]: 'free' } : {},
  };
}

/**
 * Why a method built on the frozen-gate family (lsq, varpro) cannot run on this unit (one line), or
 * null when it can. lsq runs on relu gates and on smooth gates linear once frozen (smoothFrozenGate);
 * varpro's knot Jacobian is the relu one. The line names a method that can run, never the one refused.
 */
export function frozenGateRefusal(unit: AnalysedUnit, method = 'lsq'): string | null {
  if (unit.frozenGate) return null;
  const activation = unit.form.gate.activation;
  if (method === 'varpro')
    return `method varpro needs a relu gate: unit ${unit.form.name} has a ${activation} gate, and varpro's knot Jacobian is that of relu(z); use --method lsq, lm or adam`;
  if (unit.smoothFrozenGate) return null;
  return `method ${method} freezes the gates and solves for the rest, but unit ${unit.form.name} (${activation} gate) is not linear in its non-gate parameters once the gates are frozen: ${unit.smoothNonLinear ?? 'no linear family'}`;
}
