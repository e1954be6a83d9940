// Every size has a ceiling, through the real CLI: sizes that cannot fit are refused before any run
// starts (exit 2, one line naming the estimate and the limit), long runs print their estimate first,
// banded lsq does not decline at n = 2,000, and construct's test grid grows with n.
import t, { type Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/approx-order.js');
if (!existsSync(join(root, 'dist/cli/main.js'))) spawnSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'ignore' });
const dir = mkdtempSync(join(tmpdir(), 'approx-order-ceilings-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Exit 2 and exactly one line on stderr that matches `pattern`. */
function refused(t: Test, r: ReturnType<typeof run>, pattern: RegExp): void {
  t.equal(r.code, 2, r.err);
  t.equal(r.err.split('\n').length, 2, `one line: ${r.err.slice(0, 300)}`);
  t.match(r.err, pattern);
}

const measure = ['measure', 'mlp', '--target', 'sin(x)', '--widths', '8'];

t.test(
  '--data-size 10000000000: exit 2 naming the estimate and the memory limit (was exit 3, Invalid typed array length)',
  async (t) => {
    refused(
      t,
      run([...measure, '--method', 'lsq', '--data-size', '10000000000']),
      /^approx-order: lsq of mlp at n = 8 on 10000000000 training points .* needs about \d+ GiB of memory, above the limit of [\d.]+ [KMGT]iB/,
    );
  },
);

t.test('the same size in a spec is refused while verify validates the spec, before any progress line', async (t) => {
  const spec = join(dir, 'big.json');
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'big',
      units: ['mlp'],
      targets: ['sin(2*x)'],
      widths: '8:16:8',
      methods: [{ name: 'lsq', dataSize: 10000000000 }],
    }),
  );
  refused(t, run(['verify', spec, '--out', join(dir, 'big')]), /needs about \d+ GiB of memory, above the limit/);
});

t.test(
  'lm with --data-size 10000000: its N x P Jacobian is estimated and refused under a 1 GiB limit (was 2.25 GB and climbing)',
  async (t) => {
    const r = run(
      ['measure', 'gqu', '--method', 'lm', '--target', 'sin(x)', '--widths', '64', '--data-size', '10000000'],
      {
        APPROX_ORDER_MEMORY_LIMIT: '1G',
      },
    );
    refused(
      t,
      r,
      /^approx-order: lm of gqu at n = 64 on 10000000 training points .* above the limit of 1\.0 GiB \(APPROX_ORDER_MEMORY_LIMIT\)\n$/,
    );
  },
);

t.test('APPROX_ORDER_MEMORY_LIMIT that is not a byte count is bad input', async (t) => {
  refused(t, run([...measure, '--method', 'lsq'], { APPROX_ORDER_MEMORY_LIMIT: 'lots' }), /is not a byte count/);
});

t.test('--jobs above 4 per core is refused (was 200 threads, 3.3 GB, EMFILE, exit 3)', async (t) => {
  const jobs = Math.max(200, 4 * availableParallelism() + 1);
  refused(
    t,
    run([...measure, '--method', 'lm', '--jobs', String(jobs)]),
    new RegExp(`^approx-order: --jobs ${jobs} exceeds the limit of ${4 * availableParallelism()} worker threads`),
  );
});

t.test('--seeds above the schema cap of 1000 is refused (was a V8 heap exhaustion after 49 s)', async (t) => {
  refused(
    t,
    run([...measure, '--method', 'lsq', '--seeds', '99999999999999999999']),
    /exceeds the limit of 1000 seeds/,
  );
  refused(
    t,
    run([...measure, '--method', 'lsq', '--seeds', '1001']),
    /^approx-order: --seeds 1001 exceeds the limit of 1000 seeds/,
  );
});

