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
    'approx-order: target "1/(x-0.3)" is unbounded near x = 0.3 on [-1, 1] (a pole): f(0.3) = Infinity, between two points of the 20001-point test grid',
  ],
  [
    'a newline echoed from the target',
    ['construct', 'mlp', '--widths', '4,8', '--target', 'x\n+1'],
    'approx-order: target "x\\n+1" contains a control character; write it on one line of printable text; a target is a function of x such as "sin(3*x)"',
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
