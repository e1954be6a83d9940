/**
 * What one relu-gated neuron can add at its knot, and which spline space a network of them spans.
 *
 * On the active side the gate map is z = G (x - t), so relu(z)^k = G^k (x - t)^k. Every other affine
 * factor L x + l can be specialised three ways:
 *   - tie:   L = G, l = g, so the factor equals z and the neuron gains another power of (x - t)
 *            (relu(z) * z = relu(z)^2 on the whole line, not only on the active side);
 *   - const: L = 0, l = 1, so the factor drops out;
 *   - free:  left as is.
 * The increment family then contains every (x - t)^(r+1) p(x) with deg p <= s exactly when at most
 * one free factor remains and it has power 1 (s = 1), or none remains (s = 0): a product of two or
 * more free affine factors reaches only polynomials with real roots, which is not a linear space.
 * With a = r + 1 powers of (x - t), the network spans the degree-m splines with C^r knots,
 * m = a + s, and approximates smooth targets to order m + 1 (standard spline theory; README "How the claims are derived").
 *
 * Reading of "continuity": we report the smallest r that some specialisation reaches, i.e. the
 * richest spline space S_m^r the network spans. The largest such r is always m - 1 (tie every
 * factor to the gate), which would call the GLU a C1 unit; the smallest r is the smoothness of a
 * generic network at its knots (the GLU is C0, not C1: README "How the claims are derived").
 */
import type { UnitForm } from '../core/unitForm.js';
import { activeSideDegree } from '../core/unitForm.js';

export type FactorRole = 'tie' | 'const' | 'free';

export interface IncrementSpecialisation {
  /** role of each non-gate map, in UnitForm.maps order (gate map excluded) */
  readonly roles: Readonly<Record<string, FactorRole>>;
  /** power of (x - t) in every increment: r + 1 */
  readonly knotPower: number;
  /** the map left free (its weight and bias stay parameters), or null */
  readonly freeMap: string | null;
  /** spline degree m = knotPower + (freeMap ? 1 : 0) */
  readonly degree: number;
  /** continuity r at the knots */
  readonly continuity: number;
  /** order of approximation m + 1 */
  readonly order: number;
  /** human-readable ties, e.g. ["U = G", "u = g"] */
  readonly ties: readonly string[];
  /** human-readable constants, e.g. ["Q = 0", "q = 1"] */
  readonly constants: readonly string[];
}

export interface IncrementAnalysis {
  /** degree in x of one neuron's active side with all parameters free */
  readonly activeDegree: number;
  /** is {D (x-t)^k prod (L x + l)^e} closed under addition, with every parameter free? */
  readonly isLinearSpace: boolean;
  /** when not linear: two members whose sum is not a member, and why */
  readonly nonLinearWitness: string | null;
  /** the specialisation with the highest order, then the smallest continuity, then the fewest ties */
  readonly best: IncrementSpecialisation;
}

function powerOfGateMap(unit: UnitForm): number {
  return unit.factors.filter((f) => f.map === unit.gate.map).reduce((s, f) => s + f.power, 0);
}

function specialisations(unit: UnitForm): IncrementSpecialisation[] {
  const others = unit.factors.filter((f) => f.map !== unit.gate.map);
  const base = unit.gate.power + powerOfGateMap(unit);
  const out: IncrementSpecialisation[] = [];
  const total = 3 ** others.length;
  const G = unit.gate.map.toUpperCase();
  for (let code = 0; code < total; code++) {
    const roles: Record<string, FactorRole> = {};
    let knotPower = base;
    const free: typeof others = [];
    const ties: string[] = [];
    const constants: string[] = [];
    let c = code;
    for (const f of others) {
      const role = (['free', 'tie', 'const'] as const)[c % 3];
      c = Math.floor(c / 3);
      roles[f.map] = role;
      if (role === 'tie') {
        knotPower += f.power;
        ties.push(`${f.map.toUpperCase()} = ${G}`, `${f.map} = ${unit.gate.map}`);
      } else if (role === 'const') {
        constants.push(`${f.map.toUpperCase()} = 0`, `${f.map} = 1`);
      } else {
        free.push(f);
      }
    }
    // Only a single free affine factor of power 1 reaches *every* linear p(x).
    if (free.length > 1 || (free.length === 1 && free[0].power !== 1)) continue;
    const freeMap = free.length === 1 ? free[0].map : null;
    const degree = knotPower + (freeMap ? 1 : 0);
    out.push({
      roles,
      knotPower,
      freeMap,
      degree,
      continuity: knotPower - 1,
      order: degree + 1,
      ties,
      constants,
    });
  }
  return out;
}

/** Analyse the increment family of a relu-gated unit. Throws if the gate is not piecewise polynomial. */
export function analyseIncrementFamily(unit: UnitForm): IncrementAnalysis {
  if (!unit.piecewisePolynomial) {
    throw new Error(`analyseIncrementFamily: gate ${unit.gate.activation} is not piecewise polynomial`);
  }
  const candidates = specialisations(unit);
  candidates.sort(
    (p, q) =>
      q.order - p.order ||
      p.continuity - q.continuity ||
      p.ties.length + p.constants.length - (q.ties.length + q.constants.length),
  );
  const freeDegree = unit.factors.filter((f) => f.map !== unit.gate.map).reduce((s, f) => s + f.power, 0);
  const isLinearSpace = freeDegree <= 1;
  const witness = isLinearSpace
    ? null
    : `with t fixed, (x-t)^${unit.gate.power + powerOfGateMap(unit)} * x^${freeDegree} (every free factor = x) and ` +
      `(x-t)^${unit.gate.power + powerOfGateMap(unit)} * 1 (every free factor = 1) are increments, but their sum has the ` +
      `factor x^${freeDegree} + 1, which has a non-real root, while every increment factors into real linear factors`;
  return { activeDegree: activeSideDegree(unit), isLinearSpace, nonLinearWitness: witness, best: candidates[0] };
}
