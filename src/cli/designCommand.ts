/**
 * `approx-order design [--max-degree M] [--max-factors K] [--dim D] [--target EXPR] [--params P,...]
 * [--json] [--out DIR]`: every distinct relu-gated polynomial unit up to degree M and K factors, the
 * error its construction predicts at each budget P, and the Pareto front (verify/designUnits).
 * --out DIR writes design.json, design.md and the proof of every front unit (DIR/proofs/<unit>.md,
 * as `prove` writes it), all paths checked before anything is written.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { pathOption } from './pathOption.js';
import { textTable } from './textTable.js';
import { UsageError } from '../core/errors.js';
import { quoteUserText } from '../core/userText.js';
import { checkOutputPaths, writeFilesAtomic } from '../core/outputFile.js';
import { parseUnit } from '../core/unitForm.js';
import { formatBytes, formatSeconds, LONG_RUN_SECONDS, requireMemory } from '../core/resourceBudget.js';
import { constructionCost } from '../construct/constructionCost.js';
import { measureRunCost } from '../measure/runCost.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';
import { parseDimension } from './analyzeCommand.js';
import { proofFileName } from './proveCommand.js';
import type { DesignedUnit, UnitDesign } from '../verify/designUnits.js';
import { CONFIRM_LSQ_SEED, type DesignConfirmation } from '../verify/confirmDesign.js';
import { DEFAULT_TRAINING_POINTS } from '../core/methods.js';

/** A decimal integer written as digits, with an optional leading minus (so K < 0 is named, not misparsed). */
function parseInteger(name: string, text: string): number {
  if (!/^-?\d{1,10}$/.test(text.trim())) throw new UsageError(`${name} must be an integer, got ${quoteUserText(text)}`);
  return Number(text);
}

function parseBudgets(text: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0)
    throw new UsageError('--params is empty: give at least one parameter budget, e.g. --params 100,300,1000');
  return parts.map((s) => parseInteger('each --params value', s));
}

const sci = (x: number | null) => (x === null ? '-' : x.toExponential(3));

function unitRows(units: readonly DesignedUnit[]): string[][] {
  return units.map((u) => [
    u.expression,
    String(u.order),
    `C${u.continuity}`,
    String(u.paramsPerNeuron),
    u.headNeurons === null ? '-' : String(u.headNeurons),
    u.constant ? u.constant.value.toExponential(4) : '-',
    ...u.predictions.map((b) => sci(b.rmse)),
  ]);
}

export function renderDesign(d: UnitDesign): string {
  const header = ['unit', 'order', 'r', 'p', 'head', 'C', ...d.params.map((P) => `L(P=${P})`)];
  const lines = [
    `${d.count} distinct relu-gated units (active degree <= ${d.maxDegree}, <= ${d.maxFactors} affine factors besides the gate; forms equal up to renaming the non-gate letters counted once)`,
    `target ${d.target} on [${d.domain[0]}, ${d.domain[1]}], dim ${d.dim}`,
    `predicted error of the explicit construction: ${d.formula}`,
    '(L is the truncation error alone: float64 rounding, about 1e-16 max|f| and more where the network cancels, is not in it; --confirm measures both)',
    ...(d.dim > 1
      ? [
          `in ${d.dim} dimensions only the order (slope -(m+1)/${d.dim}) and p are derived; the constants C are 1-D, so L is not predicted and the front compares order and p`,
        ]
      : []),
    '',
    `Pareto front (no unit of at least its order and at most its p predicts no more error at every P), by L at P = ${d.params[d.params.length - 1]}:`,
    textTable(header, unitRows(d.front)),
    '',
    'best unit of each order:',
    textTable(header, unitRows(d.bestPerOrder)),
  ];
  if (d.crossovers.length > 0) {
    lines.push('', 'crossovers (continuous n):');
    for (const c of d.crossovers)
      lines.push(`  from P = ${c.params}: ${c.overtakes} predicts less error than ${c.overtaken}`);
  } else
    lines.push(
      '',
      `no crossovers between P = ${d.params[0]} and ${d.params[d.params.length - 1]}: the ranking is the same at every budget`,
    );
  if (d.ties.length > 0)
    lines.push(
      '',
      `same prediction as a unit listed earlier: ${d.ties.map((t) => `${t.unit} = ${t.sameAs}`).join('; ')}`,
    );
  return `${lines.join('\n')}\n`;
}

