// measure on d-dimensional problems through the real CLI: box targets, named problems, bad input.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
if (!existsSync(join(root, 'dist/cli/main.js'))) spawnSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'ignore' });
const run = (args: string[]) => spawnSync('node', [bin, 'measure', ...args], { cwd: root, encoding: 'utf8' });

t.test('bad d-dimensional input: one line, exit 2', async (t) => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'x3 with d = 2',
      ['mlp', '--target', 'sin(4*x1)*x3', '--domain', '[-1,1]^2', '--widths', '4', '--method', 'lsq'],
      /^approx-order: target "sin\(4\*x1\)\*x3" uses x3, but the domain has 2 axes \(x1\.\.x2\)\n$/,
    ],
    [
      'd < 1',
      ['mlp', '--target', 'x1', '--domain', '[-1,1]^0', '--widths', '4', '--method', 'lsq'],
      /^approx-order: domain "\[-1,1\]\^0" has dimension 0; the dimension must be at least 1\n$/,
    ],
    [
      'unknown problem',
      ['mlp', '--problem', 'friedman4', '--widths', '4', '--method', 'lsq'],
      /^approx-order: unknown problem "friedman4"; known problems: friedman1, friedman2, friedman3, airfoil, california\n$/,
    ],
    [
      'a width whose fit does not fit in memory',
      ['glu', '--problem', 'california', '--widths', '8,100000', '--method', 'lsq'],
      /^approx-order: width 100000 of glu on california: lsq with 900001 unknowns on 2000 points needs about 6061\.8 GiB .*\n$/,
    ],
    [
      'unknown protocol',
      ['mlp', '--problem', 'friedman1', '--protocol', 'tested', '--widths', '4', '--method', 'lsq'],
      /^approx-order: unknown protocol "tested"; known protocols: paper, holdout\n$/,
    ],
    [
      'a smooth-gated unit in d dimensions',
      ['gelu(g)*u', '--problem', 'friedman1', '--widths', '4', '--method', 'lsq'],
      /^approx-order: unit gelu\(g\)\*u \(gelu gate\) runs in 1-D only: the d-dimensional fit, which lm and adam also start from, needs a relu gate\n$/,
    ],
    [
      'a method not available in d dimensions',
      ['mlp', '--problem', 'friedman1', '--widths', '4', '--method', 'varpro'],
      /^approx-order: method "varpro" is not available in d dimensions/,
    ],
    [
      'adam from a start it does not have in d dimensions',
      ['mlp', '--problem', 'friedman1', '--widths', '4', '--method', 'adam', '--init', 'spline'],
      /^approx-order: in d dimensions adam starts from --init dataq .* or --init torch .*, not "spline"\n$/,
    ],
    [
      'the torch start for a method other than adam',
      ['mlp', '--problem', 'friedman1', '--widths', '4', '--method', 'lm', '--init', 'torch'],
      /^approx-order: in d dimensions lm starts from the data-following gates only/,
    ],
    [
      'adam over its work ceiling',
      ['glu', '--problem', 'friedman1', '--widths', '8,2000', '--method', 'adam'],
      /^approx-order: width 2000 of glu on friedman1: adam with P = 26001 parameters on 2000 points for 1000 epochs is over its ceiling of /,
    ],
    [
      'a control character in the target is escaped',
      ['mlp', '--target', 'x1+\u001b[2Jy', '--domain', '[0,1]x[0,1]', '--widths', '4', '--method', 'lsq'],
      /^approx-order: target "x1\+\\x1b\[2Jy" contains a control character; /,
    ],
  ];
  for (const [what, args, expected] of cases) {
    const r = run(args);
    t.equal(r.status, 2, `${what}: exit 2`);
    t.match(r.stderr, expected, `${what}: ${r.stderr.trim()}`);
    t.equal(r.stdout, '', `${what}: nothing on stdout`);
  }
});

t.test('a 2-D box target under holdout: train and independent test RMSE per unit', async (t) => {
  const r = run([
    'mlp',
    'glu',
    '--target',
    'sin(4*x1)*sin(4*x2)',
    '--domain',
    '[-1,1]^2',
    '--widths',
    '8,16',
    '--method',
    'lsq',
    '--test-size',
    '3000',
    '--json',
  ]);
  t.equal(r.status, 0, r.stderr);
  const records = JSON.parse(r.stdout);
  t.same(
    records.map((x: { unit: string; n: number; params: number }) => [x.unit, x.n, x.params]),
    [
      ['mlp', 8, 33],
      ['glu', 8, 57],
      ['mlp', 16, 65],
      ['glu', 16, 113],
    ],
    'P = (d + 2) n + 1 and (2d + 3) n + 1 with d = 2',
  );
  for (const x of records) {
    t.equal(x.trainRows, 1600, '80% of 2000 points');
    t.equal(x.testRows, 3000, 'independent test set');
  }
  const rmse = (unit: string, n: number) =>
    records.find((x: { unit: string; n: number }) => x.unit === unit && x.n === n).testRmse;
  t.ok(rmse('glu', 16) < rmse('mlp', 16), 'GLU below MLP at n = 16');
  t.ok(rmse('mlp', 16) < rmse('mlp', 8), 'MLP error falls with n');
});

t.test('friedman2 under the paper protocol reports training RMSE as its test RMSE', async (t) => {
  const r = run(['mlp', '--problem', 'friedman2', '--protocol', 'paper', '--widths', '8', '--method', 'lsq', '--json']);
  t.equal(r.status, 0, r.stderr);
  const [x] = JSON.parse(r.stdout);
  t.equal(x.dim, 4);
  t.equal(x.trainRows, 2000);
  t.equal(x.testRmse, x.trainRmse, 'no split: the "test" set is the training set');
});

