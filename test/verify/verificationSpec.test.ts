import t from 'tap';
import { isTableSpecJson, parseTableSpec } from '../../src/verify/tableStudy.js';
import { parseVerificationSpec } from '../../src/verify/verificationSpec.js';
import { readFileSync, readdirSync } from 'node:fs';
import { UsageError } from '../../src/core/errors.js';
import { specJobs } from '../../src/verify/specJobs.js';

const minimal = { name: 'tiny', units: ['mlp'], targets: ['sin(x)'], widths: '4:16:4', methods: [{ name: 'lsq' }] };

function messageOf(json: unknown): string {
  try {
    parseVerificationSpec(json, 'spec.json');
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  return '(accepted)';
}

t.test('a minimal spec gets the documented defaults', async (t) => {
  const spec = parseVerificationSpec(minimal);
  t.same(spec.domain, [-1, 1]);
  t.equal(spec.tolerance, 0.15);
  t.equal(spec.allowInconclusive, false);
  t.same(spec.methods[0].widths, [4, 8, 12, 16]);
  t.same(spec.methods[0].seeds, [0]);
  t.equal(spec.methods[0].dataSize, 10000);
});

t.test('every committed spec is valid', async (t) => {
  const dir = new URL('../../specs/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  t.ok(files.includes('paper.json'), 'specs/paper.json exists');
  // A table spec (d dimensions, "kind": "table") has its own parser (verify/tableStudy).
  for (const f of files) {
    const json: unknown = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
    t.doesNotThrow(() => (isTableSpecJson(json) ? parseTableSpec(json, f) : parseVerificationSpec(json, f)), f);
  }
  t.ok(files.includes('table1.json'), 'specs/table1.json exists');
});

t.test('schema errors: one line per ajv error, each with its JSON path', async (t) => {
  const msg = messageOf({ ...minimal, tolerance: 'wide', methods: [{ name: 'sgd' }], colour: 'red' });
  t.equal(
    msg,
    [
      'invalid spec: spec.json: / must NOT have additional properties "colour"',
      'invalid spec: spec.json: /methods/0/name must be equal to one of the allowed values ("construct", "lsq", "lm", "adam", "paper-newton", "varpro")',
      'invalid spec: spec.json: /tolerance must be number',
    ].join('\n'),
  );
  t.equal(
    messageOf({ name: 'x' }),
    [
      "invalid spec: spec.json: / must have required property 'units'",
      "invalid spec: spec.json: / must have required property 'targets'",
      "invalid spec: spec.json: / must have required property 'methods'",
    ].join('\n'),
  );
});

t.test('semantic errors name the JSON path and the problem in one line', async (t) => {
  t.match(
    messageOf({ ...minimal, units: ['mlp', 'relu(g)+u'] }),
    /^spec\.json: \/units\/1: a sum or difference of terms \("relu\(g\) \+ u"\) is outside the family;/,
  );
  t.equal(messageOf({ ...minimal, targets: ['1/x'] }).split('\n').length, 1);
  t.match(
    messageOf({ ...minimal, targets: ['1/x'] }),
    /^spec\.json: \/targets\/0: target "1\/x" is not finite on \[-1, 1\]/,
  );
  t.equal(messageOf({ ...minimal, domain: [1, -1] }), 'spec.json: /domain: [1, -1] is empty; expected a < b');
  t.equal(
    messageOf({ ...minimal, widths: '16:4:4' }),
    'spec.json: /widths: range "16:4:4" in "16:4:4" is empty (stop < start)',
  );
  t.equal(
    messageOf({ ...minimal, widths: undefined }),
    'spec.json: /methods/0: method "lsq" has no widths and the spec has no default "widths"',
  );
  t.equal(
    messageOf({ ...minimal, methods: [{ name: 'lsq' }, { name: 'lsq' }] }),
    'spec.json: /methods/1/name: method "lsq" is listed twice',
  );
  // Refused before any run starts (no progress lines on stderr first).
  t.equal(
    messageOf({ ...minimal, methods: [{ name: 'lsq', init: 'lsq' }] }),
    'spec.json: /methods/0/init: method lsq cannot start from --init lsq; it accepts: spline, construct',
  );
  t.match(
    messageOf({ ...minimal, units: ['gelu(g)*u^2'] }),
    /^spec\.json: \/units\/0: method lsq freezes the gates and solves for the rest, but unit gelu\(g\)\*u\^2 \(gelu gate\)/,
  );
  t.equal(messageOf({ ...minimal, units: ['geglu'] }), '(accepted)', 'GeGLU is linear once its gates are frozen');
  t.match(
    messageOf({ ...minimal, units: ['silu(g)*u^2'], methods: [{ name: 'lm' }] }),
    /^spec\.json: \/units\/0: lm cannot start from lsq \(--init lsq, its default\): .*; use --init spline$/,
    'lm starts from lsq by default',
  );
  t.equal(messageOf({ ...minimal, units: ['swiglu'], methods: [{ name: 'lm', init: 'spline' }] }), '(accepted)');
  t.equal(
    messageOf({ ...minimal, predictedSlopeOverrides: { glu: -3 } }),
    'spec.json: /predictedSlopeOverrides/glu: "glu" is not one of the spec\'s units (mlp)',
  );
  t.equal(
    messageOf({ ...minimal, openQuestions: [{ reason: 'why' }] }).split('\n')[0],
    "invalid spec: spec.json: /openQuestions/0 must have required property 'unit'",
  );
});

t.test("a method's units: a subset of the spec's, in the spec's order; jobs follow it", async (t) => {
  const spec = parseVerificationSpec({
    ...minimal,
    units: ['mlp', 'glu', 'gelu(g)*u'],
    methods: [{ name: 'lsq' }, { name: 'construct', units: ['glu', 'mlp'] }],
  });
  t.same(
    spec.methods[0].units.map((u) => u.form.name),
    ['mlp', 'glu', 'gelu(g)*u'],
    'default: every unit',
  );
  t.same(
    spec.methods[1].units.map((u) => u.form.name),
    ['mlp', 'glu'],
    "only those listed, in the spec's order",
  );
  const jobs = specJobs(
    parseVerificationSpec({ ...minimal, units: ['mlp', 'glu'], methods: [{ name: 'lsq', units: ['glu'] }] }),
  );
  t.same([...new Set(jobs.map((j) => j.job.unit))], ['glu'], 'no job for a unit the method leaves out');
  t.equal(
    messageOf({ ...minimal, methods: [{ name: 'lsq', units: ['glu'] }] }),
    'spec.json: /methods/0/units/0: "glu" is not one of the spec\'s units (mlp)',
  );
});

t.test("a method's unitWidths: a subset of its widths for one unit; jobs and the fit follow it", async (t) => {
  const spec = parseVerificationSpec({
    ...minimal,
    units: ['mlp', 'gelu(g)*u'],
    widths: '4:16:4',
    methods: [{ name: 'lsq', unitWidths: { 'gelu(g)*u': [4, 12] } }],
  });
  t.same([...spec.methods[0].unitWidths], [['gelu(g)*u', [4, 12]]]);
  const jobs = specJobs(spec).map((j) => `${j.job.unit}@${j.job.n}`);
  t.same(jobs, ['mlp@4', 'mlp@8', 'mlp@12', 'mlp@16', 'gelu(g)*u@4', 'gelu(g)*u@12']);
  t.equal(
    messageOf({ ...minimal, methods: [{ name: 'lsq', unitWidths: { glu: [4] } }] }),
    'spec.json: /methods/0/unitWidths: "glu" is not one of this method\'s units (mlp)',
  );
  t.equal(
    messageOf({ ...minimal, methods: [{ name: 'lsq', unitWidths: { mlp: [4, 6] } }] }),
    'spec.json: /methods/0/unitWidths/"mlp": width 6 is not one of the method\'s widths',
  );
  t.match(messageOf({ ...minimal, methods: [{ name: 'lsq', unitWidths: { mlp: 'x' } }] }), /unitWidths\/mlp/);
});

t.test(
  "a method's unitMaxIterations: a unit's own iteration budget; its jobs carry it, the others keep the method's",
  async (t) => {
    const spec = parseVerificationSpec({
      ...minimal,
      units: ['mlp', 'glu'],
      widths: [8, 16],
      methods: [{ name: 'lm', maxIterations: 20, unitMaxIterations: { mlp: 300 } }],
    });
    t.same([...spec.methods[0].unitMaxIterations], [['mlp', 300]]);
    t.same(
      specJobs(spec).map((j) => `${j.job.unit}@${j.job.n}:${j.job.maxIterations}`),
      ['mlp@8:300', 'mlp@16:300', 'glu@8:20', 'glu@16:20'],
    );
    t.equal(
      messageOf({ ...minimal, methods: [{ name: 'lm', unitMaxIterations: { glu: 5 } }] }),
      'spec.json: /methods/0/unitMaxIterations: "glu" is not one of this method\'s units (mlp)',
    );
    t.match(messageOf({ ...minimal, methods: [{ name: 'lm', unitMaxIterations: { mlp: 0 } }] }), /unitMaxIterations/);
    t.match(messageOf({ ...minimal, methods: [{ name: 'lm', unitMaxIterations: { mlp: 2.5 } }] }), /unitMaxIterations/);
  },
);

t.test(
  'two spellings of one unit are refused (they would run every job twice); unitMaxIterations only where there are iterations',
  async (t) => {
    t.equal(
      messageOf({ ...minimal, units: ['glu', 'GLU'] }),
      'spec.json: /units/1: "GLU" is the unit glu again (/units/0: "glu")',
    );
    t.match(messageOf({ ...minimal, units: ['relu(g)*u', 'u*relu(g)'] }), /^spec\.json: \/units\/1: .* again/);
    t.equal(
      messageOf({ ...minimal, methods: [{ name: 'lsq', unitMaxIterations: { mlp: 5 } }] }),
      'spec.json: /methods/0/unitMaxIterations: lsq has no iterations',
    );
  },
);
