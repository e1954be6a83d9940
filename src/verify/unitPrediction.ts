/**
 * The theory's side of a verdict: the predicted slope of RMSE against n for one unit in 1-D,
 * -(m+1) for the degree-m spline space its increment family spans (symbolic/incrementFamily; README "How the claims are derived"), or null
 * for a smooth gate, where the piecewise-polynomial theory says nothing. A spec may override the
 * slope (predictedSlopeOverrides) to check that a wrong claim fails; the derived value is kept.
 */
import type { AnalysedUnit } from '../symbolic/analysedUnit.js';
import { proveUnit } from '../symbolic/proveUnit.js';

/** The derivation constant of the explicit construction: RMSE = C h^(m+1) RMS(f^(m+1)) + O(h^(m+2)). */
export interface DerivationConstant {
  readonly construction: string;
  /** C, exact (e.g. "1/sqrt(120)") and float64 */
  readonly exact: string;
  readonly value: number;
  /** m + 1: which derivative of the target C multiplies */
  readonly derivativeOrder: number;
  /** leading term of the cell residual, local coordinate in [0, h] */
  readonly leadingResidual: string;
}

export interface UnitPrediction {
  readonly unit: string;
  readonly expression: string;
  /** spline degree m, continuity r (null for smooth gates) */
  readonly degree: number | null;
  readonly continuity: number | null;
  readonly predictedOrder: number | null;
  /** the slope verdicts are judged against (the override when one is given) */
  readonly predictedSlope: number | null;
  /** what the theory derives, -(m+1) */
  readonly derivedSlope: number | null;
  readonly overridden: boolean;
  readonly incrementIsLinearSpace: boolean | null;
  /** parameter specialisation that reaches the order, e.g. ["U = G", "u = g"] */
  readonly ties: string[];
  /** from proveUnit; null where no construction exists (smooth gates, m >= 4) */
  readonly constant: DerivationConstant | null;
  readonly notes: string[];
}

export function predictUnit(analysed: AnalysedUnit, override?: number): UnitPrediction {
  const unit = analysed.form;
  const { family, prediction } = analysed;
  if (!family || !prediction) {
    return {
      unit: unit.name,
      expression: unit.expression,
      degree: null,
      continuity: null,
      predictedOrder: null,
      predictedSlope: override ?? null,
      derivedSlope: null,
      overridden: override !== undefined,
      incrementIsLinearSpace: null,
      ties: [],
      constant: null,
      notes: [`no prediction: gate ${unit.gate.activation} is not piecewise polynomial`],
    };
  }
  const { degree, continuity, order } = prediction;
  const ties = family.best.ties;
  const derivedSlope = prediction.slope;
  const notes: string[] = [];
  if (!family.isLinearSpace) notes.push(`increment set is not a linear space: ${family.nonLinearWitness}`);
  if (ties.length > 0) notes.push(`order reached through the tie ${ties.join(', ')}`);
  if (override !== undefined)
    notes.push(`prediction overridden by the spec: ${override} instead of the derived ${derivedSlope}`);
  let constant: DerivationConstant | null = null;
  if (analysed.construction) {
    const proof = proveUnit(analysed);
    constant = {
      construction: proof.construction.title,
      exact: proof.rmseConstant.exact,
      value: proof.rmseConstant.value,
      derivativeOrder: proof.derivativeOrder,
      leadingResidual: proof.leadingResidual,
    };
  } else if (analysed.noConstruction) {
    notes.push(analysed.noConstruction);
  }
  return {
    unit: unit.name,
    expression: unit.expression,
    degree,
    continuity,
    predictedOrder: order,
    constant,
    predictedSlope: override ?? derivedSlope,
    derivedSlope,
    overridden: override !== undefined,
    incrementIsLinearSpace: family.isLinearSpace,
    ties: [...ties],
    notes,
  };
}
