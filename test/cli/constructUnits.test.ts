// construct with several units, through the real CLI (dist/): each unit's table, JSON and records are
// exactly what the same unit gives alone, in the order given; one unit's output keeps its shape.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const BIN = new URL('../../bin/approx-order.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'construct', ...args], { encoding: 'utf8' });
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(new URL('../../specs/schemas/network-params.schema.json', import.meta.url), 'utf8')),
);
const dir = mkdtempSync(join(tmpdir(), 'construct-units-'));
const common = ['--target', 'exp(x)*cos(3*x)', '--widths', '8,16,32'];
const units = ['gqu', 'mlp', 'relu2'];

t.test('several units: the table, --json and --out are the single-unit outputs, in the order given', async (t) => {
  const single = units.map((unit) => {
    const out = join(dir, `${unit}.json`);
    const json = run(unit, ...common, '--json', '--out', out);
    const table = run(unit, ...common);
    t.equal(json.status, 0, json.stderr);
    t.equal(table.status, 0, table.stderr);
    return { report: JSON.parse(json.stdout), table: table.stdout, records: JSON.parse(readFileSync(out, 'utf8')) };
  });
  t.notOk(Array.isArray(single[0].report), 'one unit: an object, as before');
  t.equal(single[0].report.unit, 'gqu');

  const out = join(dir, 'all.json');
  const json = run(...units, ...common, '--json', '--out', out);
  t.equal(json.status, 0, json.stderr);
  const reports = JSON.parse(json.stdout);
  t.ok(Array.isArray(reports), 'several units: an array');
  t.same(
    reports,
    single.map((s) => s.report),
    "each element is that unit's own --json",
  );

  const records = JSON.parse(readFileSync(out, 'utf8'));
  t.ok(validate(records), `--out is valid network-params ${JSON.stringify(validate.errors)}`);
  t.same(
    records,
    single.flatMap((s) => s.records),
    "--out holds each unit's records in turn",
  );
  t.same(
    records.map((r: { unit: string; n: number }) => `${r.unit} ${r.n}`),
    [8, 16, 32]
      .map((n) => `relu(g)*u*q ${n}`)
      .concat(
        [8, 16, 32].map((n) => `relu(g) ${n}`),
        [8, 16, 32].map((n) => `relu(g)^2 ${n}`),
      ),
    'every record names its unit',
  );

  const table = run(...units, ...common);
  t.equal(table.status, 0, table.stderr);
  t.equal(table.stdout, single.map((s) => s.table).join('\n'), 'the tables, one per unit, separated by a blank line');
});

t.test('a unit that cannot be constructed refuses the whole command before anything is written', async (t) => {
  const out = join(dir, 'refused.json');
  const r = run('mlp', 'swiglu', ...common, '--out', out);
  t.equal(r.status, 2);
  t.match(r.stderr, /^approx-order: no construction for swiglu: .*\n$/);
  t.equal(r.stdout, '', 'no table for mlp either');
  t.notOk(existsSync(out), 'no file');
  const small = run('mlp', 'relu3', '--target', 'sin(x)', '--widths', '2,8', '--json');
  t.equal(small.status, 2);
  t.equal(small.stderr, 'approx-order: width 2 is too small for the relu3 construction: it needs at least 3 neurons\n');
  t.equal(small.stdout, '');
});
