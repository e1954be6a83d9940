/**
 * The linear family that `lsq` solves over once the gates are frozen, read from the symbolic
 * increment analysis (src/symbolic/incrementFamily.ts): each neuron contributes
 * relu(z_i)^a * p_i(x) with a = best.knotPower and deg p_i <= s (s = 1 with a free map, else 0).
 * MLP a=1,s=0 (D); GLU a=1,s=1 (D U, D u); relu^k a=k,s=0 (D); GQU a=2,s=1 through the tie U = G, u = g.
 */
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { analyseIncrementFamily, type FactorRole } from '../symbolic/incrementFamily.js';

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

export function frozenGateFamily(unit: UnitForm): FrozenGateFamily {
  if (!unit.piecewisePolynomial) {
    throw new UsageError(`method lsq needs a relu gate: unit ${unit.name} (${unit.gate.activation}) is not linear in its non-gate parameters once the gates are frozen; use --method lm or adam`);
  }
  const best = analyseIncrementFamily(unit).best;
  return {
    knotPower: best.knotPower,
    freeDegree: best.freeMap ? 1 : 0,
    freeMap: best.freeMap,
    roles: best.roles,
    ties: best.ties,
    constants: best.constants,
  };
}
