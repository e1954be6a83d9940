/**
 * proveUnit: the truncation-error proof of an explicit cell-by-cell construction for a relu-gated
 * unit, with the exact RMSE constant. For the unit's best increment family (degree m, C^r knots,
 * see incrementFamily) its construction from the registry (constructions.ts) is analysed on one cell [0, h]:
 *   cell RMS of tau = C |f^(m+1)| h^(m+1) + O(h^(m+2)),  so  RMSE = C h^(m+1) RMS_domain(f^(m+1)) + ...
 * `derivativeOrder` (= m+1) says which derivative of f the constant multiplies.
 *
 * Example:  proveUnit(analysedUnit(parseUnit('mlp'))).rmseConstant  -> { exact: '1/sqrt(120)', value: 0.0912870929... }
 * The quasi-interpolant of degrees 4..12 is derived by quasiInterpolantDerivation (the cell polynomial as
 * a linear functional of the Taylor data, with the Bernoulli closed forms checked exactly).
 * Units without a construction (smooth gates, spline spaces outside the registry) have none to prove:
 * analysed.noConstruction says why, and the boundary reports it.
 * Results are cached per expression: the derivation is deterministic.
 */
import { deriveCell, type CheckRecord } from './cellDerivation.js';
import { deriveQuasiInterpolantCell } from './quasiInterpolantDerivation.js';
import { renderQuasiInterpolantProof } from './quasiInterpolantProofMarkdown.js';
import { deriveLemma } from './cellLemmas.js';
import type { AnalysedUnit } from './analysedUnit.js';
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

/** The proof of the unit's construction; the caller checks that it has one (analysed.construction). */
export function proveUnit(analysed: AnalysedUnit): UnitProof {
  const unit = analysed.form;
  const cached = cache.get(`${unit.name}\u0000${unit.expression}`);
  if (cached) return cached;
  const { family, construction } = analysed;
  if (!family || !construction) throw new Error(`proveUnit: ${analysed.noConstruction}`);
  const m = family.best.degree;
  let rmseConstant: RmseConstant;
  let checks: readonly CheckRecord[];
  let markdown: string;
  let leadingResidual: string;
  if (construction.kind === 'quasiInterpolant') {
    const cell = deriveQuasiInterpolantCell(construction);
    rmseConstant = rmseConstantFromSquare(cell.constantSquared);
    checks = cell.checks;
    markdown = renderQuasiInterpolantProof({ unit, family, cell, rmseConstant });
    leadingResidual = cell.leadingTerm;
  } else {
    const cell = deriveCell(construction);
    const lemma = construction.lemma ? deriveLemma(construction.lemma) : null;
    rmseConstant = rmseConstantFromSquare(cell.constantSquared);
    checks = [...(lemma?.checks ?? []), ...cell.checks];
    markdown = renderProofMarkdown({ unit, family, cell, lemma, rmseConstant });
    leadingResidual = cell.leadingTerm;
  }
  const proof: UnitProof = {
    unit: unit.name,
    expression: unit.expression,
    construction: {
      degree: m,
      continuity: construction.continuity,
      title: construction.title,
      description: construction.description,
    },
    order: m + 1,
    derivativeOrder: m + 1,
    rmseConstant,
    leadingResidual,
    checks,
    markdown,
  };
  cache.set(`${unit.name}\u0000${unit.expression}`, proof);
  return proof;
}
