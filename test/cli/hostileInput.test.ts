// Hostile and malformed input through the real CLI (dist/ built by `npm test`): every case must exit 2
// with exactly one line on stderr that names the cause, quotes user text escaped and truncated, and
// prints nothing on stdout. Before these fixes each class below exited 3 (internal error, stack
// overflow, a failed cross-check), exited 0 on a garbage unit, or accepted a target with a pole.
// Runs 3 processes at a time (each start costs ~1.2 s of CPU).
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/approx-order.js', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** wall-clock seconds, for the diagnosis of a case that was killed */
  seconds: number;
}

function run(args: readonly string[]): Promise<Outcome> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    // A refusal takes one process start; a case that hangs is killed and fails on its exit code.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, APPROX_ORDER_DEBUG: '' },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - start) / 1000 }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'approx-order-hostile-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A spec file in the scratch folder, a minimal valid spec with `change` applied; returns its path. */
function spec(file: string, change: Record<string, unknown>): string {
  const path = join(dir, file);
  const base = { name: 'hostile', units: ['mlp'], targets: ['sin(x)'], widths: '4:16:4', methods: [{ name: 'lsq' }] };
  writeFileSync(path, JSON.stringify({ ...base, ...change }));
  return path;
}
const verify = (file: string, change: Record<string, unknown>) => [
  'verify',
  spec(file, change),
  '--out',
  join(dir, 'out'),
];

const construct = (target: string, ...more: string[]) => [
  'construct',
  'mlp',
  '--widths',
  '4,8',
  '--target',
  target,
  ...more,
];
const measure = (target: string, ...more: string[]) => [
  'measure',
  'mlp',
  '--method',
  'lsq',
  '--widths',
  '4',
  '--data-size',
  '200',
  '--target',
  target,
  ...more,
];

const ESC = '\u001b';
const sum6k = `${'x+'.repeat(3000)}x`;
const unit80k = `${'relu(g)*'.repeat(10000)}u`;
const symbol120k = 'a'.repeat(120000);
const deepTarget = `${'('.repeat(300)}x${')'.repeat(300)}`;
// 150 nested calls fit in 1000 characters; mathjs overflowed the stack at 296 (Node 20).
const deepCalls = `${'sin('.repeat(150)}x${')'.repeat(150)}`;

