/**
 * `approx-order construct <unit...> --target EXPR --widths LIST [--domain a,b] [--json] [--out FILE]`:
 * explicit parameters attaining each unit's predicted order at each width (no training), measured on
 * the dense test grid. Every unit is checked (name, construction, smallest width) before any is built.
 * The table is printed per unit, in the order given; its last column is roundingError / RMSE, marked
 * "rounding" where it exceeds the fit's ROUNDING_FRACTION (verify leaves such widths out of the
 * window). --json prints, for one unit, {unit, expression, target, domain, testPoints, construction,
 * rows: [{n, params, cells, h, testPoints, rmse, localOrder, ratioToPredicted, roundingError}], slope: {vsN, vsP}}
 * (`params` is the parameter count P, roundingError the RMS of (float64 network - its spline) over
 * the test grid), and for several units an array of such objects in the order given. --out FILE
 * writes one JSON array of network records (specs/schemas/network-params.schema.json), which
 * paramsFromJson loads: the records of each unit in the order given, in increasing width within a
 * unit; each record names its unit in `unit` (the canonical expression, which paramsFromJson
 * checks), so one unit's file is what it always was.
 */
import type { Command } from 'commander';
import { pathOption } from './pathOption.js';
import { compileTarget } from '../core/target.js';
import { DEFAULT_DOMAIN, parseDomain } from '../core/domain.js';
import { parseUnit } from '../core/unitForm.js';
import { parseWidths } from '../core/widths.js';
import { testGridPoints } from '../core/testGrid.js';
import { checkOutputPaths, writeFileAtomic } from '../core/outputFile.js';
import { UsageError } from '../core/errors.js';
import { formatBytes, formatSeconds, LONG_RUN_SECONDS, requireMemory } from '../core/resourceBudget.js';
import { constructionCost } from '../construct/constructionCost.js';
import { paramsToJson } from '../network/networkParams.js';
import { analysedUnit, type AnalysedUnit } from '../symbolic/analysedUnit.js';
import { logLogSlope } from '../fit/logLogSlope.js';
import { observedLocalOrders } from '../fit/observedLocalOrders.js';
import { ROUNDING_FRACTION } from '../fit/seriesCuts.js';
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
  if (!analysed.construction || analysed.minimumWidth === null)
    throw new UsageError(analysed.noConstruction ?? 'no construction');
  const smallest = analysed.minimumWidth;
  const tooSmall = widths.find((n) => n < smallest);
  if (tooSmall !== undefined) {
    throw new UsageError(
      `width ${tooSmall} is too small for the ${analysed.form.name} construction: it needs at least ${smallest} neurons`,
    );
  }
}

const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));

/** roundingError / RMSE as "1.2e-4", with " rounding" where the window would exclude the width. */
function roundingShare(roundingError: number, rmse: number): string {
  const share = rmse > 0 ? roundingError / rmse : Number.POSITIVE_INFINITY;
  return `${share.toExponential(1)}${share > ROUNDING_FRACTION ? ' rounding' : ''}`;
}

function renderTable(sweep: ConstructSweep, orders: SweepOrders): string {
  const c = sweep.construction;
  const lines = [
    `construct ${sweep.unit} (${sweep.expression}) on ${sweep.target}, domain [${sweep.domain[0]}, ${sweep.domain[1]}]`,
    `construction: degree-${c.degree} C${c.continuity} spline, ${c.description}; ${c.headNeurons} head neuron(s) + one per interior knot`,
    `predicted slope ${c.predictedSlope}; leading term ${c.rmseConstant.exact} h^${c.derivativeOrder} RMS(f^(${c.derivativeOrder})), RMS(f^(${c.derivativeOrder})) = ${c.derivativeRms.toPrecision(6)}`,
    `test grid: ${sweep.rows.length > 0 && sweep.rows[0].testPoints !== sweep.testPoints ? `${sweep.rows[0].testPoints} to ` : ''}${sweep.testPoints} uniform points (20001 up to n = 625, then 32 n + 1)`,
    '',
    `${'n'.padStart(6)} ${'P'.padStart(7)} ${'h'.padStart(11)} ${'RMSE'.padStart(11)} ${'local order'.padStart(11)} ${'ratio'.padStart(7)} ${'rounding/RMSE'.padStart(13)}`,
  ];
  sweep.rows.forEach((r, i) => {
    lines.push(
      `${String(r.n).padStart(6)} ${String(r.params).padStart(7)} ${r.h.toExponential(4).padStart(11)} ${r.rmse.toExponential(4).padStart(11)} ` +
        `${fixed(orders.localOrders[i], 3).padStart(11)} ${fixed(r.ratioToPredicted, 4).padStart(7)} ${roundingShare(r.roundingError, r.rmse).padStart(13)}`,
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
      roundingError: r.roundingError,
    })),
    slope: orders.slope,
  };
}

