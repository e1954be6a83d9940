/**
 * `approx-order construct <unit> --target EXPR --widths LIST [--domain a,b] [--json] [--out FILE]`:
 * explicit parameters attaining the unit's predicted order at each width (no training), measured on
 * the dense test grid. --json prints {unit, target, domain, testPoints, construction, rows: [{n, params,
 * cells, h, testPoints, rmse, localOrder, ratioToPredicted}], slope: {vsN, vsP}}; `params` is the parameter count P.
 * --out FILE writes the parameters as a JSON array, one network record per width in increasing width
 * (specs/schemas/network-params.schema.json), which paramsFromJson loads.
 */
import type { Command } from 'commander';
import { compileTarget } from '../core/target.js';
import { DEFAULT_DOMAIN, parseDomain } from '../core/domain.js';
import { parseUnit } from '../core/unitForm.js';
import { parseWidths } from '../core/widths.js';
import { testGridPoints } from '../core/testGrid.js';
import { writeFileAtomic } from '../core/outputFile.js';
import { UsageError } from '../core/errors.js';
import { formatBytes, formatSeconds, LONG_RUN_SECONDS, requireMemory } from '../core/resourceBudget.js';
import { constructionCost } from '../construct/constructionCost.js';
import { paramsToJson } from '../network/networkParams.js';
import { analysedUnit, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { logLogSlope } from '../fit/logLogSlope.js';
import { observedLocalOrders } from '../fit/observedLocalOrders.js';
import type { ConstructSweep } from '../construct/constructSweep.js';

interface ConstructOptions {
  target: string;
  widths: string;
  domain?: string;
  json?: boolean;
  out?: string;
}

/** What the construct verb reports beside the sweep: local orders between rows and the log-log slope over all rows. */
interface SweepOrders {
  /** per row; null on the first row and where an RMSE is 0 */
  readonly localOrders: ReadonlyArray<number | null>;
  /** least-squares log-log slope over all rows; null with fewer than two rows or a zero RMSE */
  readonly slope: { readonly vsN: number | null; readonly vsP: number | null };
}

function sweepOrders(sweep: ConstructSweep): SweepOrders {
  const rows = sweep.rows;
  const local = observedLocalOrders(
    rows.map((r) => r.n),
    rows.map((r) => r.rmse),
  );
  const fittable = rows.length >= 2 && rows.every((r) => r.rmse > 0);
  const slopeOf = (x: (r: (typeof rows)[number]) => number) =>
    fittable
      ? logLogSlope(
          rows.map(x),
          rows.map((r) => r.rmse),
        ).slope
      : null;
  return {
    localOrders: rows.map((_, i) => (i === 0 || !Number.isFinite(local[i - 1].order) ? null : local[i - 1].order)),
    slope: { vsN: slopeOf((r) => r.n), vsP: slopeOf((r) => r.params) },
  };
}

/** The unit's construction and its smallest width, or a UsageError saying why not. */
export function requireConstruction(analysed: AnalysedUnit, widths: readonly number[]): void {
  if (!analysed.construction || analysed.headNeurons === null)
    throw new UsageError(analysed.noConstruction ?? 'no construction');
  const head = analysed.headNeurons;
  const tooSmall = widths.find((n) => n < head);
  if (tooSmall !== undefined) {
    throw new UsageError(
      `width ${tooSmall} is too small for the ${analysed.form.name} construction: it needs at least ${head} neurons`,
    );
  }
}

const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));

