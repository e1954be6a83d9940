// `measure --resume --out F` reads and checks all of F before it changes anything: a file that is
// not a results file, or holds a bad record, is refused with exit 2 and one line naming the line,
// and F is left byte for byte as it was. A torn last record is dropped by an atomic rewrite.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
// The CLI runs dist/; `npm test` builds it first. Standalone: build if missing.
if (!existsSync(join(root, 'dist/cli-bundle/all.js')))
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });

const sweep = ['mlp', '--target', 'x^2', '--widths', '4,8', '--method', 'lsq', '--data-size', '200'];
const measure = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/approx-order.js', 'measure', ...sweep, ...args], { cwd: root, encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'approx-order-resume-'));
const made = measure('--out', join(dir, 'made.jsonl'));
if (made.status !== 0) throw new Error(`could not make a results file: ${made.stderr}`);
const [first, second] = readFileSync(join(dir, 'made.jsonl'), 'utf8').trim().split('\n');
const edited = (change: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(second), ...change });

t.test('a file --resume refuses is left byte for byte, with exit 2 and one line naming the line', async (t) => {
  const cases: Array<[string, string, string]> = [
    [
      'one line of text, no newline',
      'my notes, not results',
      'its last line 1 has no newline and is not the start of a record, so this is not a results file written by measure --out',
    ],
    [
      'three lines that are not JSONL',
      'alpha\nbeta\ngamma',
      'line 1 is not JSON, so this is not a results file written by measure --out',
    ],
    [
      'records, then a last line that is not a record',
      `${first}\n${second}\ngamma`,
      'its last line 3 has no newline and is not the start of a record, so this is not a results file written by measure --out',
    ],
    [
      'testRmse "oops"',
      `${first}\n${edited({ testRmse: 'oops' })}\n`,
      'line 2 is not a result record: /testRmse must be number, so this is not a results file written by measure --out',
    ],
    [
      'testRmse null',
      `${first}\n${edited({ testRmse: null })}\n`,
      'line 2 is not a result record: /testRmse must be number, so this is not a results file written by measure --out',
    ],
    [
      'testRmse -5',
      `${first}\n${edited({ testRmse: -5 })}\n`,
      'line 2 is not a result record: /testRmse must be >= 0, so this is not a results file written by measure --out',
    ],
    [
      'only unit and testRmse',
      `${first}\n{"unit":"mlp","testRmse":0.001}\n`,
      "line 2 is not a result record: / must have required property 'target' (and 16 more errors), so this is not a results file written by measure --out",
    ],
    [
      'a "__proto__" key',
      `${first}\n${second.replace('{"unit":"mlp",', '{"unit":"mlp","__proto__":{"testRmse":0},')}\n`,
      'line 2 has a "__proto__" key, so this is not a results file written by measure --out',
    ],
    [
      'params that do not match the unit',
      `${first}\n${edited({ params: 26 })}\n`,
      'line 2 has params 26, but unit mlp at n = 8 has 25, so this is not a results file written by measure --out',
    ],
    [
      'the same run twice',
      `${first}\n${second}\n${first}\n`,
      'line 3 repeats the run of line 1 (same unit, target, domain, data, method, init, n, seed and iteration budget)',
    ],
  ];
  for (const [what, contents, problem] of cases) {
    const caseDir = mkdtempSync(join(dir, 'case-'));
    const out = join(caseDir, 'results.jsonl');
    writeFileSync(out, contents);
    const before = statSync(out);
    const r = measure('--out', out, '--resume');
    t.equal(r.status, 2, `${what}: exit 2`);
    t.equal(r.stderr, `approx-order: cannot resume "${out}": ${problem}; the file is left as it was\n`, what);
    t.equal(r.stdout, '', `${what}: nothing on stdout`);
    t.equal(readFileSync(out, 'utf8'), contents, `${what}: byte for byte`);
    t.equal(statSync(out).ino, before.ino, `${what}: the same file, not a copy`);
    t.same(readdirSync(caseDir), ['results.jsonl'], `${what}: no lock or temporary file left`);
  }
});

t.test('a torn last record is dropped by an atomic rewrite, and the run completes the file', async (t) => {
  const out = join(dir, 'torn.jsonl');
  const torn = `${first}\n{"unit":"mlp","target":"x^`;
  writeFileSync(out, torn);
  // A second name for the original inode keeps it alive (its number cannot be reused by the
  // rewrites) and shows what happened to its bytes: a truncation in place would change them.
  const original = join(dir, 'torn-original.jsonl');
  linkSync(out, original);
  const before = statSync(out);
  const r = measure('--out', out, '--resume');
  t.equal(r.status, 0, r.stderr);
  t.equal(
    r.stderr.split('\n')[0],
    `approx-order: dropped the partial last line 2 of "${out}" (a record cut off when a run was stopped)`,
  );
  t.match(r.stderr, /measure: 1\/2 mlp n=4 seed=0 lsq: .* \(from --resume\)\nmeasure: 2\/2 mlp n=8 seed=0 lsq:/);
  const lines = readFileSync(out, 'utf8').split('\n');
  t.equal(lines[0], first, 'the surviving record is kept as it was');
  t.same(
    lines.slice(0, 2).map((l) => JSON.parse(l).n),
    [4, 8],
  );
  t.equal(lines[2], '', 'ends with a newline');
  t.not(statSync(out).ino, before.ino, 'replaced by a rename');
  t.equal(readFileSync(original, 'utf8'), torn, 'the original inode was never truncated in place');
});
