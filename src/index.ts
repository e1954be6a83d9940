/**
 * The approx-order library API.
 *
 *   import { verifyOrder, expectOrder } from 'approx-order';
 *   const result = await verifyOrder({ unit: 'glu', target: 'sin(3*x)', widths: [4, 6, 8, 12, 16, 24, 32, 48, 64], method: 'lsq' });
 *   result.verdict.verdict   // 'PASS'
 *   await expectOrder({ unit: 'glu', order: 3, target: 'sin(3*x)', widths: [4, 6, 8, 12, 16, 24, 32, 48, 64] });   // throws unless PASS
 *
 * verifyOrder runs the same pipeline as `approx-order verify` for one unit, one target and one
 * method (no files written unless `out` is given) and returns the same fit and verdict objects
 * that report.json holds.
 */
import { parseVerificationSpec } from './verify/verificationSpec.js';
import type { Method } from './core/methods.js';
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

export interface VerifyOrderOptions {
  /** built-in name or unit expression, e.g. 'glu' or 'relu(g)^2*u' */
  readonly unit: string;
  /** target expression in x; default the paper's 1/(1+cos(pi*x)^2) */
  readonly target?: string;
  readonly domain?: [number, number];
  /** widths n, or a list string like '8:64:8' */
  readonly widths: number[] | string;
  /** default 'lsq' */
  readonly method?: Method;
  /** seeds 0..K-1 (trained methods); default 1 */
  readonly seeds?: number;
  /** training points; default 10,000 */
  readonly dataSize?: number;
  readonly init?: string;
  readonly maxIterations?: number;
  /** slope tolerance; default 0.15 */
  readonly tolerance?: number;
  /** claim a slope instead of the derived one (a wrong claim must FAIL) */
  readonly predictedSlope?: number;
  /** worker threads for trained methods; default 1 (library calls stay in-process) */
  readonly jobs?: number;
  /** write report.json/md/html and plots here */
  readonly out?: string;
}

export interface OrderVerification {
  readonly prediction: UnitPrediction;
  readonly fit: FitRecord;
  readonly verdict: VerdictRow;
  readonly report: VerificationReport;
}

export const PAPER_TARGET = '1/(1+cos(pi*x)^2)';

/** Verify one unit's order on one target with one method. Bad input throws UsageError. */
export async function verifyOrder(options: VerifyOrderOptions): Promise<OrderVerification> {
  const method = options.method ?? 'lsq';
  const spec = parseVerificationSpec(
    {
      name: 'verifyOrder',
      units: [options.unit],
      targets: [options.target ?? PAPER_TARGET],
      ...(options.domain ? { domain: options.domain } : {}),
      widths: options.widths,
      methods: [
        {
          name: method,
          ...(options.init ? { init: options.init } : {}),
          ...(options.maxIterations ? { maxIterations: options.maxIterations } : {}),
          ...(method === 'construct' ? {} : { jobs: options.jobs ?? 1 }),
        },
      ],
      ...(options.seeds ? { seeds: options.seeds } : {}),
      ...(options.dataSize ? { dataSize: options.dataSize } : {}),
      ...(options.tolerance ? { tolerance: options.tolerance } : {}),
      ...(options.predictedSlope !== undefined
        ? { predictedSlopeOverrides: { [options.unit]: options.predictedSlope } }
        : {}),
    },
    'verifyOrder()',
  );
  const report = await runVerification(spec, { sources: defaultSources });
  if (options.out) await writeReport(report, options.out);
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
 * otherwise (inside a tap test, an async throw fails the test). `order` (positive, e.g. 3) claims
 * slope -order instead of the derived prediction; without it the derived prediction is checked.
 */
export async function expectOrder(
  options: VerifyOrderOptions & { readonly order?: number },
): Promise<OrderVerification> {
  const result = await verifyOrder({
    ...options,
    predictedSlope: options.order !== undefined ? -options.order : options.predictedSlope,
  });
  if (result.verdict.verdict !== 'PASS') throw new OrderExpectationError(result);
  return result;
}