t.test('lm in 2-D: every parameter trained from the lsq fit, never worse than it on the training set', async (t) => {
  const common = ['--target', 'sin(4*x1)*sin(4*x2)', '--domain', '[-1,1]^2', '--widths', '4,8', '--test-size', '2000'];
  const lsq = run(['mlp', 'glu', ...common, '--method', 'lsq', '--json']);
  const lm = run(['mlp', 'glu', ...common, '--method', 'lm', '--max-iterations', '5', '--json']);
  t.equal(lsq.status, 0, lsq.stderr);
  t.equal(lm.status, 0, lm.stderr);
  const start = JSON.parse(lsq.stdout);
  const trained = JSON.parse(lm.stdout);
  t.equal(trained.length, 4);
  trained.forEach((x: Record<string, unknown>, i: number) => {
    const s = start[i];
    const what = `${x.unit} n=${x.n}`;
    t.equal(x.method, 'lm', `${what}: method lm`);
    t.same(
      Object.keys(s).filter((k) => !(k in x)),
      [],
      `${what}: every key of the lsq record`,
    );
    t.same([x.unit, x.n, x.params, x.dim], [s.unit, s.n, s.params, s.dim], `${what}: same run as lsq`);
    t.equal(x.unknowns, x.params, `${what}: all P parameters free`);
    t.ok(
      Math.abs((x.startTrainRmse as number) - s.trainRmse) <= 1e-9 * s.trainRmse,
      `${what}: starts from the lsq fit (${x.startTrainRmse} vs ${s.trainRmse})`,
    );
    t.ok((x.trainRmse as number) <= s.trainRmse, `${what}: train RMSE ${x.trainRmse} <= lsq's ${s.trainRmse}`);
    t.ok((x.iterations as number) >= 1 && (x.iterations as number) <= 5, `${what}: at most --max-iterations`);
  });
  const defaults = run(['mlp', ...common.slice(0, 5), '4', '--test-size', '2000', '--method', 'lm', '--json']);
  t.equal(defaults.status, 0, defaults.stderr);
  const [d] = JSON.parse(defaults.stdout);
  t.ok(
    d.iterations > 5 || d.stopReason !== 'max iterations',
    `default cap of 50: ${d.iterations} iterations, ${d.stopReason}`,
  );
  t.match(lm.stderr, /measure: 1\/4 mlp n=4 seed=0 lm: train RMSE \S+ test RMSE \S+ \(from lsq \S+; \d+ iterations, /);
});

t.test('lm in d dimensions: a width over its ceiling or over memory is one line, exit 2', async (t) => {
  const args = ['mlp', '--target', 'x1*x2', '--domain', '[-1,1]^2', '--method', 'lm'];
  const over = run([...args, '--widths', '8,300']);
  t.equal(over.status, 2);
  t.match(
    over.stderr,
    /^approx-order: width 300 of mlp on x1\*x2: lm with P = 1201 parameters is over its ceiling of 1000 in d dimensions \(.*\)\n$/,
  );
  t.equal(over.stdout, '');
  const memory = spawnSync('node', [bin, 'measure', ...args, '--widths', '64'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, APPROX_ORDER_MEMORY_LIMIT: '1M' },
  });
  t.equal(memory.status, 2);
  t.match(
    memory.stderr,
    /^approx-order: width 64 of mlp on x1\*x2: lm with P = 257 parameters on 2000 points needs about [\d.]+ MiB of memory, above the limit of 1\.0 MiB \(APPROX_ORDER_MEMORY_LIMIT\)\n$/,
  );
  t.equal(memory.stdout, '');
});

t.test(
  "adam in 2-D: from the lsq fit (the tool's schedule) and from PyTorch's default init (the paper's)",
  async (t) => {
    const common = ['--target', 'sin(4*x1)*sin(4*x2)', '--domain', '[-1,1]^2', '--widths', '4', '--test-size', '2000'];
    const lsq = run(['glu', ...common, '--method', 'lsq', '--json']);
    const fromFit = run(['glu', ...common, '--method', 'adam', '--max-iterations', '30', '--json']);
    const paper = run(['glu', ...common, '--method', 'adam', '--init', 'torch', '--max-iterations', '30', '--json']);
    for (const r of [lsq, fromFit, paper]) t.equal(r.status, 0, r.stderr);
    const [s] = JSON.parse(lsq.stdout);
    const [a] = JSON.parse(fromFit.stdout);
    const [p] = JSON.parse(paper.stdout);
    t.same([a.method, a.init, a.iterations, a.stopReason], ['adam', 'dataq', 30, 'epochs']);
    t.same([p.method, p.init, p.iterations], ['adam', 'torch', 30]);
    t.equal(a.unknowns, a.params, 'every parameter free');
    t.ok(
      Math.abs(a.startTrainRmse - s.trainRmse) <= 1e-9 * s.trainRmse,
      `dataq starts from the lsq fit (${a.startTrainRmse} vs ${s.trainRmse})`,
    );
    // PyTorch's default init puts the output near 0: its start's RMSE is about the target's RMS (0.44 on [-1,1]^2)
    t.ok(p.startTrainRmse > 0.3 && p.startTrainRmse < 0.7, `torch start RMSE ${p.startTrainRmse}`);
    for (const x of [a, p])
      t.ok(Number.isFinite(x.trainRmse) && Number.isFinite(x.testRmse), `${x.init}: finite RMSEs`);
    const again = run(['glu', ...common, '--method', 'adam', '--init', 'torch', '--max-iterations', '30', '--json']);
    t.equal(again.stdout, paper.stdout, 'the same seed gives the same record');
    t.match(
      paper.stderr,
      /measure: 1\/1 glu n=4 seed=0 adam: train RMSE \S+ test RMSE \S+ \(from torch init \S+; 30 epochs\)/,
    );
  },
);
