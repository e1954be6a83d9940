// verify with a table spec ("kind": "table") through the real CLI: report files, --resume, bad specs.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
if (!existsSync(join(root, 'dist/cli/main.js'))) spawnSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'ignore' });
const verify = (args: string[]) => spawnSync('node', [bin, 'verify', ...args], { cwd: root, encoding: 'utf8' });

const tiny = {
  kind: 'table',
  name: 'tiny',
  description: 'two problems, two units, small widths',
  units: ['mlp', 'glu'],
  seeds: 2,
  testSize: 1000,
  maxUnknownsFraction: 0.05,
  problems: [
    {
      label: 'sin2d',
      target: 'sin(4*x1)*sin(4*x2)',
      domain: '[-1,1]^2',
      widths: [4, 6, 8, 11, 16],
      from: 4,
      paperSlopes: { mlp: -0.91, glu: -1.55 },
    },
    { label: 'friedman2', problem: 'friedman2', widths: [4, 6, 8, 11, 16], from: 4 },
  ],
};

t.test('a table spec writes its report, and --resume reruns nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'table-verify-'));
  const spec = join(dir, 'tiny.json');
  writeFileSync(spec, JSON.stringify(tiny));
  const out = join(dir, 'report');
  const first = verify([spec, '--out', out]);
  t.equal(first.status, 0, first.stderr);
  t.match(first.stdout, /\| sin2d \| 2 \| mlp \| -0\.91 \|/, 'headline row with the paper slope');
  t.match(first.stdout, /\| friedman2 \| holdout \| .* \| (yes|no|inconclusive) \|/, 'GLU vs MLP row');
  t.match(
    first.stdout,
    /\| sin2d \| glu \| 4\.\.\d+ \| \S+ \| \d+\.\.\d+ \| \S+ \| .* \| (steady|steepening|flattening|undecided) \|/,
    'order drift row',
  );
  t.match(first.stdout, /sin2d \(independent test set\): /, 'the asymptotic-regime sentence for the box target');
  for (const file of ['report.md', 'report.json', 'sin2d.svg', 'friedman2.svg', 'results-table.jsonl'])
    t.ok(existsSync(join(out, file)), file);
  const records = readFileSync(join(out, 'results-table.jsonl'), 'utf8').trim().split('\n');
  // 2 problems x 2 protocols x 2 seeds x widths within the unknowns cap (GLU stops earlier than MLP)
  t.ok(records.length > 16, `${records.length} records`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.equal(report.verdict, 'measured; reference slopes shown');
  const glu = report.rows.find((r: { problem: string; unit: string }) => r.problem === 'sin2d' && r.unit === 'glu');
  t.equal(glu.references.ridge, null, 'no ridge-network rate for the GLU');
  t.equal(glu.references.cells, -1.5, 'cells -(m + 1)/d = -3/2');
  const again = verify([spec, '--out', out, '--resume']);
  t.equal(again.status, 0, again.stderr);
  t.notMatch(again.stderr, /table: /, 'no fit rerun');
  t.same(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).rows, report.rows, 'same slopes');
  // A run killed mid-write leaves a torn last line: --resume drops it and reruns only that record.
  const results = join(out, 'results-table.jsonl');
  const lines = readFileSync(results, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  writeFileSync(results, `${lines.slice(0, -1).join('\n')}\n${lines.at(-1)?.slice(0, 30)}`);
  const torn = verify([spec, '--out', out, '--resume']);
  t.equal(torn.status, 0, torn.stderr);
  t.equal(torn.stderr.split('\n').filter((l) => l.startsWith('table: ')).length, 1, 'one fit rerun');
  t.same(readFileSync(results, 'utf8').trim().split('\n').length, lines.length, 'every record once, no torn line');
  t.same(
    JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).rows,
    report.rows,
    'same slopes after the torn line',
  );
});

