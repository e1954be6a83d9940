// verify --json and the spec path in the reports, through the real CLI (dist/, built by npm test).
// Construct-only specs keep each run to a few seconds.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/approx-order.js', import.meta.url).pathname;
// realpath: the spawned CLI sees the resolved working directory (macOS /tmp is a symlink).
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'approx-order-verify-json-')));
const run = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'verify', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
function spec(name: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name,
      units: ['mlp', 'glu'],
      targets: ['sin(2*x)'],
      widths: '4:64:4', // four doublings: what an extrapolated-order verdict needs
      methods: [{ name: 'construct' }],
      ...extra,
    }),
  );
  return path;
}

t.test("--json prints report.json's verdicts and summary, no table; the exit code is unchanged", async (t) => {
  const ok = run(dir, spec('ok'), '--out', 'ok-report', '--json');
  t.equal(ok.code, 0, ok.err);
  const printed = JSON.parse(ok.out);
  t.same(Object.keys(printed), ['spec', 'verdicts', 'summary', 'report']);
  const report = JSON.parse(readFileSync(join(dir, 'ok-report', 'report.json'), 'utf8'));
  t.same(printed.verdicts, report.verdicts, "the verdicts are report.json's");
  t.same(printed.summary, report.summary, "the summary is report.json's");
  t.same(printed.spec, { name: 'ok', source: 'ok.json' });
  t.equal(printed.report, join('ok-report', 'report.json'));
  t.notMatch(ok.out, /^unit +method/m, 'no table');
  t.match(ok.err, /^construct mlp on sin\(2\*x\)/m, 'progress still goes to stderr');

  const wrong = run(dir, spec('wrong', { predictedSlopeOverrides: { mlp: -4 } }), '--out', 'wrong-report', '--json');
  t.equal(wrong.code, 1, 'a FAIL is still exit 1');
  const failed = JSON.parse(wrong.out);
  t.same(
    failed.verdicts.map((v: { unit: string; verdict: string }) => [v.unit, v.verdict]),
    [
      ['mlp', 'FAIL'],
      ['glu', 'PASS'],
    ],
  );
  t.equal(failed.summary.exitCode, 1);

  const bad = run(dir, join(dir, 'missing.json'), '--json');
  t.equal(bad.code, 2, 'bad input is still exit 2');
  t.equal(bad.out, '');
});

t.test('the reports name the spec relative to the working directory, never by an absolute path', async (t) => {
  // An absolute path inside the working directory: the reports say "ok.json".
  const r = run(dir, spec('rel'), '--out', 'rel-report');
  t.equal(r.code, 0, r.err);
  for (const file of ['report.json', 'report.md', 'report.html']) {
    const text = readFileSync(join(dir, 'rel-report', file), 'utf8');
    t.notOk(text.includes(dir), `${file} does not contain the absolute directory ${dir}`);
    t.match(
      text,
      file === 'report.json' ? /"source": "rel\.json"/ : /spec <?`?(code>)?rel\.json/,
      `${file} names rel.json`,
    );
  }
  const help = run(dir, '--help');
  t.equal(help.code, 0);
  t.match(help.out, /\(default:\s+the\s+packaged\s+specs\/paper\.json\)/);
  t.notMatch(help.out, /\/specs\/paper\.json/, 'no absolute path in --help');
});
