/**
 * The real measurement sources of a verification: the explicit constructions (src/construct) and
 * the trainer's sweeps (src/measure). Construction widths below the construction's smallest width
 * (analysed.minimumWidth) are left out, and the report says which widths each method used.
 */
import { constructSweep } from '../construct/constructSweep.js';
import { measureSweep } from '../measure/measureSweep.js';
import { observedLocalOrders } from '../fit/observedLocalOrders.js';
import type { ExperimentSources } from './experimentSources.js';
import { runsJob } from './specJobs.js';

export const defaultSources: ExperimentSources = {
  construct(unit, target, _domain, widths) {
    if (unit.minimumWidth === null) return [];
    const minimum = unit.minimumWidth;
    const usable = widths.filter((n) => n >= minimum);
    if (usable.length === 0) return [];
    const rows = constructSweep(unit, target, usable).rows;
    const local = observedLocalOrders(
      rows.map((r) => r.n),
      rows.map((r) => r.rmse),
    );
    return rows.map((r, i) => ({
      n: r.n,
      params: r.params,
      rmse: r.rmse,
      ratioToPredicted: r.ratioToPredicted,
      roundingError: r.roundingError,
      localOrder: i === 0 || !Number.isFinite(local[i - 1].order) ? null : local[i - 1].order,
    }));
  },
  async measure({ units, target, domain, plan, resultsFile, resume, log, progress, specDigest, select }) {
    let last = 0;
    return measureSweep(
      {
        units: units.map((u) => u.form.name),
        target: target.expression,
        domain: [domain[0], domain[1]],
        widths: plan.widths,
        method: plan.name,
        init: plan.init,
        seeds: plan.seeds.length,
        data: plan.dataSize,
        maxIterations: plan.maxIterations,
        ...(plan.unitMaxIterations.size > 0 ? { unitMaxIterations: Object.fromEntries(plan.unitMaxIterations) } : {}),
        jobs: plan.jobs,
        out: resultsFile,
        resume,
        specDigest,
        // a unit whose unitWidths name a subset runs only those (a shard's selection on top)
        select: (job) => runsJob(plan, job) && (select?.(job) ?? true),
      },
      {
        onRecord(record, { done, total, reused }) {
          if (progress) {
            progress(done, total, `${plan.name} ${record.unit} n = ${record.n}${reused ? ' (resumed)' : ''}`);
            return;
          }
          // A line per tenth of the sweep: progress without flooding a log.
          if (done === total || done - last >= Math.max(1, Math.ceil(total / 10))) {
            last = done;
            log?.(`  ${plan.name} ${done}/${total}${reused ? ' (resumed)' : ''}: ${record.unit} n = ${record.n}`);
          }
        },
      },
    );
  },
};
