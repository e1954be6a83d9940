// The sweep estimate (src/measure/sweepEstimate.ts) reads each unit's own iteration budget, and the
// run-time ceiling refuses a run over a day, naming it.
import t from 'tap';
import { estimateSweep, requireRunTimes } from '../../src/measure/sweepEstimate.js';
import { analysedUnit } from '../../src/symbolic/analysedUnit.js';
import { parseUnit } from '../../src/core/unitForm.js';
import { UsageError } from '../../src/core/errors.js';

const units = [analysedUnit(parseUnit('mlp')), analysedUnit(parseUnit('glu'))];
const size = {
  units,
  method: 'lm' as const,
  init: 'lsq' as const,
  widths: [16, 64],
  seeds: 1,
  data: 10000,
  maxIterations: 20,
  jobs: 1,
  defaultJobs: 1,
};

t.test("a unit budget changes only that unit's share of the estimate", async (t) => {
  const base = estimateSweep(size).seconds;
  const mlpOnly = estimateSweep({ ...size, units: [units[0]] }).seconds;
  const mlpMore = estimateSweep({ ...size, unitMaxIterations: { mlp: 200 } }).seconds;
  const mlpAlone200 = estimateSweep({ ...size, units: [units[0]], maxIterations: 200 }).seconds;
  t.ok(mlpMore > base, 'more iterations for the MLP: a longer estimate');
  t.ok(Math.abs(mlpMore - base - (mlpAlone200 - mlpOnly)) <= 1e-9 * mlpMore, 'exactly the MLP runs grew');
});

t.test('requireRunTimes refuses the first run over a day, by name', async (t) => {
  t.doesNotThrow(() => requireRunTimes([{ unit: units[1], n: 64, maxIterations: 1000 }], 'lm', 'lsq', 10000));
  let message = '';
  try {
    requireRunTimes([{ unit: units[1], n: 64, maxIterations: 1e9 }], 'lm', 'lsq', 10000);
  } catch (err) {
    t.ok(err instanceof UsageError, 'a usage error (exit 2)');
    message = (err as Error).message;
  }
  t.match(message, /^lm of glu at n = 64 with 1,000,000,000 iterations is estimated at [\d,]+ days/);
});

t.test(
  'the run-time models: the structured lm is not charged a dense solve; varpro and paper-newton have their own',
  async (t) => {
    const unit = (name: string) => analysedUnit(parseUnit(name));
    const fits = (runs: Parameters<typeof requireRunTimes>[0], method: Parameters<typeof requireRunTimes>[1]) => {
      try {
        requireRunTimes(runs, method, method === 'lm' ? 'lsq' : 'spline', 10000);
        return true;
      } catch (err) {
        if (err instanceof UsageError) return false;
        throw err;
      }
    };
    // measured here: 500 iterations in 23.2 s, and the MLP at n = 512 converging in 27 iterations in 2.3 s
    t.ok(fits([{ unit: unit('gqu'), n: 256, maxIterations: 600 }], 'lm'), 'lm gqu n = 256, 600 iterations');
    t.ok(fits([{ unit: unit('mlp'), n: 512, maxIterations: 1000 }], 'lm'), 'lm mlp n = 512, 1000 iterations');
    // measured: varpro of the GLU at n = 512 about 10 s an iteration, paper-newton of the GQU at n = 256 about 8 s a pass
    t.notOk(
      fits([{ unit: unit('glu'), n: 512, maxIterations: 400000 }], 'varpro'),
      'varpro glu n = 512, 400,000 iterations',
    );
    t.notOk(
      fits([{ unit: unit('gqu'), n: 256, maxIterations: 500000 }], 'paper-newton'),
      'paper-newton gqu, 500,000 passes',
    );
    t.ok(fits([{ unit: unit('glu'), n: 512, maxIterations: 1000 }], 'varpro'), 'varpro glu n = 512, 1000 iterations');
  },
);
