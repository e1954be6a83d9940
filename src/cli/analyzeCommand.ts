/**
 * `approx-order analyze <unit...> [--dim D] [--json]`: the order of approximation a unit's form
 * predicts (symbolic/analyzeUnit). JSON: one object for one unit, an array for several
 * (schema: specs/schemas/analysis.schema.json).
 */
import type { Command } from 'commander';
import { textTable } from './textTable.js';
import { parseUnit } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { quoteUserText } from '../core/userText.js';
import type { UnitAnalysis } from '../symbolic/analyzeUnit.js';

/**
 * Largest --dim accepted: the predicted slope -(m+1)/D is printed to 4 decimals, and at D = 1e20 it
 * read "-0." (m + 1 <= 13, so at D = 1000 it is still -0.002 or steeper).
 */
export const MAX_DIMENSION = 1000;

/** --dim: an integer in [1, MAX_DIMENSION] written in decimal digits (so "1.5", "2e0" and "0" are refused). */
export function parseDimension(text: string): number {
  const dim = Number(text);
  if (!/^\d+$/.test(text.trim()) || !(dim >= 1 && dim <= MAX_DIMENSION))
    throw new UsageError(`--dim must be an integer from 1 to ${MAX_DIMENSION}, got ${quoteUserText(text)}`);
  return dim;
}

function formatSlope(slope: number | null): string {
  if (slope === null) return 'none';
  return Number.isInteger(slope) ? String(slope) : slope.toFixed(4).replace(/0+$/, '');
}

function describe(a: UnitAnalysis): string {
  const rows: Array<[string, string]> = [
    ['unit', a.unit === a.expression ? a.expression : `${a.unit} = ${a.expression}`],
  ];
  if (a.activeSide && a.specialisation) {
    rows.push(
      ['active side', `${a.activeSide.polynomial}   (where G*x + g > 0; 0 elsewhere)`],
      ['degree m', String(a.degree)],
      ['continuity r', `C^${a.continuity} at the knots`],
      [
        'increments',
        `${a.specialisation.increment}${a.specialisation.ties.length + a.specialisation.constants.length > 0 ? `   with ${[...a.specialisation.ties, ...a.specialisation.constants].join(', ')}` : ''}`,
      ],
      ['spline space', a.specialisation.splineSpace],
      [
        'linear space',
        a.incrementIsLinearSpace
          ? 'yes: the increment set is a linear space'
          : 'no: the increment set is not a linear space',
      ],
      [
        'order',
        `${a.predictedOrder}   predicted slope ${formatSlope(a.predictedSlope)} (RMSE vs n or P, dim ${a.dim})`,
      ],
    );
  } else {
    rows.push(['gate', `${a.gate.activation} (smooth)`], ['order', 'no prediction: gate is not piecewise polynomial']);
  }
  rows.push([
    'parameters',
    `${a.paramCount.formula}; 1-D: ${a.paramCount.oneD}${a.dim > 1 ? `; dx = ${a.dim}, dy = 1: ${a.paramCount.atDim}` : ''}`,
  ]);
  for (const note of a.notes) rows.push(['note', note]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function summaryTable(analyses: readonly UnitAnalysis[]): string {
  const header = ['unit', 'expression', 'm', 'r', 'linear', 'order', 'slope', 'params (1-D)'];
  const rows = analyses.map((a) => [
    a.unit,
    a.expression,
    a.degree === null ? '-' : String(a.degree),
    a.continuity === null ? '-' : String(a.continuity),
    a.incrementIsLinearSpace === null ? '-' : a.incrementIsLinearSpace ? 'yes' : 'no',
    a.predictedOrder === null ? '-' : String(a.predictedOrder),
    formatSlope(a.predictedSlope),
    a.paramCount.oneD,
  ]);
  return textTable(header, rows);
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description(
      "derive from a unit's form its active-side polynomial, degree, knot continuity, predicted order and slope, and parameter count",
    )
    .argument('<unit...>', 'built-in (mlp, glu, gqu, relu2, relu3, geglu, swiglu) or a product such as relu(g)^2*u')
    .option('--dim <D>', 'input dimension: predicted slope -(m+1)/D', '1')
    .option('--json', 'print JSON (an object for one unit, an array for several)')
    .action(async (units: string[], options: { dim: string; json?: boolean }) => {
      const dim = parseDimension(options.dim);
      const forms = units.map(parseUnit);
      // loaded on use: the CAS and the exact checker are not needed to reject bad input or run other verbs
      const { analyzeUnit } = await import('../symbolic/analyzeUnit.js');
      const analyses = forms.map((u) => analyzeUnit(u, dim));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(analyses.length === 1 ? analyses[0] : analyses, null, 2)}\n`);
        return;
      }
      const blocks = analyses.map(describe);
      process.stdout.write(`${analyses.length > 1 ? `${summaryTable(analyses)}\n\n` : ''}${blocks.join('\n\n')}\n`);
    });
}