function renderTable(sweep: ConstructSweep, orders: SweepOrders): string {
  const c = sweep.construction;
  const lines = [
    `construct ${sweep.unit} (${sweep.expression}) on ${sweep.target}, domain [${sweep.domain[0]}, ${sweep.domain[1]}]`,
    `construction: degree-${c.degree} C${c.continuity} spline, ${c.description}; ${c.headNeurons} head neuron(s) + one per interior knot`,
    `predicted slope ${c.predictedSlope}; leading term ${c.rmseConstant.exact} h^${c.derivativeOrder} RMS(f^(${c.derivativeOrder})), RMS(f^(${c.derivativeOrder})) = ${c.derivativeRms.toPrecision(6)}`,
    `test grid: ${sweep.rows.length > 0 && sweep.rows[0].testPoints !== sweep.testPoints ? `${sweep.rows[0].testPoints} to ` : ''}${sweep.testPoints} uniform points (20001 up to n = 625, then 32 n + 1)`,
    '',
    `${'n'.padStart(6)} ${'P'.padStart(7)} ${'h'.padStart(11)} ${'RMSE'.padStart(11)} ${'local order'.padStart(11)} ${'ratio'.padStart(7)}`,
  ];
  sweep.rows.forEach((r, i) => {
    lines.push(
      `${String(r.n).padStart(6)} ${String(r.params).padStart(7)} ${r.h.toExponential(4).padStart(11)} ${r.rmse.toExponential(4).padStart(11)} ` +
        `${fixed(orders.localOrders[i], 3).padStart(11)} ${fixed(r.ratioToPredicted, 4).padStart(7)}`,
    );
  });
  lines.push(
    '',
    `fitted slope over all widths: vs n ${fixed(orders.slope.vsN, 3)}, vs P ${fixed(orders.slope.vsP, 3)}`,
  );
  return lines.join('\n') + '\n';
}

function jsonReport(sweep: ConstructSweep, orders: SweepOrders): Record<string, unknown> {
  return {
    unit: sweep.unit,
    expression: sweep.expression,
    target: sweep.target,
    domain: sweep.domain,
    testPoints: sweep.testPoints,
    construction: sweep.construction,
    rows: sweep.rows.map((r, i) => ({
      n: r.n,
      params: r.params,
      cells: r.cells,
      h: r.h,
      rmse: r.rmse,
      testPoints: r.testPoints,
      localOrder: orders.localOrders[i],
      ratioToPredicted: r.ratioToPredicted,
    })),
    slope: orders.slope,
  };
}

export function registerConstructCommand(program: Command): void {
  program
    .command('construct')
    .description(
      "build explicit parameters that attain the unit's predicted order at each width (no training) and measure their RMSE",
    )
    .argument('<unit>', 'built-in unit (mlp, glu, gqu, relu2, relu3) or a written form such as relu(g)^2*u')
    .requiredOption('--target <expr>', 'target f(x), e.g. "1/(1+cos(pi*x)^2)"')
    .requiredOption('--widths <list>', 'widths: 8,16,32 or start:stop:step')
    .option('--domain <a,b>', 'domain [a, b]', `${DEFAULT_DOMAIN[0]},${DEFAULT_DOMAIN[1]}`)
    .option('--json', 'print the results as JSON')
    .option('--out <file>', 'write the parameters (a JSON array, one network record per width)')
    .action(async (unitText: string, options: ConstructOptions) => {
      // Imported here so that CLI start-up does not pay for the construction modules.
      const { constructSweep } = await import('../construct/constructSweep.js');
      const unit = parseUnit(unitText);
      const analysed = analysedUnit(unit);
      const domain = parseDomain(options.domain ?? `${DEFAULT_DOMAIN[0]},${DEFAULT_DOMAIN[1]}`);
      const widths = parseWidths(options.widths);
      const target = compileTarget(options.target, domain);
      requireConstruction(analysed, widths);
      // Every size has a ceiling: refuse what cannot fit in memory, and say up front what will take long.
      const cost = constructionCost(analysed, widths);
      const widest = widths[widths.length - 1];
      const what = `construct ${unit.name} at ${widths.length} width${widths.length === 1 ? '' : 's'} up to n = ${widest}`;
      requireMemory(cost.bytes, what);
      if (cost.seconds >= LONG_RUN_SECONDS) {
        process.stderr.write(
          `construct: estimate for ${what} (a test grid of ${testGridPoints(widest)} points, every neuron evaluated at each): about ${formatSeconds(cost.seconds)}, peak memory about ${formatBytes(cost.bytes)}\n`,
        );
      }
      const sweep = constructSweep(analysed, target, widths);
      const orders = sweepOrders(sweep);
      if (options.out) {
        const records = sweep.rows.map((r) => ({
          ...paramsToJson(unit, r.network),
          construction: {
            target: sweep.target,
            domain: [...sweep.domain],
            cells: r.cells,
            h: r.h,
            headKnots: [...r.headKnots],
            description: sweep.construction.description,
          },
        }));
        writeFileAtomic(options.out, JSON.stringify(records, null, 1) + '\n');
      }
      process.stdout.write(
        options.json ? JSON.stringify(jsonReport(sweep, orders), null, 2) + '\n' : renderTable(sweep, orders),
      );
    });
}
