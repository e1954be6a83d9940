// What every bench script shares: its command-line options, the median of repeated timings, the load
// average it prints beside every number, and the environment that pins a peer's BLAS to one thread
// (the tool computes on one thread; a threaded BLAS on a loaded 2-core machine spends its time waiting).
import { loadavg } from 'node:os';

/** The text after `name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export const median = (values) => [...values].sort((p, q) => p - q)[Math.floor(values.length / 2)];

/** The 1, 5 and 15 minute load averages, two decimals each. */
export const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

export const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