t.test(
  'banded lsq does not decline at n = 2,000 on the default 10,000 points (it fell back to a silent 91 s dense QR)',
  async (t) => {
    const r = run([
      'measure',
      'mlp',
      'relu2',
      'gqu',
      '--method',
      'lsq',
      '--target',
      'sin(4*x)',
      '--widths',
      '2000',
      '--json',
    ]);
    t.equal(r.code, 0, r.err);
    t.notMatch(r.err, /declined/);
    const records = JSON.parse(r.out) as { unit: string; diagnostics: { solver: string; declined: unknown } }[];
    t.same(
      records.map((x) => [x.unit, x.diagnostics.solver, x.diagnostics.declined]),
      [
        ['mlp', 'banded', null],
        ['relu2', 'banded', null],
        ['gqu', 'banded', null],
      ],
    );
  },
);

t.test('construct scores n >= 625 on a grid that grows with n (32 points per neuron)', async (t) => {
  const r = run(['construct', 'gqu', '--target', 'sin(4*x)', '--widths', '16,1000', '--json']);
  t.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  t.same(
    report.rows.map((row: { n: number; testPoints: number }) => [row.n, row.testPoints]),
    [
      [16, 20001],
      [1000, 32001],
    ],
  );
  t.equal(report.testPoints, 32001);
  t.ok(Math.abs(report.rows[1].ratioToPredicted - 1) < 0.05, `ratio ${report.rows[1].ratioToPredicted}`);
});

t.test('construct refuses a width list that cannot fit in memory', async (t) => {
  refused(
    t,
    run(['construct', 'gqu', '--target', 'sin(4*x)', '--widths', '2:100000:1']),
    /^approx-order: construct gqu at 99999 widths up to n = 100000 needs about \d+ GiB of memory, above the limit/,
  );
});

t.test('construct --widths 100000 prints its estimate before it starts (was no output after 300 s)', async (t) => {
  const child = spawn(process.execPath, [bin, 'construct', 'gqu', '--target', 'sin(4*x)', '--widths', '100000'], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const line = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve(err), 60_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
      if (err.includes('\n')) {
        clearTimeout(timer);
        resolve(err.split('\n')[0]);
      }
    });
  });
  child.kill('SIGKILL');
  t.match(
    line,
    /^construct: estimate for construct gqu at 1 width up to n = 100000 \(a test grid of 3200001 points, every neuron evaluated at each\): about [\d.]+ (h|days), peak memory about \d+ MiB$/,
  );
});

t.test(
  'a single run estimated at over a day is refused before it starts (was: "about 31631 days", then it ran)',
  async (t) => {
    refused(
      t,
      run([
        'measure',
        'gqu',
        '--target',
        'sin(x)',
        '--widths',
        '64',
        '--method',
        'lm',
        '--max-iterations',
        '1000000000',
      ]),
      /^approx-order: lm of gqu at n = 64 with 1,000,000,000 iterations is estimated at [\d,]+ days, over the limit of one day for a single run/,
    );
    const spec = join(dir, 'long.json');
    const methods = (budget: number) => [
      { name: 'lm', widths: [8, 256], unitWidths: { glu: [8] }, maxIterations: 20, unitMaxIterations: { glu: budget } },
    ];
    writeFileSync(
      spec,
      JSON.stringify({ name: 'long', units: ['mlp', 'glu'], targets: ['sin(x)'], methods: methods(1e9) }),
    );
    refused(
      t,
      run(['verify', spec, '--out', join(dir, 'long')]),
      /^approx-order: .*long\.json: \/methods\/0: lm of glu at n = 8 with 1,000,000,000 iterations is estimated at/,
    );
    refused(
      t,
      run([
        'measure',
        'mlp',
        '--problem',
        'friedman1',
        '--widths',
        '8',
        '--method',
        'lm',
        '--max-iterations',
        '1000000000',
      ]),
      /^approx-order: width 8 of mlp on friedman1: lm with P = 57 parameters for 1,000,000,000 iterations is estimated at [\d,]+ days/,
    );
    // the ceiling reads each unit's own widths and budget: glu's large budget only at its own width 8 fits
    writeFileSync(
      spec,
      JSON.stringify({ name: 'long', units: ['mlp', 'glu'], targets: ['sin(x)'], methods: methods(5000) }),
    );
    const r = run(['verify', spec, '--out', join(dir, 'long2'), '--json']);
    t.not(r.code, 2, `accepted: ${r.err.slice(0, 300)}`);
  },
);
