// Bad input through the real CLI (dist/ built by `npm test`): one line on stderr naming the problem,
// exit code 2, nothing on stdout, no stack trace. Runs 3 processes at a time (each start costs ~1.2 s of
// CPU, so further parse errors are tested in-process in test/core/unitForm.test.ts).
import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/approx-order.js', import.meta.url));

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, APPROX_ORDER_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ALLOWED =
  'a unit is a product of one gate (relu, gelu, silu/swish, sigmoid, tanh) of a single letter and powers of single letters ' +
  '(not x, d or n), e.g. relu(g)*u, or a built-in: mlp, glu, reglu, gqu, relu2, relu3, geglu, swiglu';
const unitProblem = (problem: string) => `approx-order: ${problem}; ${ALLOWED}`;

const CASES: ReadonlyArray<[string, readonly string[], string]> = [
  ['unknown name', ['analyze', 'foo'], unitProblem('unknown symbol "foo"')],
  [
    'input as gate argument',
    ['analyze', 'relu(x)'],
    unitProblem('"x" is the input, not an affine map (in the argument of relu)'),
  ],
  ['no gate', ['analyze', 'u*q'], unitProblem('unit "u*q" has no gate')],
  [
    'sum of gates',
    ['analyze', 'relu(g)+relu(u)'],
    unitProblem('a sum or difference of terms ("relu(g) + relu(u)") is outside the family'),
  ],
  ['quotient', ['analyze', 'relu(g)/u'], unitProblem('a quotient ("relu(g) / u") is outside the family')],
  ['unknown function', ['analyze', 'exp(g)*u'], unitProblem('unknown function "exp"')],
  [
    'fractional power',
    ['analyze', 'relu(g)^0.5'],
    unitProblem('the exponent of "relu(g)" must be a positive integer, got "0.5"'),
  ],
  ['two different gates', ['analyze', 'relu(g)*gelu(u)'], unitProblem('unit "relu(g)*gelu(u)" has more than one gate')],
  [
    'numeric factor',
    ['analyze', '2*relu(g)'],
    unitProblem('numeric factor "2" is not allowed (the output weight D already scales the unit)'),
  ],
  [
    'unbalanced parenthesis',
    ['analyze', 'relu(g'],
    unitProblem('cannot parse unit "relu(g" (Parenthesis ) expected (char 7))'),
  ],
  ['empty unit', ['analyze', ''], unitProblem('unit is empty')],
  [
    'bad unit among good ones',
    ['analyze', 'mlp', 'relu(g)+u', 'glu'],
    unitProblem('a sum or difference of terms ("relu(g) + u") is outside the family'),
  ],
  ['--dim 0', ['analyze', 'glu', '--dim', '0'], 'approx-order: --dim must be an integer from 1 to 1000, got "0"'],
  ['--dim x', ['analyze', 'glu', '--dim', 'x'], 'approx-order: --dim must be an integer from 1 to 1000, got "x"'],
  ['--dim 1.5', ['analyze', 'glu', '--dim', '1.5'], 'approx-order: --dim must be an integer from 1 to 1000, got "1.5"'],
  ['unknown option', ['analyze', 'glu', '--bogus'], "approx-order: unknown option '--bogus'"],
  ['missing unit (analyze)', ['analyze'], "approx-order: missing required argument 'unit'"],
  ['unknown verb', ['analyse-this', 'glu'], "approx-order: unknown command 'analyse-this'"],
  [
    'prove a smooth gate',
    ['prove', 'swiglu'],
    'approx-order: no construction for swiglu: its gate silu is not piecewise polynomial, so it spans no spline space; constructions exist for relu-gated units whose best increment family gives degree 1 C0, degree 2 C0, degree 2 C1, degree 3 C1, degree 3 C2, degree 4 to 12 (any continuity) splines',
  ],
  [
    'unwritable --out',
    ['prove', 'mlp', '--out', 'package.json/proofs'],
    `approx-order: cannot create output directory "package.json/proofs" ("${process.cwd()}/package.json" is not a directory)`,
  ],
];

t.test(`${CASES.length} bad inputs: exact one-line message, exit code 2, no stack trace`, async (t) => {
  const results = new Array<Awaited<ReturnType<typeof run>>>(CASES.length);
  let next = 0;
  const worker = async () => {
    while (next < CASES.length) {
      const i = next++;
      results[i] = await run(CASES[i][1]);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  CASES.forEach(([label, , message], i) => {
    const { code, stdout, stderr } = results[i];
    t.equal(code, 2, `${label}: exit code`);
    t.equal(stderr, `${message}\n`, `${label}: message`);
    t.equal(stdout, '', `${label}: nothing on stdout`);
    t.notMatch(stderr, /\n\s+at /, `${label}: no stack trace`);
  });
});
