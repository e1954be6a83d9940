/**
 * Findings: plain-language paragraphs the report states, generated from the structured verdicts.
 * Today one: the GQU finding, stated from what was measured (the paper, arXiv 2602.14495, measured
 * -3.50 against n and -3.55 against P; with the tie U = G, u = g the GQU spans C1 cubic splines, so
 * slope -4 is reachable in theory: README "The GQU"). Absent when the spec has no GQU.
 */
import type { Finding, VerificationReport } from './verificationReport.js';

export const PAPER_GQU_SLOPE = { vsN: -3.5, vsP: -3.55 } as const;

const f2 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));

function gquFinding(
  report: Pick<VerificationReport, 'predictions' | 'verdicts' | 'fits'>,
): { unit: string; text: string } | null {
  const prediction = report.predictions.find((p) => p.unit === 'gqu' || p.expression === 'relu(g)*u*q');
  if (!prediction) return null;
  const rows = report.verdicts.filter((v) => v.unit === prediction.unit);
  const measured = rows.map((r) => {
    const where = r.window ? ` over n = ${r.window[0]}..${r.window[1]}` : '';
    const ci = r.ci ? ` (95% CI ${f2(r.ci[0])} to ${f2(r.ci[1])})` : '';
    // Where the local order stands at the largest fitted width: still steepening, or settled.
    const fit = report.fits.find((f) => f.unit === r.unit && f.target === r.target && f.method === r.method)?.fit;
    const k = fit ? fit.points.map((p) => p.n).lastIndexOf(r.window?.[1] ?? -1) : -1;
    const last = fit && k >= 0 ? fit.runningOrders[k] : null;
    const local =
      last !== null && last !== undefined && r.window ? `, running local order ${f2(last)} at n = ${r.window[1]}` : '';
    return `${r.method} ${f2(r.measuredSlope)}${ci}${where}${local}: ${r.verdict}${r.target !== rows[0].target ? ` on ${r.target}` : ''}`;
  });
  const passed = [...new Set(rows.filter((r) => r.verdict === 'PASS').map((r) => r.method))];
  const failed = [...new Set(rows.filter((r) => r.verdict === 'FAIL').map((r) => r.method))];
  const predicted = prediction.derivedSlope;
  const theory =
    `Theory: ${prediction.ties.length ? `with the tie ${prediction.ties.join(', ')} each neuron is D relu(z)^2 (Qx+q), so` : ''} the network spans degree-${prediction.degree} C^${prediction.continuity} splines and the predicted slope is ${f2(predicted)}` +
    `${prediction.incrementIsLinearSpace === false ? '; without the tie the increment set is not a linear space' : ''}.`;
  let conclusion: string;
  if (passed.length > 0) {
    conclusion =
      `Slope ${f2(predicted)} is reached here by ${passed.join(', ')}${failed.length ? `, not by ${failed.join(', ')}` : ''}: the paper's ${PAPER_GQU_SLOPE.vsN} is not the GQU's order` +
      `${passed.includes('construct') ? ' (the explicit construction attains it)' : ''}.`;
  } else if (failed.length > 0) {
    conclusion = `No method reached ${f2(predicted)} here (${failed.join(', ')} failed): the measurement does not confirm the theory's ${f2(predicted)}.`;
  } else {
    conclusion = 'No method gave a conclusive slope here.';
  }
  return {
    unit: prediction.unit,
    text:
      `GQU (${prediction.expression}). ${theory} The paper measured ${PAPER_GQU_SLOPE.vsN} against n (${PAPER_GQU_SLOPE.vsP} against P). ` +
      `Measured here: ${measured.join('; ')}. ${conclusion}`,
  };
}

/** Every finding that applies to the report's units. */
export function reportFindings(report: Pick<VerificationReport, 'predictions' | 'verdicts' | 'fits'>): Finding[] {
  const findings: Finding[] = [];
  const gqu = gquFinding(report);
  if (gqu) findings.push({ unit: gqu.unit, title: 'The GQU finding', text: gqu.text });
  return findings;
}
