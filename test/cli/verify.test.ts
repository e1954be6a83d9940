import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Spawns the built CLI (dist/, built by `npm test`). Construct-only specs keep each run ~2 s.
const bin = new URL('../../bin/approx-order.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'approx-order-verify-'));
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'verify', ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function spec(name: string, json: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name,
      units: ['mlp', 'glu'],
      targets: ['sin(2*x)'],
      widths: '4:64:4',
      methods: [{ name: 'construct' }],
      ...json,
    }),
  );
  return path;
}

t.test('a passing spec: exit 0, the report files, a plain (uncoloured) table', async (t) => {
  const out = join(dir, 'ok');
  const r = run(spec('ok', {}), '--out', out);
  t.equal(r.code, 0, r.err);
  for (const f of ['report.json', 'report.md', 'report.html', 'rmse-vs-n.svg', 'rmse-vs-p.svg', 'local-orders.svg'])
    t.ok(existsSync(join(out, f)), f);
  t.match(r.out, /^unit +method +predicted +window slope +95% CI +window +extrapolated +95% CI +drift +verdict\n/);
  t.match(
    r.out,
    /\nglu +construct +-3\.00 +-(2\.9|3\.0)\d +\[-3\.\d\d, -\d\.\d\d\] +\d+\.\.64 \(\d+\) +-3\.0\d +\[-3\.\d\d, -\d\.\d\d\] +[+-]0\.0\d +PASS\n/,
  );
  t.notOk(r.out.includes('\u001b['), 'no ANSI colour when stdout is not a terminal');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  t.same(
    report.verdicts.map((v: { verdict: string }) => v.verdict),
    ['PASS', 'PASS'],
  );
  t.equal(report.tool.name, 'approx-order');
});

t.test('a deliberately wrong prediction (MLP order 4) gives FAIL and exit 1', async (t) => {
  const r = run(spec('wrong', { predictedSlopeOverrides: { mlp: -4 } }), '--out', join(dir, 'wrong'));
  t.equal(r.code, 1);
  t.match(r.out, /\nmlp +construct +-4\.00 +-2\.0\d .* FAIL\n/);
  t.match(
    r.out,
    /\nmlp \/ construct: FAIL: extrapolated -2\.0\d .* lies outside predicted -4\.00 \+- 0\.15: shallower by at least (1\.9\d|2\.0\d)\n/,
  );
});

t.test('bad input: exit 2, one line per problem, no stack trace', async (t) => {
  const bad = run(spec('bad', { tolerance: -1, methods: [{ name: 'construct', widths: [0] }] }));
  t.equal(bad.code, 2);
  t.equal(
    bad.err,
    [
      `approx-order: invalid spec: ${join(dir, 'bad.json')}: /methods/0/widths/0 must be >= 1`,
      `approx-order: invalid spec: ${join(dir, 'bad.json')}: /methods/0/widths must be string`,
      `approx-order: invalid spec: ${join(dir, 'bad.json')}: /methods/0/widths must match exactly one schema in oneOf`,
      `approx-order: invalid spec: ${join(dir, 'bad.json')}: /tolerance must be > 0`,
      '',
    ].join('\n'),
  );
  const missing = run(join(dir, 'nope.json'));
  t.equal(missing.code, 2);
  t.equal(missing.err, `approx-order: cannot read spec "${join(dir, 'nope.json')}" (ENOENT)\n`);
  writeFileSync(join(dir, 'broken.json'), '{ "name": ');
  const broken = run(join(dir, 'broken.json'));
  t.equal(broken.code, 2);
  t.match(broken.err, /^approx-order: spec ".*broken\.json" is not valid JSON \(.*\)\n$/);
  const locked = join(dir, 'locked');
  writeFileSync(locked, 'a file, not a directory');
  chmodSync(locked, 0o444);
  const unwritable = run(spec('ok2', {}), '--out', join(locked, 'sub'));
  t.equal(unwritable.code, 2);
  t.match(
    unwritable.err,
    /^approx-order: cannot create output directory ".*locked\/sub" \(".*locked" is not a directory\)\n$/,
  );
  const option = run('--colour');
  t.equal(option.code, 2);
  t.equal(option.err, "approx-order: unknown option '--colour'\n");
});