t.test('bad table specs: one line, exit 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'table-verify-bad-'));
  const cases: Array<[string, object, RegExp]> = [
    [
      'unknown problem',
      { ...tiny, problems: [{ label: 'x', problem: 'boston', widths: [4, 8, 16] }] },
      /unknown problem "boston"/,
    ],
    [
      'x3 on a 2-D box',
      {
        ...tiny,
        problems: [
          {
            label: 'x',
            target: 'x1*x3',
            domain: [
              [0, 1],
              [0, 1],
            ],
            widths: [4, 8, 16],
          },
        ],
      },
      /target "x1\*x3" uses x3, but the domain has 2 axes/,
    ],
    [
      'too few widths',
      { ...tiny, problems: [{ label: 'x', problem: 'airfoil', widths: [4, 8] }] },
      /problems\[0\]\.widths must be/,
    ],
    [
      'a smooth-gated unit in the paper-optimizer rows',
      { ...tiny, paperOptimizer: { units: ['silu(g)*u'], widths: [4, 8, 16] } },
      /unit silu\(g\)\*u \(silu gate\) runs in 1-D only/,
    ],
    [
      'a paper-optimizer key misspelt',
      { ...tiny, paperOptimizer: { units: ['mlp'], widths: [4, 8, 16], epoch: 10 } },
      /paperOptimizer: unknown key "epoch"; known: units, widths, seeds, epochs/,
    ],
    [
      "a paper-optimizer width over adam's ceiling",
      { ...tiny, paperOptimizer: { units: ['glu'], widths: [4, 8, 5000] } },
      /width 5000 of glu on sin\(4\*x1\)\*sin\(4\*x2\): adam with P = 35001 parameters on 2000 points for 1000 epochs is over its ceiling/,
    ],
    [
      'a width that does not fit in memory',
      { ...tiny, problems: [{ label: 'x', problem: 'california', widths: [4, 8, 100000] }] },
      /width 100000 of mlp on california: lsq with 100001 unknowns/,
    ],
  ];
  for (const [what, spec, expected] of cases) {
    const path = join(dir, `${what.replace(/\W/g, '_')}.json`);
    writeFileSync(path, JSON.stringify(spec));
    const r = verify([path, '--out', join(dir, 'out')]);
    t.equal(r.status, 2, `${what}: exit 2`);
    t.match(r.stderr, expected, `${what}: ${r.stderr.trim()}`);
    t.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
  }
});

t.test(
  "the paper's optimizer: adam from PyTorch's init under the paper protocol, beside the paper's slope and lsq",
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'table-verify-adam-'));
    const spec = join(dir, 'tiny-adam.json');
    const withAdam = {
      ...tiny,
      seeds: 1,
      protocols: ['paper'],
      problems: [tiny.problems[0]],
      paperOptimizer: { units: ['mlp', 'glu'], widths: [4, 8, 16], epochs: 20 },
    };
    writeFileSync(spec, JSON.stringify(withAdam));
    const out = join(dir, 'report');
    const r = verify([spec, '--out', out]);
    t.equal(r.status, 0, r.stderr);
    t.match(r.stdout, /## The paper's optimizer/);
    t.match(
      r.stdout,
      /\| sin2d \| 2 \| glu \| -1\.55 \| \S+ .*\| 4\.\.16 \| \S+/,
      'the adam row beside the paper and lsq',
    );
    const records = readFileSync(join(out, 'results-table.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const adam = records.filter((x) => x.method === 'adam');
    t.equal(adam.length, 6, '2 units x 3 widths x 1 seed');
    t.ok(
      adam.every((x) => x.init === 'torch' && x.protocol === 'paper' && x.iterations === 20),
      "torch init, paper protocol, the spec's epochs",
    );
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    t.equal(report.paperOptimizer.length, 2);
    t.equal(report.paperOptimizerGluVsMlp.length, 1);
    t.ok(
      report.rows.every((row: { slopes: { paper?: { window: number[] } } }) => row.slopes.paper !== undefined),
      'the lsq rows are computed from lsq records only',
    );
    const again = verify([spec, '--out', out, '--resume']);
    t.equal(again.status, 0, again.stderr);
    t.notMatch(again.stderr, /table: /, 'no fit rerun, adam records included');
  },
);
