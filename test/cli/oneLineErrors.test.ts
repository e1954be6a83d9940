// Bad input found in review: each must be one line on stderr, exit 2, no stack trace.
import t from 'tap';
import { spawnSync } from 'node:child_process';

const cases: Array<[string, string[], string]> = [
  [
    'factorial in a target',
    ['construct', 'mlp', '--widths', '4,8', '--target', 'x!'],
    'approx-order: operator "!" is not allowed in target "x!"; allowed: + - * / ^',
  ],
  [
    'a pole between grid points',
    ['measure', 'mlp', '--method', 'lsq', '--widths', '4', '--target', '1/(x-0.3)'],
    'approx-order: target "1/(x-0.3)" is not finite on [-1, 1]: |f| reaches 1.80e+16 near x = 0.30000000000000004, over 1e+15 times its median 2.00e+0 (a pole)',
  ],
  [
    'a newline echoed from the target',
    ['construct', 'mlp', '--widths', '4,8', '--target', 'x\n+1'],
    'approx-order: "x +1" is not allowed in target "x +1"',
  ],
  [
    'degree beyond the CAS',
    ['analyze', 'relu(g)^50'],
    'approx-order: unit "relu(g)^50" has degree 50 on its active side; at most 12 is supported',
  ],
];

for (const [name, args, expected] of cases) {
  t.test(name, async (t) => {
    const run = spawnSync(process.execPath, ['bin/approx-order.js', ...args], { encoding: 'utf8' });
    t.equal(run.status, 2, 'exit code 2');
    t.equal(run.stdout, '');
    t.equal(run.stderr, `${expected}\n`);
  });
}
