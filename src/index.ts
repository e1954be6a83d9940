/**
 * The approx-order library API.
 *
 *   import { verifyOrder, expectOrder } from 'approx-order';
 *   const result = await verifyOrder({ unit: 'glu', order: 3, target: 'sin(3*x)', widths: [4, 6, 8, 12, 16, 24, 32, 48, 64], method: 'lsq' });
 *   result.verdict.verdict   // 'PASS'; with order: 4 it is 'FAIL'
 *   await expectOrder({ unit: 'glu', order: 3, target: 'sin(3*x)', widths: [4, 6, 8, 12, 16, 24, 32, 48, 64] });   // throws unless PASS
 *
 * Both take one options type (OrderOptions, src/verify/orderOptions.ts) and refuse unknown keys.
 * verifyOrder runs the same pipeline as `approx-order verify` for one unit, one target and one
 * method (no files written unless `out` is given) and returns the same fit and verdict objects
 * that report.json holds.
 */
import { parseVerificationSpec } from './verify/verificationSpec.js';
import { checkOrderOptions, orderSpecJson, type OrderOptions } from './verify/orderOptions.js';
import { runVerification } from './verify/runVerification.js';
import type { FitRecord, VerdictRow, VerificationReport } from './verify/verificationReport.js';
import { defaultSources } from './verify/defaultSources.js';
import type { UnitPrediction } from './verify/unitPrediction.js';
import { writeReport } from './report/writeReport.js';

export { runVerification } from './verify/runVerification.js';
export type { VerificationReport, VerdictRow, FitRecord, Finding } from './verify/verificationReport.js';
export { parseVerificationSpec, readVerificationSpec, type VerificationSpec } from './verify/verificationSpec.js';
export { writeReport } from './report/writeReport.js';
export { fitSlope, type SlopeFit, type SlopeEstimate } from './fit/fitSlope.js';
export { judgeOrder, type Verdict, type VerdictCause, type OrderJudgement } from './fit/orderVerdict.js';
export { extrapolatedOrder, type ExtrapolatedOrder } from './fit/extrapolatedOrder.js';
export { logLogSlope } from './fit/logLogSlope.js';
export { observedLocalOrders } from './fit/observedLocalOrders.js';
export { asymptoticWindow } from './fit/asymptoticWindow.js';
export { parseUnit, type UnitForm } from './core/unitForm.js';
export { compileTarget } from './core/target.js';
export { UsageError, CheckFailedError } from './core/errors.js';
export { TOOL_VERSION } from './core/toolVersion.js';
export { PAPER_TARGET, type OrderOptions } from './verify/orderOptions.js';
export {
  designUnits,
  enumerateUnitForms,
  type DesignOptions,
  type UnitDesign,
  type DesignedUnit,
  type BudgetPrediction,
  type Crossover,
} from './verify/designUnits.js';
export { confirmDesign, type DesignConfirmation, type ConfirmRow } from './verify/confirmDesign.js';

export interface OrderVerification {
  readonly prediction: UnitPrediction;
  readonly fit: FitRecord;
  readonly verdict: VerdictRow;
  readonly report: VerificationReport;
}

/**
 * Verify one unit's order on one target with one method; resolves with the verdict whatever it is
 * (PASS, FAIL or INCONCLUSIVE). `order` claims RMSE ~ n^-order instead of the derived prediction.
 * Bad input (an unknown option key, a value of the wrong type, a bad unit, target or width list)
 * throws UsageError.
 */
export async function verifyOrder(options: OrderOptions): Promise<OrderVerification> {
  return runOrderCheck(checkOrderOptions(options, 'verifyOrder()'), 'verifyOrder()');
}

async function runOrderCheck(options: OrderOptions, caller: string): Promise<OrderVerification> {
  const spec = parseVerificationSpec(orderSpecJson(options), caller);
  const report = await runVerification(spec, { sources: defaultSources });
  if (options.out !== undefined) await writeReport(report, options.out);
  return { prediction: report.predictions[0], fit: report.fits[0], verdict: report.verdicts[0], report };
}

/** A failed expectOrder: the verdict row says what was measured and why it is not a PASS. */
export class OrderExpectationError extends Error {
  override readonly name = 'OrderExpectationError';
  constructor(readonly verification: OrderVerification) {
    const v = verification.verdict;
    super(`${v.unit} on ${v.target} (${v.method}): ${v.verdict}: ${v.reason}`);
  }
}

/**
 * Resolve with the verification when the unit's measured slope matches; throw OrderExpectationError
 * otherwise (inside a tap test, an async throw fails the test). Takes the same options as
 * verifyOrder: `order` (positive, e.g. 3) claims slope -order; without it the derived prediction is
 * checked.
 */
export async function expectOrder(options: OrderOptions): Promise<OrderVerification> {
  const result = await runOrderCheck(checkOrderOptions(options, 'expectOrder()'), 'expectOrder()');
  if (result.verdict.verdict !== 'PASS') throw new OrderExpectationError(result);
  return result;
}