function renderConfirmation(c: DesignConfirmation): string {
  const rows = c.rows.map((r) => [
    r.unit,
    String(r.params),
    String(r.neurons),
    sci(r.predicted),
    sci(r.measured),
    r.ratio.toFixed(3),
    r.atFloor ? 'float64 floor' : '',
    sci(r.lsq.measured),
    r.lsq.ratio.toFixed(3),
    r.lsq.atFloor ? 'float64 floor' : '',
  ]);
  const ranking = (what: string, differences: readonly string[]) =>
    differences.length === 0
      ? `${what}: the measured ranking agrees with the predicted one at every P`
      : `${what}: the measured ranking differs: ${differences.join(' | ')}`;
  const lines = [
    'confirmation at n = floor((P - 1)/p), RMSE on the test grid: construct = the explicit construction (what L(P) predicts);',
    `lsq = gates frozen at the spline initialisation, exact float64 least squares on ${DEFAULT_TRAINING_POINTS} uniform random points (seed ${CONFIRM_LSQ_SEED}): a best fit on the spline initialisation's knots, which L(P) does not describe (below it where the fit beats the construction, above it where those knots are worse placed)`,
    textTable(
      ['unit', 'P', 'n', 'predicted', 'construct', 'construct/predicted', '', 'lsq', 'lsq/predicted', ''],
      rows,
    ),
    ranking('construct', c.rankingDifferences),
    ranking('lsq', c.lsqRankingDifferences),
  ];
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The HTML report: the plot, then design.md as preformatted text with its proof links made links. */
function designHtml(markdown: string, svg: string): string {
  const body = escapeHtml(markdown).replace(/\[proof\]\((proofs\/[a-z0-9_]+\.md)\)/g, '<a href="$1">proof</a>');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>Unit design</title></head><body>\n${svg}\n<pre>${body}</pre>\n</body></html>\n`;
}

function designMarkdown(d: UnitDesign, proofs: ReadonlyMap<string, string>): string {
  const header = ['unit', 'order', 'r', 'p', 'head', 'C', ...d.params.map((P) => `L(P=${P})`), 'proof'];
  const row = (u: DesignedUnit) => {
    const cells = unitRows([u])[0].map((c, j) => (j === 0 ? `\`${c}\`` : c));
    const proof = proofs.get(u.expression);
    return `| ${[...cells, proof ? `[proof](${proof})` : '-'].join(' | ')} |`;
  };
  const tableMd = (units: readonly DesignedUnit[]) =>
    [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...units.map(row)].join('\n');
  return [
    '# Unit design',
    '',
    '![predicted and measured RMSE against P](design.svg)',
    '',
    `${d.count} distinct relu-gated units, active degree <= ${d.maxDegree}, at most ${d.maxFactors} affine factors besides the gate. Target \`${d.target}\` on [${d.domain[0]}, ${d.domain[1]}], dim ${d.dim}.`,
    '',
    `Predicted error of each unit's explicit construction: ${d.formula}.`,
    '',
    '## Pareto front',
    '',
    tableMd(d.front),
    '',
    '## Best unit of each order',
    '',
    tableMd(d.bestPerOrder),
    '',
    '## Crossovers',
    '',
    d.crossovers.length === 0
      ? 'None between the smallest and the largest budget.'
      : d.crossovers.map((c) => `- from P = ${c.params}: \`${c.overtakes}\` below \`${c.overtaken}\``).join('\n'),
    ...(d.warnings.length > 0 ? ['', '## Warnings', '', ...d.warnings.map((w) => `- ${w}`)] : []),
    '',
  ].join('\n');
}

/** The front, then the best unit of each order not already on it: the units --confirm measures and the plot draws. */
function listedUnits(design: UnitDesign): DesignedUnit[] {
  return [...design.front, ...design.bestPerOrder.filter((b) => !design.front.includes(b))];
}

/** --confirm, after its memory check and (for a long run) its printed estimate: every size has a ceiling. */
async function confirmWithEstimate(design: UnitDesign): Promise<DesignConfirmation> {
  const { confirmDesign } = await import('../verify/confirmDesign.js');
  const listed = listedUnits(design);
  // Each listed unit is built at its width for each budget and fitted by lsq there, one after another.
  const costs = listed.map((u) => {
    const analysed = analysedUnit(parseUnit(u.expression));
    const widths = u.predictions.filter((b) => b.rmse !== null).map((b) => b.neurons);
    const lsq = widths.map((n) =>
      measureRunCost(analysed, { method: 'lsq', init: 'spline', n, data: DEFAULT_TRAINING_POINTS, maxIterations: 1 }),
    );
    const built = constructionCost(analysed, widths);
    return {
      bytes: Math.max(built.bytes, ...lsq.map((c) => c.bytes)),
      seconds: built.seconds + lsq.reduce((sum, c) => sum + c.seconds, 0),
    };
  });
  const what = `design --confirm of ${listed.length} units at budgets up to P = ${design.params[design.params.length - 1]}`;
  const bytes = Math.max(0, ...costs.map((c) => c.bytes));
  requireMemory(bytes, what);
  const seconds = costs.reduce((sum, c) => sum + c.seconds, 0);
  if (seconds >= LONG_RUN_SECONDS)
    process.stderr.write(
      `design: estimate for ${what}: about ${formatSeconds(seconds)}, peak memory about ${formatBytes(bytes)}\n`,
    );
  return confirmDesign(design, listed);
}

