// A spec's name is the report directory reports/<name>/, so it must be one plain file-name
// component: the schema pattern and the parser's own check both refuse names of dots only.
import t from 'tap';
import { schemaValidator } from '../../src/core/jsonSchema.js';
import { parseVerificationSpec } from '../../src/verify/verificationSpec.js';

const spec = (name: string) => ({
  name,
  units: ['mlp'],
  targets: ['x^2'],
  widths: '8:16:8',
  methods: [{ name: 'construct' }],
});

t.test('names of dots only are refused by the parser with one line, and by the schema pattern', async (t) => {
  const validate = schemaValidator('spec');
  for (const name of ['.', '..', '...', '']) {
    t.throws(() => parseVerificationSpec(spec(name), 'spec.json'), {
      message: `spec.json: /name: "${name}" is not a plain file-name component (the report goes to reports/<name>/); use letters, digits, '.', '_' and '-', not only dots`,
    });
    t.notOk(validate(spec(name)), `schema refuses "${name}"`);
  }
  t.throws(() => parseVerificationSpec(spec('a/b'), 'spec.json'), {
    message: /^spec\.json: \/name: "a\/b" is not a plain/,
  });
  for (const name of ['paper', 'a..b', '.hidden', 'v1.2_x-y']) {
    t.ok(validate(spec(name)), `schema accepts "${name}"`);
    t.equal(parseVerificationSpec(spec(name)).name, name);
  }
});
