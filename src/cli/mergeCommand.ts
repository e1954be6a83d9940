/**
 * `approx-order merge <files or dirs...> --out DIR [--allow-missing] [--json]`: the records of a
 * spec's shards (`verify --shard`, `measure --shard`) into DIR/results-<method>.jsonl, the files an
 * unsharded verify writes, plus DIR/merged.json (the spec, the shards, the missing runs), checked
 * as verify/mergeRecords describes. Nothing is written unless every check passes; DIR is locked
 * (DIR/.approx-order.lock, as verify's report directory) while it is written.
 * Exit 0 merged; 2 bad input: mixed specs, conflicting duplicates, a malformed file, or runs that
 * no shard produced (listed) without --allow-missing.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { pathOption } from './pathOption.js';
import { ensureDirectory, writeFilesAtomic } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { REPORT_LOCK } from './verifyCommand.js';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description("combine the records of a spec's shards into one records directory (then: verify --from-records DIR)")
    .argument('<inputs...>', 'shard records files (*.shard-K-of-N.jsonl), shard manifests or directories holding them')
    .requiredOption(
      '--out <dir>',
      'directory for results-<method>.jsonl and merged.json (may be an input directory)',
      pathOption('--out'),
    )
    .option('--allow-missing', 'merge even when some runs are in no shard (they are listed in merged.json)')
    .option('--json', "print merged.json's summary as JSON")
    .action(async (inputs: string[], options: { out: string; allowMissing?: boolean; json?: boolean }) => {
      const { mergeRecords, MERGED_MANIFEST } = await import('../verify/mergeRecords.js');
      const outcome = mergeRecords(inputs, { allowMissing: options.allowMissing === true });
      for (const line of outcome.notices) process.stderr.write(`approx-order: ${line}\n`);
      ensureDirectory(options.out);
      lockOutput(options.out, join(options.out, REPORT_LOCK), 'merge', (line) =>
        process.stderr.write(`approx-order: ${line}\n`),
      );
      const files: [string, string][] = [...outcome.files].map(([name, records]) => [
        join(options.out, name),
        records.map((r) => `${JSON.stringify(r)}\n`).join(''),
      ]);
      files.push([join(options.out, MERGED_MANIFEST), `${JSON.stringify(outcome.manifest, null, 2)}\n`]);
      writeFilesAtomic(files);
      const m = outcome.manifest;
      if (m.missing.length > 0)
        process.stderr.write(
          `approx-order: ${m.missing.length} runs are in no shard's records (--allow-missing): listed in ${join(options.out, MERGED_MANIFEST)}\n`,
        );
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ spec: { name: outcome.spec.name, source: m.source, digest: m.specDigest }, records: m.records, collapsed: outcome.collapsed, missing: m.missing, files: files.map(([p]) => p) }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        `merged ${m.records} runs of spec "${outcome.spec.name}" (digest ${m.specDigest}) from ${m.shards.length} shard manifest${m.shards.length === 1 ? '' : 's'}` +
          `${outcome.collapsed > 0 ? `, ${outcome.collapsed} identical duplicate${outcome.collapsed === 1 ? '' : 's'} collapsed` : ''}` +
          `${m.missing.length > 0 ? `, ${m.missing.length} missing` : ''}\n` +
          `${files.map(([p]) => `  ${p}`).join('\n')}\n` +
          `report: approx-order verify --from-records ${options.out}\n`,
      );
    });
}