interface DesignOutputs {
  readonly dir: string;
  /** unit expression -> proof path relative to dir, for each front unit with a proof */
  readonly proofs: ReadonlyMap<string, string>;
  readonly all: readonly string[];
}

function designOutputPaths(dir: string, design: UnitDesign): DesignOutputs {
  const proofs = new Map<string, string>();
  for (const u of design.front)
    if (u.constant) proofs.set(u.expression, `proofs/${proofFileName(parseUnit(u.expression))}`);
  const all = [
    ...['design.json', 'design.md', 'design.svg', 'design.html'].map((f) => join(dir, f)),
    ...[...proofs.values()].map((p) => join(dir, p)),
  ];
  return { dir, proofs, all };
}

/** design.json, design.md, design.svg, design.html and the front's proofs, written together atomically. */
async function writeDesignOutputs(
  out: DesignOutputs,
  design: UnitDesign,
  confirmation: DesignConfirmation | null,
): Promise<void> {
  const result = confirmation ? { ...design, confirmation } : design;
  const markdown =
    designMarkdown(design, out.proofs) +
    (confirmation ? `\n## Confirmation\n\n\`\`\`\n${renderConfirmation(confirmation)}\`\`\`\n` : '');
  const { proveUnit } = await import('../symbolic/proveUnit.js');
  const { designPlot } = await import('../report/designPlot.js');
  const svg = await designPlot(design, listedUnits(design), confirmation);
  writeFilesAtomic([
    [join(out.dir, 'design.json'), `${JSON.stringify(result, null, 2)}\n`],
    [join(out.dir, 'design.md'), markdown],
    [join(out.dir, 'design.svg'), svg],
    [join(out.dir, 'design.html'), designHtml(markdown, svg)],
    ...[...out.proofs].map(
      ([expression, path]) => [join(out.dir, path), proveUnit(analysedUnit(parseUnit(expression))).markdown] as const,
    ),
  ]);
}

export function registerDesignCommand(program: Command): void {
  program
    .command('design')
    .description(
      'enumerate relu-gated polynomial units, predict the error of each construction at parameter budgets, and print the Pareto front',
    )
    .option('--max-degree <M>', 'largest active degree (1 to 12)', '5')
    .option('--max-factors <K>', 'most affine factors besides the gate (>= 0)', '4')
    .option('--dim <D>', 'input dimension (parameters per neuron; above 1 only order and parameters are compared)', '1')
    .option('--target <EXPR>', "target f(x) on [-1, 1]; default the paper's 1/(1+cos(pi*x)^2)")
    .option('--params <P,...>', 'parameter budgets', '100,300,1000')
    .option(
      '--confirm',
      'build the front and the best unit of each order by construction and fit it by lsq at each P, and compare measured with predicted RMSE',
    )
    .option('--json', 'print the design as JSON')
    .option(
      '--out <DIR>',
      "write design.json, design.md and the front units' proofs (DIR/proofs/) here",
      pathOption('--out'),
    )
    .action(
      async (options: {
        maxDegree: string;
        maxFactors: string;
        dim: string;
        target?: string;
        params: string;
        json?: boolean;
        out?: string;
        confirm?: boolean;
      }) => {
        const maxDegree = parseInteger('--max-degree', options.maxDegree);
        const maxFactors = parseInteger('--max-factors', options.maxFactors);
        if (maxDegree < 1 || maxDegree > 12)
          throw new UsageError(
            `--max-degree must be from 1 to 12 (the largest active degree supported), got ${maxDegree}`,
          );
        if (maxFactors < 0) throw new UsageError(`--max-factors must be 0 or more, got ${maxFactors}`);
        const dim = parseDimension(options.dim);
        const params = parseBudgets(options.params);
        const { designUnits } = await import('../verify/designUnits.js');
        const design = designUnits({
          maxDegree,
          maxFactors,
          dim,
          params,
          ...(options.target !== undefined ? { target: options.target } : {}),
        });
        for (const w of design.warnings) process.stderr.write(`approx-order: warning: ${w}\n`);
        const outputs = options.out === undefined ? null : designOutputPaths(options.out, design);
        // Every output path is checked before the (possibly long) confirmation runs.
        if (outputs) checkOutputPaths(outputs.all);
        const confirmation = options.confirm ? await confirmWithEstimate(design) : null;
        const result = confirmation ? { ...design, confirmation } : design;
        if (outputs) await writeDesignOutputs(outputs, design, confirmation);
        process.stdout.write(
          options.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : renderDesign(design) + (confirmation ? `\n${renderConfirmation(confirmation)}` : ''),
        );
      },
    );
}
