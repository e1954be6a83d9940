/**
 * proveUnit: the truncation-error proof of an explicit cell-by-cell construction for a relu-gated
 * unit, with the exact RMSE constant. For the unit's best increment family (degree m, C^r knots,
 * see incrementFamily) the construction of cellConstructions is analysed on one cell [0, h]:
 *   cell RMS of tau = C |f^(m+1)| h^(m+1) + O(h^(m+2)),  so  RMSE = C h^(m+1) RMS_domain(f^(m+1)) + ...
 * `derivativeOrder` (= m+1) says which derivative of f the constant multiplies.
 *
 * Example:  proveUnit(parseUnit('mlp')).rmseConstant  -> { exact: '1/sqrt(120)', value: 0.0912870929... }
 * Throws UsageError for smooth gates and for spline spaces without a construction (m >= 4).
 * Results are cached per expression: the derivation is deterministic.
 */
import type { UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { findCellConstruction, SUPPORTED_SPLINE_SPACES } from './cellConstructions.js';
import { deriveCell, type CheckRecord } from './cellDerivation.js';
import { deriveLemma } from './cellLemmas.js';
import { analyseIncrementFamily } from './incrementFamily.js';
import { renderProofMarkdown } from './proofMarkdown.js';
import { rmseConstantFromSquare, type RmseConstant } from './rmseConstant.js';

export interface UnitProof {
  readonly unit: string;
  readonly expression: string;
  readonly construction: {
    readonly degree: number;
    readonly continuity: number;
    readonly title: string;
    readonly description: string;
  };
  /** order of approximation m + 1 */
  readonly order: number;
  /** which derivative of the target the constant multiplies (m + 1) */
  readonly derivativeOrder: number;
  readonly rmseConstant: RmseConstant;
  /** leading term of the cell residual, local coordinate x in [0, h], f_k = f^(k)(left knot) */
  readonly leadingResidual: string;
  /** every independently checked step */
  readonly checks: readonly CheckRecord[];
  readonly markdown: string;
}

const cache = new Map<string, UnitProof>();

export function proveUnit(unit: UnitForm): UnitProof {
  const cached = cache.get(`${unit.name}\u0000${unit.expression}`);
  if (cached) return cached;
  if (!unit.piecewisePolynomial) {
    throw new UsageError(
      `no piecewise-polynomial construction for unit ${unit.name} (${unit.expression}): gate ${unit.gate.activation} is not piecewise polynomial`,
    );
  }
  const family = analyseIncrementFamily(unit);
  const { degree: m, continuity: r } = family.best;
  const construction = findCellConstruction(m, r);
  if (!construction) {
    throw new UsageError(
      `no construction for degree-${m} C^${r} splines (unit ${unit.name}); constructions exist for (m, r) = ${SUPPORTED_SPLINE_SPACES}`,
    );
  }
  const cell = deriveCell(construction);
  const lemma = construction.lemma ? deriveLemma(construction.lemma) : null;
  const rmseConstant = rmseConstantFromSquare(cell.constantSquared);
  const checks = [...(lemma?.checks ?? []), ...cell.checks];
  const markdown = renderProofMarkdown({ unit, family, cell, lemma, rmseConstant });
  const proof: UnitProof = {
    unit: unit.name,
    expression: unit.expression,
    construction: { degree: m, continuity: r, title: construction.title, description: construction.description },
    order: m + 1,
    derivativeOrder: m + 1,
    rmseConstant,
    leadingResidual: cell.leadingTerm,
    checks,
    markdown,
  };
  cache.set(`${unit.name}\u0000${unit.expression}`, proof);
  return proof;
}
