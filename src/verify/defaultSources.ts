/**
 * The real measurement sources of a verification: the explicit constructions (src/construct) and
 * the trainer's sweeps (src/train). Construction widths below the construction's minimum (its head
 * neurons) are left out, and the report says which widths each method used.
 */
import { constructSweep } from '../construct/constructSweep.js';
import { minimumConstructionWidth } from '../construct/constructNetwork.js';
import { measureSweep } from '../measure/measureSweep.js';
import type { ExperimentSources } from './experimentSources.js';

export const defaultSources: ExperimentSources = {
  construct(unit, target, _domain, widths) {
    const minimum = minimumConstructionWidth(unit);
    const usable = widths.filter((n) => n >= minimum);
    if (usable.length === 0) return [];
    return constructSweep(unit, target, usable).rows.map((r) => ({
      n: r.n, params: r.params, rmse: r.rmse, localOrder: r.localOrder, ratioToPredicted: r.ratioToPredicted,
    }));
  },
  async measure({ units, target, domain, plan, resultsFile, resume, log }) {
    let last = 0;
    return measureSweep(
      {
        units: units.map((u) => u.name), target: target.expression, domain: [domain[0], domain[1]], widths: plan.widths,
        method: plan.name, init: plan.init, seeds: plan.seeds.length, data: plan.dataSize, maxIterations: plan.maxIterations,
        jobs: plan.jobs, out: resultsFile, resume,
      },
      {
        onRecord(record, { done, total, reused }) {
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
