// The table report's generated sentences, from synthetic records with known slopes: a paper slope
// outside our interval is listed with the reason and the paper optimizer's slope; one inside is not.
import t from 'tap';
import { analyseTable, parseTableSpec } from '../../src/verify/tableStudy.js';
import { tableReportMarkdown } from '../../src/report/tableReport.js';
import type { DdimRecord } from '../../src/measure/ddimStudy.js';

const spec = parseTableSpec(
  {
    kind: 'table',
    name: 'synthetic',
    units: ['mlp', 'glu'],
    protocols: ['paper'],
    seeds: 3,
    problems: [
      {
        label: 'box',
        target: 'sin(4*x1)*sin(4*x2)',
        domain: '[-1,1]^2',
        widths: [8, 16, 32, 64],
        from: 8,
        paperSlopes: { mlp: -0.5, glu: -1.0 },
      },
    ],
    paperOptimizer: { units: ['mlp', 'glu'], widths: [8, 16, 32, 64], seeds: 3 },
  },
  'synthetic.json',
);

/** RMSE = n^slope with a small per-seed wobble, under the paper protocol (test = train). */
function records(unit: string, slope: number, method: 'lsq' | 'adam'): DdimRecord[] {
  return [0, 1, 2].flatMap((seed) =>
    [8, 16, 32, 64].map((n, i) => {
      const rmse = n ** slope * Math.exp(0.01 * Math.sin(3 * seed + i));
      return {
        problem: 'box',
        protocol: 'paper',
        unit,
        n,
        seed,
        dim: 2,
        method,
        init: method === 'adam' ? 'torch' : 'dataq',
        params: 4 * n + 1,
        unknowns: n + 1,
        rank: n + 1,
        trainRows: 2000,
        testRows: 1936,
        trainRmse: rmse,
        testRmse: rmse,
      } as DdimRecord;
    }),
  );
}

t.test('a paper slope outside our interval is explained; one inside is not listed', async (t) => {
  const report = analyseTable(spec, [
    ...records('mlp', -1.0, 'lsq'),
    ...records('glu', -1.0, 'lsq'),
    ...records('mlp', -0.1, 'adam'),
    ...records('glu', -0.2, 'adam'),
  ]);
  const md = tableReportMarkdown(report, 1);
  t.match(md, /## Where the paper's slope lies outside our interval/);
  t.match(
    md,
    /- box, mlp: the paper's -0\.50 is shallower than our -1\.00 \[-1\.\d\d, -0\.\d\d\] \(window 8\.\.64\)\. .* gives -0\.10 \[\S+, \S+\] here, so the paper's slope lies between the two\./,
  );
  t.notMatch(md, /- box, glu: the paper's/, 'the GLU row agrees with the paper: not listed');
  t.equal(report.paperOptimizer.length, 2);
  t.ok(Math.abs((report.paperOptimizer[0].adam?.vsN?.estimate ?? 0) + 0.1) < 0.01, 'adam slope from adam records only');
  t.ok(Math.abs((report.rows[0].slopes.paper.vsN?.estimate ?? 0) + 1) < 0.01, 'lsq slope from lsq records only');
});
