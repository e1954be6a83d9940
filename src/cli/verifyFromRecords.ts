/**
 * `verify --from-records DIR [SPEC]`: the report from records already measured. The spec is the one
 * in DIR/merged.json (written by `merge`); a SPEC named on the command line must be the same spec
 * (same digest). Without merged.json (a report directory of an unsharded `verify`), the spec is the
 * one named (default specs/paper.json) and every record must carry its digest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { ensureDirectory } from '../core/outputFile.js';
import { lockOutput } from '../core/outputLock.js';
import { MERGED_MANIFEST, readMergedManifest } from '../verify/mergeRecords.js';
import { recordsSources } from '../verify/recordsSources.js';
import { runVerification } from '../verify/runVerification.js';
import { verificationDigest } from '../verify/specJobs.js';
import { parseVerificationSpec, readVerificationSpec } from '../verify/verificationSpec.js';
import { writeReport } from '../report/writeReport.js';
import { summaryTable } from '../report/summaryTable.js';
import type { VerificationReport } from '../verify/verificationReport.js';

/** What verifyCommand.ts passes in (kept there: this module does not import it back). */
export interface VerifyContext {
  readonly defaultSpec: string;
  /** the report directory's lock file name */
  readonly lockName: string;
  readonly out?: string;
  print(report: VerificationReport, dir: string, table: (r: VerificationReport) => string): void;
}

export async function verifyFromRecords(dir: string, specPath: string | null, context: VerifyContext): Promise<void> {
  if (!existsSync(dir)) throw new UsageError(`--from-records: no directory "${dir}"`);
  const mergedPath = join(dir, MERGED_MANIFEST);
  let spec;
  if (existsSync(mergedPath)) {
    const merged = readMergedManifest(mergedPath);
    spec = parseVerificationSpec(merged.spec, merged.source);
    if (specPath !== null) {
      const given = readVerificationSpec(specPath);
      if (verificationDigest(given.raw) !== merged.specDigest)
        throw new UsageError(
          `the records in "${dir}" are of spec "${merged.source}" (digest ${merged.specDigest}), not of "${specPath}" (digest ${verificationDigest(given.raw)})`,
        );
    }
    if (merged.missing.length > 0)
      process.stderr.write(
        `approx-order: ${merged.missing.length} runs are missing from these records (merged with --allow-missing; see ${mergedPath})\n`,
      );
  } else {
    spec = readVerificationSpec(specPath ?? context.defaultSpec);
  }
  const out = context.out ?? dir;
  ensureDirectory(out);
  lockOutput(out, join(out, context.lockName), 'verify', (line) => process.stderr.write(`approx-order: ${line}\n`));
  const report = await runVerification(spec, {
    sources: recordsSources,
    resultsDir: dir,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await writeReport(report, out);
  context.print(report, out, summaryTable);
}
