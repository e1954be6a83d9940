// `approx-order prove` through the real CLI (dist/ built by `npm test`): the committed proofs/ are
// exactly what the tool generates now (deterministic: fixed seeds for the random check points).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/approx-order.js', ...args], { cwd: ROOT, encoding: 'utf8' });
const BUILTINS = ['mlp', 'glu', 'gqu', 'relu2', 'relu3'];

t.test('regenerated proofs equal the committed proofs/', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'approx-order-proofs-'));
  const r = run('prove', ...BUILTINS, '--out', out, '--json');
  t.equal(r.status, 0, r.stderr);
  t.same(readdirSync(out).sort(), BUILTINS.map((u) => `${u}.md`).sort(), 'one file per unit, nothing else');
  for (const unit of BUILTINS) {
    const fresh = readFileSync(join(out, `${unit}.md`), 'utf8');
    const committed = readFileSync(join(ROOT, 'proofs', `${unit}.md`), 'utf8');
    t.ok(
      fresh === committed,
      `proofs/${unit}.md is up to date (regenerate with: node bin/approx-order.js prove ${BUILTINS.join(' ')})`,
    );
  }
  const records = JSON.parse(r.stdout) as Array<{
    unit: string;
    order: number;
    rmseConstant: { exact: string; value: number };
  }>;
  const constants = Object.fromEntries(records.map((p) => [p.unit, [p.order, p.rmseConstant.exact]]));
  t.same(constants, {
    mlp: [2, '1/sqrt(120)'],
    glu: [3, 'sqrt(2/945)'],
    gqu: [4, '1/sqrt(362880)'],
    relu2: [3, '1/sqrt(30240)'],
    relu3: [4, '1/sqrt(362880)'],
  });
  t.equal(records[0].rmseConstant.value.toFixed(10), '0.0912870929');
  t.equal(records[1].rmseConstant.value.toFixed(7), '0.0460044');
});

t.test('regenerated quasi-interpolant proofs equal the committed proofs/ (degrees 4 and 5)', async (t) => {
  const units: ReadonlyArray<[string, string]> = [
    ['relu(g)^4', 'relu_g_4.md'],
    ['relu(g)^3*u', 'relu_g_3_u.md'],
    ['relu(g)^5', 'relu_g_5.md'],
  ];
  const out = mkdtempSync(join(tmpdir(), 'approx-order-proofs-'));
  const r = run('prove', ...units.map(([u]) => u), '--out', out);
  t.equal(r.status, 0, r.stderr);
  for (const [unit, file] of units) {
    t.ok(
      readFileSync(join(out, file), 'utf8') === readFileSync(join(ROOT, 'proofs', file), 'utf8'),
      `proofs/${file} is up to date (regenerate with: node bin/approx-order.js prove ${units.map(([u]) => `'${u}'`).join(' ')} --out proofs/)`,
    );
    t.match(
      readFileSync(join(out, file), 'utf8'),
      /C3 quasi-interpolant|C4 quasi-interpolant/,
      `${unit}: the quasi-interpolant`,
    );
  }
});

t.test('prove a written form: slug file name and text summary', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'approx-order-proofs-'));
  const r = run('prove', 'relu(g)^2*u', '--out', out);
  t.equal(r.status, 0, r.stderr);
  t.same(readdirSync(out), ['relu_g_2_u.md']);
  t.equal(
    r.stdout,
    `${join(out, 'relu_g_2_u.md')}: relu(g)^2*u (relu(g)^2*u), C1 cubic Hermite spline: order 4, RMSE = C h^4 RMS(f^(4)), C = 1/sqrt(362880) = 0.001660039735 (7 steps checked)\n`,
  );
  t.match(readFileSync(join(out, 'relu_g_2_u.md'), 'utf8'), /^# Approximation order of `relu\(g\)\^2\*u`/);
});
