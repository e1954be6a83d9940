/**
 * Findings: plain-language paragraphs the report states, generated from the structured verdicts.
 * Today one: the GQU finding, stated from what was measured (the paper, arXiv 2602.14495, measured
 * -3.50 against n and -3.55 against P; with the tie U = G, u = g the GQU spans C1 cubic splines, so
 * slope -4 is reachable in theory: README "The GQU"). Absent when the spec has no GQU.
 *
 * No contradictory wording is possible: each method is put in exactly one group by its verdicts over
 * the spec's targets (all PASS: reached; all FAIL: not reached; all INCONCLUSIVE: undecided; different
 * verdicts on different targets: differs by target, each target's verdict named), and every group has
 * its own wording. The conclusion depends only on whether any verdict is a PASS or a FAIL.
 */
import { signedSlope as signed, type Verdict } from '../fit/orderVerdict.js';
import type { Finding, FindingGroups, VerdictRow, VerificationReport } from './verificationReport.js';

export const PAPER_GQU_SLOPE = { vsN: -3.5, vsP: -3.55 } as const;

const f2 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));
const interval = (ci: [number, number] | null): string => (ci ? ` [${f2(ci[0])}, ${f2(ci[1])}]` : '');
const list = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** One method's verdicts over the targets, reduced to one group. */
export function groupByOutcome(rows: readonly VerdictRow[]): FindingGroups {
  const methods = [...new Set(rows.map((r) => r.method))];
  const groups: { [K in keyof FindingGroups]: string[] } = { reached: [], notReached: [], undecided: [], mixed: [] };
  const key: Record<Verdict, keyof FindingGroups> = { PASS: 'reached', FAIL: 'notReached', INCONCLUSIVE: 'undecided' };
  for (const method of methods) {
    const verdicts = new Set(rows.filter((r) => r.method === method).map((r) => r.verdict));
    groups[verdicts.size === 1 ? key[[...verdicts][0]] : 'mixed'].push(method);
  }
  return groups;
}

/** "lsq: window slope -3.89 [-3.91, -3.88] over n = 24..400, extrapolated -3.97 [-4.00, -3.93], drift +0.00 per doubling (PASS)". */
function measuredRow(r: VerdictRow, multiTarget: boolean): string {
  const where = multiTarget ? ` on ${r.target}` : '';
  const window =
    r.measuredSlope !== null
      ? `window slope ${f2(r.measuredSlope)}${interval(r.ci)}${r.window ? ` over n = ${r.window[0]}..${r.window[1]}` : ''}`
      : 'no window slope';
  const extrapolated =
    r.extrapolatedSlope !== null && r.driftPerDoubling !== null
      ? `extrapolated ${f2(r.extrapolatedSlope)}${interval(r.extrapolatedCi)}, drift ${signed(r.driftPerDoubling)} per doubling`
      : 'no extrapolated order';
  return `${r.method}${where}: ${window}, ${extrapolated} (${r.verdict})`;
}

/** Short why of an INCONCLUSIVE, for the undecided group. */
function undecidedWhy(r: VerdictRow): string {
  const head = r.reason.split(/; /)[0];
  const short =
    r.cause === 'drifting'
      ? `still drifting by ${signed(r.driftPerDoubling ?? 0)} per doubling`
      : r.cause === 'not-asymptotic' || r.cause === 'not-monotone'
        ? 'not yet asymptotic'
        : r.cause === 'unconfirmed'
          ? 'too few doublings of widths'
          : r.cause === 'no-extrapolation'
            ? 'too few widths'
            : r.cause === 'scatter'
              ? 'scatter too large'
              : r.cause === 'departure'
                ? 'local orders off the asymptotic pattern'
                : r.cause === 'not-converged'
                  ? 'runs stopped at the iteration cap'
                  : head;
  return `${short}${r.extendTo ? `; extend widths to about ${r.extendTo}` : ''}`;
}

