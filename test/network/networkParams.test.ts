// Parameter record: flat order, JSON round trip (exact: JSON numbers print float64 round-trippably), load errors.
import t from 'tap';
import { parseUnit } from '../../src/core/unitForm.js';
import { UsageError } from '../../src/core/errors.js';
import { seededRandom } from '../../src/core/seededRandom.js';
import {
  parameterNames,
  parameterCount,
  parameterLayout,
  zeroParams,
  flattenParams,
  unflattenParams,
  paramsToJson,
  paramsFromJson,
} from '../../src/network/networkParams.js';

t.test('names, counts and flat order', async (t) => {
  const gqu = parseUnit('gqu');
  t.same(parameterNames(gqu), ['G', 'g', 'U', 'u', 'Q', 'q', 'D']);
  t.same(
    [1, 2, 3].map((n) => parameterCount(parseUnit('mlp'), n)),
    [4, 7, 10],
    'MLP 3n + 1',
  );
  t.equal(parameterCount(parseUnit('glu'), 10), 51, 'GLU 5n + 1');
  t.equal(parameterCount(gqu, 10), 71, 'GQU 7n + 1');
  const p = zeroParams(gqu, 2);
  p.maps.u.weight[1] = 5;
  p.D[0] = 7;
  p.d = 9;
  t.same(
    Array.from(flattenParams(gqu, p)),
    [0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 7, 0, 9],
    'per map weight[n], bias[n]; then D; then d',
  );
  const layout = parameterLayout(gqu, 2);
  t.same(
    [layout.weight(1, 1), layout.bias(1, 1), layout.outputWeight(0), layout.outputBias, layout.size],
    [5, 7, 12, 14, 15],
    'the layout indexes the same flat vector',
  );
  const wide = parameterLayout(gqu, 2, 3);
  t.same(
    [wide.weight(1, 1, 2), wide.bias(1, 0), wide.outputWeight(1), wide.outputBias, wide.size],
    [8 + 3 + 2, 8 + 6, 25, 26, 27],
    'd = 3: weights n x d per map, then biases',
  );
  t.equal(parameterCount(gqu, 10, 3), (3 * 4 + 1) * 10 + 1, 'GQU (3d + 4) n + 1 in d dimensions');
});

t.test('JSON round trip is exact', async (t) => {
  const unit = parseUnit('relu(g)^2*u');
  const rng = seededRandom(7);
  const theta = Float64Array.from({ length: parameterCount(unit, 3) }, () => rng.normal());
  const p = unflattenParams(unit, 3, theta);
  const json = JSON.parse(JSON.stringify(paramsToJson(unit, p)));
  t.same(Object.keys(json), ['unit', 'n', 'G', 'g', 'U', 'u', 'D', 'd']);
  t.equal(json.unit, 'relu(g)^2*u');
  t.same(
    Array.from(flattenParams(unit, paramsFromJson(unit, json))),
    Array.from(theta),
    'bit-identical after a JSON round trip',
  );
});

t.test('loading a record that does not fit the unit is a usage error', async (t) => {
  const glu = parseUnit('glu');
  const good = paramsToJson(glu, zeroParams(glu, 2));
  t.throws(
    () => paramsFromJson(parseUnit('mlp'), good),
    new UsageError('parameters are for unit "relu(g)*u", not "relu(g)"'),
  );
  t.throws(
    () => paramsFromJson(glu, { ...good, n: 0 }),
    new UsageError('parameters: "n" must be an integer >= 1, got 0'),
  );
  t.throws(
    () => paramsFromJson(glu, { ...good, U: [1] }),
    new UsageError('parameters: "U" must be an array of 2 finite numbers'),
  );
  t.throws(
    () => paramsFromJson(glu, { ...good, u: undefined }),
    new UsageError('parameters: "u" must be an array of 2 finite numbers'),
  );
  t.throws(
    () => paramsFromJson(glu, { ...good, D: [1, null] }),
    new UsageError('parameters: "D" must be an array of 2 finite numbers'),
  );
  t.throws(() => paramsFromJson(glu, { ...good, d: '1' }), new UsageError('parameters: "d" must be a finite number'));
});
