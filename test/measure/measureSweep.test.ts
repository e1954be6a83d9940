import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Ajv } from 'ajv';
import { measureSweep, type MeasureRequest } from '../../src/measure/measureSweep.js';
import type { ResultRecord } from '../../src/measure/resultRecord.js';
import { TOOL_VERSION } from '../../src/core/toolVersion.js';

const schema = JSON.parse(
  readFileSync(new URL('../../specs/schemas/result-record.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);
const withoutTimings = (records: readonly ResultRecord[]) => records.map(({ seconds: _seconds, ...rest }) => rest);
const readJsonl = (path: string): ResultRecord[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

// The pool runs dist/measure/measureWorker.js; `npm test` builds dist/ first. Standalone: build if missing.
if (!existsSync(new URL('../../dist/measure/measureWorker.js', import.meta.url))) {
  spawnSync('npx', ['tsc', '-p', '.'], { cwd: new URL('../..', import.meta.url).pathname, stdio: 'ignore' });
}

const request: MeasureRequest = {
  units: ['mlp', 'gqu'],
  target: '1/(1+9*x^2)',
  widths: [3, 6, 9],
  method: 'lm',
  seeds: 2,
  data: 300,
  maxIterations: 3,
};

t.test('records are identical for 1 and 2 workers, schema-valid, in canonical order', async (t) => {
  const one = await measureSweep({ ...request, jobs: 1 });
  const two = await measureSweep({ ...request, jobs: 2 });
  t.equal(one.length, 2 * 3 * 2);
  t.same(withoutTimings(two), withoutTimings(one));
  t.same(
    one.map((r) => `${r.unit}/${r.n}/${r.seed}`),
    [
      'mlp/3/0',
      'mlp/3/1',
      'mlp/6/0',
      'mlp/6/1',
      'mlp/9/0',
      'mlp/9/1',
      'gqu/3/0',
      'gqu/3/1',
      'gqu/6/0',
      'gqu/6/1',
      'gqu/9/0',
      'gqu/9/1',
    ],
  );
  for (const r of one)
    t.ok(
      validate(r),
      `${r.unit} n=${r.n} seed=${r.seed} matches the record schema ${JSON.stringify(validate.errors ?? [])}`,
    );
  t.equal(one[0].version, TOOL_VERSION);
  t.equal(one[0].params, 3 * 3 + 1);
  t.equal(one[6].params, 7 * 3 + 1);
  t.equal(one[0].init, 'lsq');
  t.not(one[0].trainRmse, one[1].trainRmse, 'seeds draw different training data');
});

t.test(
  'resume after a kill mid-write: the partial line is dropped and the file ends as an uninterrupted run',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'measure-'));
    const whole = join(dir, 'whole.jsonl');
    const cut = join(dir, 'cut.jsonl');
    const sweep: MeasureRequest = {
      units: ['mlp', 'glu'],
      target: 'sin(3*x)',
      widths: [4, 8, 16],
      method: 'lsq',
      data: 500,
      jobs: 1,
    };
    const complete = await measureSweep({ ...sweep, out: whole });
    t.same(withoutTimings(readJsonl(whole)), withoutTimings(complete));
    // Two finished records (out of canonical order, as a pool leaves them) and half of a third.
    const lines = readFileSync(whole, 'utf8').split('\n');
    writeFileSync(cut, `${lines[3]}\n${lines[0]}\n`);
    appendFileSync(cut, lines[4].slice(0, 40));
    let ran = 0;
    const resumed = await measureSweep(
      { ...sweep, out: cut, resume: true },
      { onRecord: (_r, p) => (ran += p.reused ? 0 : 1) },
    );
    t.equal(ran, 4, 'only the 4 missing records ran');
    t.same(withoutTimings(readJsonl(cut)), withoutTimings(readJsonl(whole)));
    t.same(withoutTimings(resumed), withoutTimings(complete));
  },
);

t.test('records of other sweeps in the same file are kept, ahead of this sweep', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'measure-'));
  const out = join(dir, 'results.jsonl');
  const first = await measureSweep({ units: ['mlp'], target: 'x^2', widths: [2], method: 'lsq', data: 50, out });
  const second = await measureSweep({
    units: ['glu'],
    target: 'x^2',
    widths: [2],
    method: 'lsq',
    data: 50,
    out,
    resume: true,
  });
  t.same(withoutTimings(readJsonl(out)), withoutTimings([...first, ...second]));
});