function groupSentences(
  groups: FindingGroups,
  rows: readonly VerdictRow[],
  slope: number,
  tolerance: number,
): string[] {
  const byMethod = (m: string): VerdictRow[] => rows.filter((r) => r.method === m);
  const out: string[] = [];
  if (groups.reached.length)
    out.push(
      `Reached (PASS): ${list(groups.reached)}, whose extrapolated order lies within ${tolerance} of ${f2(slope)}.`,
    );
  if (groups.notReached.length) {
    const how = groups.notReached.map((m) => {
      const steeper = byMethod(m).every((r) => (r.extrapolatedSlope ?? 0) < slope);
      const shallower = byMethod(m).every((r) => (r.extrapolatedSlope ?? 0) > slope);
      return `${m}${steeper ? ' (steeper)' : shallower ? ' (shallower)' : ''}`;
    });
    out.push(`Not reached (FAIL): ${list(how)}, whose extrapolated order lies outside ${f2(slope)} +- ${tolerance}.`);
  }
  if (groups.undecided.length)
    out.push(
      `Undecided (INCONCLUSIVE): ${list(groups.undecided.map((m) => `${m} (${[...new Set(byMethod(m).map(undecidedWhy))].join('; ')})`))}.`,
    );
  if (groups.mixed.length)
    out.push(
      `Differs by target: ${list(
        groups.mixed.map(
          (m) =>
            `${m} (${byMethod(m)
              .map((r) => `${r.verdict} on ${r.target}`)
              .join(', ')})`,
        ),
      )}.`,
    );
  return out;
}

function conclusion(rows: readonly VerdictRow[], groups: FindingGroups, slope: number): string {
  if (rows.some((r) => r.verdict === 'PASS')) {
    const byConstruction = groups.reached.includes('construct') ? ' (the explicit construction attains it)' : '';
    return `So slope ${f2(slope)} is reachable: the paper's ${PAPER_GQU_SLOPE.vsN} is not the GQU's order${byConstruction}.`;
  }
  if (rows.some((r) => r.verdict === 'FAIL'))
    return `No method reached ${f2(slope)} here: the measurement does not confirm the theory's ${f2(slope)}.`;
  return `No verdict was conclusive, so these measurements neither confirm nor refute ${f2(slope)} against the paper's ${PAPER_GQU_SLOPE.vsN}.`;
}

function gquFinding(report: Pick<VerificationReport, 'predictions' | 'verdicts'>): Finding | null {
  const prediction = report.predictions.find((p) => p.unit === 'gqu' || p.expression === 'relu(g)*u*q');
  if (!prediction || prediction.predictedSlope === null) return null;
  const rows = report.verdicts.filter((v) => v.unit === prediction.unit);
  if (rows.length === 0) return null;
  const slope = prediction.predictedSlope;
  const tolerance = rows[0].tolerance;
  const multiTarget = new Set(rows.map((r) => r.target)).size > 1;
  const groups = groupByOutcome(rows);
  const theory =
    `Theory: ${prediction.ties.length ? `with the tie ${prediction.ties.join(', ')} each neuron is D relu(z)^2 (Qx+q), so ` : ''}the network spans ` +
    `degree-${prediction.degree} C^${prediction.continuity} splines and the predicted slope is ${f2(prediction.derivedSlope)}` +
    `${prediction.incrementIsLinearSpace === false ? '; without the tie the increment set is not a linear space' : ''}.` +
    `${prediction.overridden ? ` The spec claims ${f2(slope)} instead, and the verdicts judge that claim.` : ''}`;
  const text = [
    `GQU (${prediction.expression}). ${theory} The paper measured ${PAPER_GQU_SLOPE.vsN} against n (${PAPER_GQU_SLOPE.vsP} against P).`,
    `Measured here: ${rows.map((r) => measuredRow(r, multiTarget)).join('; ')}.`,
    ...groupSentences(groups, rows, slope, tolerance),
    conclusion(rows, groups, slope),
  ].join(' ');
  return { unit: prediction.unit, title: 'The GQU finding', text, groups };
}

/** Every finding that applies to the report's units. */
export function reportFindings(report: Pick<VerificationReport, 'predictions' | 'verdicts'>): Finding[] {
  const findings: Finding[] = [];
  const gqu = gquFinding(report);
  if (gqu) findings.push(gqu);
  return findings;
}