/** The network records --out writes for one unit: one per width, with their provenance. */
function networkRecords(analysed: AnalysedUnit, sweep: ConstructSweep): Record<string, unknown>[] {
  return sweep.rows.map((r) => ({
    ...paramsToJson(analysed.form, r.network),
    construction: {
      target: sweep.target,
      domain: [...sweep.domain],
      cells: r.cells,
      h: r.h,
      headKnots: [...r.headKnots],
      description: sweep.construction.description,
    },
  }));
}

export function registerConstructCommand(program: Command): void {
  program
    .command('construct')
    .description(
      "build explicit parameters that attain each unit's predicted order at each width (no training) and measure their RMSE",
    )
    .argument('<unit...>', 'built-in units (mlp, glu, gqu, relu2, relu3) or written forms such as relu(g)^2*u')
    .requiredOption('--target <expr>', 'target f(x), e.g. "1/(1+cos(pi*x)^2)"')
    .requiredOption('--widths <list>', 'widths: 8,16,32 or start:stop:step')
    .option('--domain <a,b>', 'domain [a, b]', `${DEFAULT_DOMAIN[0]},${DEFAULT_DOMAIN[1]}`)
    .option('--json', 'print the results as JSON: an object for one unit, an array of them for several')
    .option(
      '--out <file>',
      "write the parameters: one JSON array of network records, each unit's widths in turn, each record naming its " +
        'unit, replacing the file atomically; it must be absent or a regular file: a symbolic link, FIFO, device or ' +
        'directory is refused and left as it is',
      pathOption('--out'),
    )
    .action(async (unitTexts: string[], options: ConstructOptions) => {
      // Imported here so that CLI start-up does not pay for the construction modules.
      const { constructSweep } = await import('../construct/constructSweep.js');
      // Every unit is refused or accepted before the first one is built.
      const units = unitTexts.map((text) => analysedUnit(parseUnit(text)));
      const domain = parseDomain(options.domain ?? `${DEFAULT_DOMAIN[0]},${DEFAULT_DOMAIN[1]}`);
      const widths = parseWidths(options.widths);
      const target = compileTarget(options.target, domain);
      for (const analysed of units) requireConstruction(analysed, widths);
      // Every size has a ceiling: refuse what cannot fit in memory, and say up front what will take long.
      // Units are built one after another: memory is the largest unit's, time the sum.
      const costs = units.map((analysed) => constructionCost(analysed, widths));
      const bytes = Math.max(...costs.map((c) => c.bytes));
      const seconds = costs.reduce((sum, c) => sum + c.seconds, 0);
      const widest = Math.max(...widths);
      const names = units.map((u) => u.form.name).join(', ');
      const what = `construct ${names} at ${widths.length} width${widths.length === 1 ? '' : 's'} up to n = ${widest}`;
      requireMemory(bytes, what);
      if (seconds >= LONG_RUN_SECONDS) {
        process.stderr.write(
          `construct: estimate for ${what} (a test grid of ${testGridPoints(widest)} points, every neuron evaluated at each): about ${formatSeconds(seconds)}, peak memory about ${formatBytes(bytes)}
`,
        );
      }
      if (options.out) checkOutputPaths([options.out]); // refused before the sweep, not after it
      const sweeps = units.map((analysed) => {
        const sweep = constructSweep(analysed, target, widths);
        return { analysed, sweep, orders: sweepOrders(sweep) };
      });
      if (options.out) {
        const records = sweeps.flatMap(({ analysed, sweep }) => networkRecords(analysed, sweep));
        writeFileAtomic(options.out, JSON.stringify(records, null, 1) + '\n');
      }
      if (options.json) {
        const reports = sweeps.map(({ sweep, orders }) => jsonReport(sweep, orders));
        process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
      } else {
        process.stdout.write(sweeps.map(({ sweep, orders }) => renderTable(sweep, orders)).join('\n'));
      }
    });
}
