import t, { type Test } from 'tap';
import { designUnits, enumerateUnitForms, type DesignedUnit, type UnitDesign } from '../../src/index.js';
import { UsageError } from '../../src/core/errors.js';
import { compileTarget } from '../../src/core/target.js';
import { uniformGrid } from '../../src/core/testGrid.js';

/**
 * Brute force: every sequence of up to K letters from a pool of K letters after relu(g)^a, written
 * out factor by factor (relu(g)*q*u and relu(g)*u*q apart), made canonical by renaming: the
 * multiset of the letters' multiplicities.
 */
function bruteForceForms(maxDegree: number, maxFactors: number): Set<string> {
  const pool = ['u', 'q', 'v', 'w', 's', 't'].slice(0, Math.max(maxFactors, 1));
  const distinct = new Set<string>();
  const visit = (a: number, letters: string[]) => {
    const counts = new Map<string, number>();
    for (const l of letters) counts.set(l, (counts.get(l) ?? 0) + 1);
    distinct.add(`${a}|${[...counts.values()].sort((x, y) => y - x).join(',')}`);
    if (letters.length < maxFactors && a + letters.length < maxDegree) for (const l of pool) visit(a, [...letters, l]);
  };
  for (let a = 1; a <= maxDegree; a++) visit(a, []);
  return distinct;
}

const signature = (expression: string) => {
  const m = /^relu\(g\)(?:\^(\d+))?(.*)$/.exec(expression)!;
  const powers = m[2]
    .split('*')
    .filter((s) => s !== '')
    .map((f) => Number(f.split('^')[1] ?? 1));
  return `${m[1] ?? 1}|${powers.join(',')}`;
};

t.test('degree <= 5, up to 4 factors: 26 distinct forms, the brute force agrees', async (t) => {
  const forms = enumerateUnitForms(5, 4);
  t.equal(forms.length, 26);
  t.same(new Set(forms.map(signature)), bruteForceForms(5, 4));
  t.equal(new Set(forms).size, forms.length, 'no form twice');
  for (const [M, K] of [
    [3, 2],
    [6, 3],
    [7, 5],
  ])
    t.equal(enumerateUnitForms(M, K).length, bruteForceForms(M, K).size, `M = ${M}, K = ${K}`);
});

t.test('known equivalent pairs are listed once', async (t) => {
  const forms = enumerateUnitForms(5, 4);
  t.ok(forms.includes('relu(g)*u*q'));
  t.notOk(forms.includes('relu(g)*q*u'));
  t.ok(forms.includes('relu(g)^2*u^2*q'));
  t.notOk(forms.includes('relu(g)^2*q*u^2'));
  t.notOk(forms.includes('relu(g)^2*u*q^2'));
  t.notOk(
    forms.some((f) => /\bg\b(?!\))/.test(f.replace('relu(g)', ''))),
    'no factor of the gate map: relu(g)*g = relu(g)^2',
  );
});

function independentlyBeats(v: DesignedUnit, u: DesignedUnit): 'strict' | 'equal' | false {
  if (v.order < u.order || v.paramsPerNeuron > u.paramsPerNeuron) return false;
  const lv = v.predictions.map((b) => b.rmse ?? Infinity);
  const lu = u.predictions.map((b) => b.rmse ?? Infinity);
  if (lv.some((x, i) => x > lu[i])) return false;
  if (v.order > u.order || v.paramsPerNeuron < u.paramsPerNeuron || lv.some((x, i) => x < lu[i])) return 'strict';
  return 'equal';
}

function checkFront(t: Test, d: UnitDesign) {
  const front = new Set(d.front.map((u) => u.expression));
  for (const u of d.units) {
    const strict = d.units.filter((v) => v !== u && independentlyBeats(v, u) === 'strict');
    if (front.has(u.expression))
      t.same(
        strict.map((v) => v.expression),
        [],
        `${u.expression} is on the front: no unit beats it`,
      );
    else {
      const equal = d.units.filter((v) => v !== u && independentlyBeats(v, u) === 'equal');
      t.ok(strict.length > 0 || equal.length > 0, `${u.expression} is off the front: some unit beats or equals it`);
    }
  }
  const last = d.params.length - 1;
  const errors = d.front.map((u) => u.predictions[last].rmse ?? Infinity);
  t.same(
    errors,
    [...errors].sort((x, y) => x - y),
    'front ordered by L at the largest budget',
  );
}

t.test('no dominated unit on the front (brute-force comparison)', async (t) => {
  const paper = designUnits({ maxDegree: 5, maxFactors: 4 });
  checkFront(t, paper);
  t.same(paper.params, [100, 300, 1000]);
  checkFront(t, designUnits({ maxDegree: 4, maxFactors: 3, target: 'sin(4*x)', params: [40, 90, 5000] }));
  checkFront(t, designUnits({ maxDegree: 3, maxFactors: 2, dim: 3 }));
});

t.test(
  "derived, not looked up: relu(g)^2*u beats the GQU, and the prediction is the construction's formula",
  async (t) => {
    const d = designUnits({ maxDegree: 3, maxFactors: 2 });
    const unit = (e: string) => d.units.find((u) => u.expression === e)!;
    const [r2u, gqu, mlp] = [unit('relu(g)^2*u'), unit('relu(g)*u*q'), unit('relu(g)')];
    t.equal(r2u.order, 4);
    t.equal(gqu.order, 4);
    t.ok(r2u.paramsPerNeuron < gqu.paramsPerNeuron, 'fewer parameters per neuron');
    t.ok(r2u.predictions.every((b, i) => b.rmse! < gqu.predictions[i].rmse!));
    // mlp at P = 100: n = 33 neurons, 33 cells of [-1, 1], C = 1/sqrt(120), RMS(f'') from the symbolic derivative
    const target = compileTarget('1/(1+cos(pi*x)^2)', [-1, 1]);
    const xs = uniformGrid([-1, 1]);
    const f2 = target.derivative(2);
    const rms = Math.sqrt(xs.reduce((s, x) => s + f2(x) ** 2, 0) / xs.length);
    const want = (1 / Math.sqrt(120)) * rms * (2 / 33) ** 2;
    t.equal(mlp.predictions[0].neurons, 33);
    t.equal(mlp.predictions[0].cells, 33);
    t.ok(Math.abs(mlp.predictions[0].rmse! - want) <= 1e-12 * want, `${mlp.predictions[0].rmse} vs ${want}`);
  },
);

t.test('bad input throws UsageError; a non-finite derivative is a warning naming it', async (t) => {
  t.throws(() => designUnits({ maxDegree: 13 }), UsageError);
  t.throws(() => designUnits({ maxFactors: -1 }), UsageError);
  t.throws(() => designUnits({ params: [] }), UsageError);
  t.throws(() => designUnits({ bogus: 1 } as never), UsageError);
  const d = designUnits({ maxDegree: 2, maxFactors: 1, target: 'sqrt(x+1)' });
  t.match(d.warnings.join('\n'), /derivative 3 of target "sqrt\(x\+1\)" is not finite/);
  t.ok(d.units.filter((u) => u.order === 3).every((u) => u.predictions.every((b) => b.rmse === null)));
});
