/**
 * `approx-order prove <unit...> [--out DIR] [--json]`: writes DIR/<unit>.md, the checked
 * truncation-error proof of the unit's explicit construction (symbolic/proveUnit), and prints the
 * order and exact RMSE constant. All units are parsed and proved, and every output path checked
 * (core/outputFile), before anything is written.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { pathOption } from './pathOption.js';
import { checkOutputPaths, writeFilesAtomic } from '../core/outputFile.js';
import { parseUnit, type UnitForm } from '../core/unitForm.js';
import { UsageError } from '../core/errors.js';
import { analysedUnit } from '../symbolic/analysedUnit.js';

/** File name for a unit: the built-in name, or the expression with every run of other characters made "_". */
export function proofFileName(unit: UnitForm): string {
  const slug = unit.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${slug}.md`;
}

export function registerProveCommand(program: Command): void {
  program
    .command('prove')
    .description(
      'write the truncation-error proof of an explicit construction, with the exact RMSE constant, to DIR/<unit>.md',
    )
    .argument('<unit...>', 'built-in (mlp, glu, gqu, relu2, relu3) or a product such as relu(g)^2*u')
    .option(
      '--out <DIR>',
      'output directory (may be a link to a directory); each DIR/<unit>.md must be absent or a regular file: ' +
        'a symbolic link, FIFO or device there is refused and left as it is',
      pathOption('--out'),
      'proofs',
    )
    .option('--json', 'print JSON (an object for one unit, an array for several)')
    .action(async (units: string[], options: { out: string; json?: boolean }) => {
      const analysed = units.map((text) => analysedUnit(parseUnit(text)));
      for (const a of analysed) if (!a.construction) throw new UsageError(a.noConstruction ?? 'no construction');
      checkOutputPaths(analysed.map((a) => join(options.out, proofFileName(a.form))));
      // loaded on use: the CAS and the exact checker are not needed to reject bad input or run other verbs
      const { proveUnit } = await import('../symbolic/proveUnit.js');
      const proofs = analysed.map((a) => ({
        unit: a.form,
        proof: proveUnit(a),
        file: join(options.out, proofFileName(a.form)),
      }));
      writeFilesAtomic(proofs.map(({ proof, file }) => [file, proof.markdown] as const));
      if (options.json) {
        const records = proofs.map(({ proof, file }) => ({
          unit: proof.unit,
          expression: proof.expression,
          order: proof.order,
          derivativeOrder: proof.derivativeOrder,
          construction: proof.construction,
          rmseConstant: proof.rmseConstant,
          leadingResidual: proof.leadingResidual,
          checks: proof.checks.length,
          file,
        }));
        process.stdout.write(`${JSON.stringify(records.length === 1 ? records[0] : records, null, 2)}\n`);
        return;
      }
      for (const { proof, file } of proofs) {
        const k = proof.derivativeOrder;
        process.stdout.write(
          `${file}: ${proof.unit} (${proof.expression}), ${proof.construction.title}: order ${proof.order}, ` +
            `RMSE = C h^${k} RMS(f^(${k})), C = ${proof.rmseConstant.exact} = ${proof.rmseConstant.value.toPrecision(10)} ` +
            `(${proof.checks.length} steps checked)\n`,
        );
      }
    });
}
