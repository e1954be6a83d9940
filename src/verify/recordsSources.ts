/**
 * The measurement sources of `verify --from-records DIR`: the trained runs are read from the
 * results files in DIR (what `merge` or an unsharded `verify` wrote there), nothing is trained.
 * Every record is checked as `measure --resume` checks it (measure/resultsFile) and must carry the
 * spec's digest. The explicit constructions are computed as in any verify (defaultSources): they
 * are deterministic, train nothing and read no data, so they are not shard jobs.
 */
import { UsageError } from '../core/errors.js';
import { readResultsFile } from '../measure/resultsFile.js';
import { defaultSources } from './defaultSources.js';
import { planWidthsFor } from './verificationSpec.js';
import type { ExperimentSources } from './experimentSources.js';

export const recordsSources: ExperimentSources = {
  construct: defaultSources.construct,
  async measure({ units, plan, target, resultsFile, specDigest, log }) {
    if (resultsFile === undefined) throw new Error('recordsSources needs the results directory');
    const records = readResultsFile(resultsFile, 'read').records;
    const foreign = records.find((r) => r.specDigest !== specDigest);
    if (foreign)
      throw new UsageError(
        `"${resultsFile}" holds a record (${foreign.unit}, ${foreign.method}, n = ${foreign.n}, seed ${foreign.seed}) of another spec (digest ${foreign.specDigest ?? 'none'}, not ${specDigest})`,
      );
    const expected = units.reduce((sum, u) => sum + planWidthsFor(plan, u.form.name).length, 0) * plan.seeds.length;
    log?.(
      `${plan.name} on ${target.expression}: ${records.length} of ${expected} runs from ${resultsFile}${records.length < expected ? ` (${expected - records.length} missing; the fits use the others)` : ''}`,
    );
    return records;
  },
};