/** [label, argv, what stderr must match] */
const CASES: ReadonlyArray<[string, readonly string[], RegExp]> = [
  // Wrong arity of a function in a target: exit 3 (internal error) before.
  ['sin() in construct', construct('sin()'), /function "sin" takes 1 argument, got 0, in target "sin\(\)"/],
  ['sin(x, x) in construct', construct('sin(x, x)'), /function "sin" takes 1 argument, got 2/],
  ['sin() in measure', measure('sin()'), /function "sin" takes 1 argument, got 0/],
  ['exp(x, 1, 2) in measure', measure('exp(x, 1, 2)'), /function "exp" takes 1 argument, got 3/],
  ['atan(x, 1) in a spec', verify('arity.json', { targets: ['atan(x, 1)'] }), /\/targets\/0: function "atan" takes 1/],
  ['relu(g, u) as a unit', ['analyze', 'relu(g, u)'], /relu takes one argument, got 2/],
  // Long and deeply nested text: "Maximum call stack size exceeded", exit 3, before.
  ['a 6 KB target', construct(sum6k), /target "(x\+){40}…" \(6001 characters\) is longer than 1000 characters/],
  ['a 6 KB target in measure', measure(sum6k), /is longer than 1000 characters/],
  [
    'a 6 KB target in a spec',
    verify('long.json', { targets: [sum6k] }),
    /\/targets\/0: target ".*…" \(6001 characters\) is longer than 1000/,
  ],
  ['an 80 KB unit in analyze', ['analyze', unit80k], /unit ".*…" \(80001 characters\) is longer than 200 characters/],
  [
    'an 80 KB unit in measure',
    ['measure', unit80k, '--method', 'lsq', '--target', 'sin(x)', '--widths', '4'],
    /is longer than 200/,
  ],
  ['an 80 KB unit in prove', ['prove', unit80k, '--out', join(dir, 'proofs')], /is longer than 200 characters/],
  [
    'an 80 KB unit in a spec',
    verify('longunit.json', { units: [unit80k] }),
    /\/units\/0: unit ".*…" \(80001 characters\) is longer than 200/,
  ],
  ['300 nested parentheses', construct(deepTarget), /nests brackets 300 deep; at most 100 levels are accepted/],
  ['150 nested calls', construct(deepCalls), /nests brackets 150 deep; at most 100 levels are accepted/],
  // Names every JavaScript object has: exit 0 with a gate "function Object() { [native code] }" before.
  ['constructor(g)', ['analyze', 'constructor(g)'], /unknown function "constructor"/],
  ['toString(g)*u', ['analyze', 'toString(g)*u'], /unknown function "toString"/],
  ['hasOwnProperty(g)', ['analyze', 'hasOwnProperty(g)'], /unknown function "hasOwnProperty"/],
  ['constructor alone', ['analyze', 'constructor'], /unknown symbol "constructor"/],
  ['__proto__ alone', ['analyze', '__proto__'], /unknown symbol "__proto__"/],
  ['valueOf alone', ['analyze', 'valueOf'], /unknown symbol "valueOf"/],
  [
    'constructor(g) in measure',
    ['measure', 'constructor(g)', '--method', 'lsq', '--target', 'sin(x)', '--widths', '4'],
    /"constructor"/,
  ],
  ['toString(g)*u in construct', ['construct', 'toString(g)*u', '--target', 'sin(x)', '--widths', '4'], /"toString"/],
  ['constructor(g) in prove', ['prove', 'constructor(g)', '--out', join(dir, 'proofs')], /"constructor"/],
  ['constructor(g) in a spec', verify('proto.json', { units: ['constructor(g)'] }), /\/units\/0: unknown function/],
  ['constructor as a target', construct('constructor(x)'), /unknown function "constructor" in target/],
  ['__proto__ as a target', construct('__proto__'), /unknown symbol "__proto__" in target/],
  // Poles between the grid's samples: accepted (exit 0, or FAIL through verify) before.
  ['pole at 5e-5, construct', construct('1/(x-0.00005)'), /unbounded near x = 0\.00005 on \[-1, 1\] \(a pole\)/],
  ['pole at 1e-9, construct', construct('1/(x-1e-9)'), /unbounded near x = 1e-9 on \[-1, 1\] \(a pole\)/],
  ['pole at 5e-5, measure', measure('1/(x-0.00005)'), /unbounded near x = 0\.00005/],
  ['pole at 1e-9, measure', measure('1/(x-1e-9)'), /unbounded near x = 1e-9/],
  ['double pole at 5e-5', construct('1/(x-0.00005)^2'), /unbounded near x = 0\.00005/],
  ['pole on a background', construct('1e6+1/(x-0.00005)'), /unbounded near x = 0\.00005/],
  ['pole at 5e-5, verify', verify('pole.json', { targets: ['1/(x-0.00005)'] }), /\/targets\/0: .* \(a pole\)/],
  // Magnitude of f: 1e200*sin(x) gave an RMSE of Infinity and exit 3 before.
  ['|f| of 1e200', construct('1e200*sin(x)'), /largest \|f\| = 8\.4e\+199 .* accepted: 1e-100 to 1e\+100/],
  ['|f| of 1e-300', measure('1e-300*sin(x)'), /largest \|f\| = 8\.4e-301/],
  ['f = 0', construct('0'), /is 0 at every point of the test grid/],
  ['an empty target', construct(''), /^approx-order: target is empty/],
  ['a string constant', construct('"abc"'), /"\\"abc\\"" is not a number/],
  // Domains: exit 3 from the cross-check (a bad input reported as a failed proof) before.
  [
    'domain 1e-300,2e-300 in measure',
    measure('sin(x)', '--domain', '1e-300,2e-300'),
    /has length 1\.0e-300; at least 1e-20/,
  ],
  ['domain 0,5e-324 in construct', construct('sin(x)', '--domain', '0,5e-324'), /has length 4\.9e-324/],
  ['domain of 1e308', measure('sin(x)', '--domain', '-1e308,1e308'), /reaches \|x\| = 1\.0e\+308; at most 1e\+20/],
  ['a tiny domain in a spec', verify('tiny.json', { domain: [1e-300, 2e-300] }), /\/domain: .* at least 1e-20/],
  // One schema error was two lines before: a header "invalid spec (1 error):" and the error.
  [
    'one schema error in a spec',
    verify('schema.json', { tolerance: -1 }),
    /^approx-order: invalid spec: .*\/tolerance must be > 0$/,
  ],
  // Echoed text: 240 KB lines and raw ANSI escapes before.
  ['a 120 KB unknown symbol', construct(symbol120k), /"a{80}…" \(120000 characters\)/],
  ['an ANSI escape in a target', construct(`sin(x)${ESC}[31m`), /"sin\(x\)\\x1b\[31m" contains a control character/],
  ['an ANSI escape in a unit', ['analyze', `relu(g)${ESC}[2J`], /"relu\(g\)\\x1b\[2J" contains a control character/],
  [
    'an ANSI escape in a domain',
    construct('sin(x)', '--domain', `0,1${ESC}[31m`),
    /cannot parse domain "0,1\\x1b\[31m"/,
  ],
  ['a newline in a target', construct('x\n+1'), /"x\\n\+1" contains a control character/],
  ['an ANSI escape in an option', ['analyze', 'mlp', `--bogus${ESC}[31m`], /unknown option '--bogus\\x1b\[31m'/],
  ['a 120 KB option', ['analyze', 'mlp', `--${symbol120k}`], /unknown option '--a+…$/],
  ['--dim 1e20', ['analyze', 'mlp', '--dim', '99999999999999999999'], /--dim must be an integer from 1 to 1000/],
];

t.test(`${CASES.length} hostile inputs: exit 2, one bounded line on stderr, nothing on stdout`, async (t) => {
  const results = new Array<Outcome>(CASES.length);
  let next = 0;
  const worker = async () => {
    while (next < CASES.length) {
      const i = next++;
      results[i] = await run(CASES[i][1]);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  CASES.forEach(([label, , expected], i) => {
    const { code, stdout, stderr, seconds } = results[i];
    t.equal(code, 2, `${label}: exit code (after ${seconds} s)`);
    t.equal(stdout, '', `${label}: nothing on stdout`);
    t.match(stderr, /^approx-order: [^\n]*\n$/, `${label}: one line on stderr`);
    t.match(stderr.trimEnd(), expected, `${label}: names the cause`);
    t.ok(stderr.length <= 600, `${label}: bounded (${stderr.length} characters)`);
    // eslint-disable-next-line no-control-regex
    t.notMatch(stderr.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/, `${label}: no raw control character`);
  });
});

t.test('no arguments: the usage on stderr, exit 2', async (t) => {
  const { code, stdout, stderr } = await run([]);
  t.equal(code, 2);
  t.equal(stdout, '');
  t.match(stderr, /^Usage: approx-order \[options\] \[command\]\n/);
  t.match(stderr, /\n {2}verify \[options\] \[spec\]/, 'lists the verbs');
});
