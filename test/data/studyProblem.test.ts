// The protocols of the d-dimensional study: the paper's data and standardization, and the holdout's.
import t from 'tap';
import { boxGrid, studyData } from '../../src/data/studyProblem.js';
import { parseBoxDomain } from '../../src/core/boxDomain.js';
import { readDataset } from '../../src/data/datasetFiles.js';

const columnMean = (X: Float64Array, dim: number, j: number) => {
  let s = 0;
  for (let i = j; i < X.length; i += dim) s += X[i];
  return s / (X.length / dim);
};

t.test(
  "paper protocol on California: the file's first 2000 rows, standardized on all of them, test = train",
  async (t) => {
    const data = studyData({ kind: 'named', name: 'california' }, 'paper', 5);
    t.equal(data.train.rows, 2000);
    t.equal(data.test, data.train, 'no split');
    const raw = readDataset('california');
    const latitude = Array.from({ length: 2000 }, (_, i) => raw.X[i * 8 + 6]);
    t.ok(Math.min(...latitude) > 36.7, 'the first 2000 rows are all northern California (latitude > 36.7)');
    for (let j = 0; j < 8; j++) t.ok(Math.abs(columnMean(data.train.X, 8, j)) < 1e-12, `column ${j} centred`);
    t.same(
      studyData({ kind: 'named', name: 'california' }, 'paper', 9).train.y,
      data.train.y,
      'data do not depend on the seed',
    );
  },
);

t.test('holdout: seeded 80/20 split, standardization fitted on the training part only', async (t) => {
  const a = studyData({ kind: 'named', name: 'airfoil' }, 'holdout', 0);
  t.equal(a.train.rows, 1202);
  t.equal(a.test.rows, 301);
  t.ok(Math.abs(columnMean(a.train.y, 1, 0)) < 1e-12, 'training target centred');
  t.ok(Math.abs(columnMean(a.test.y, 1, 0)) > 1e-6, 'test target not re-centred on itself');
  t.notSame(
    studyData({ kind: 'named', name: 'airfoil' }, 'holdout', 1).train.y,
    a.train.y,
    'another seed, another split',
  );
  const c = studyData({ kind: 'named', name: 'california' }, 'holdout', 0);
  const latitudes = Array.from({ length: c.train.rows }, (_, i) => c.train.X[i * 8 + 6]);
  t.ok(Math.min(...latitudes) < -1, 'California drawn from all rows: southern latitudes present');
  const f = studyData({ kind: 'named', name: 'friedman1' }, 'holdout', 0, 5000);
  t.equal(f.train.rows, 1600);
  t.equal(f.test.rows, 5000, 'synthetic: independent test set');
});

t.test("box targets: the paper's 44 x 44 grid under paper, independent points under holdout", async (t) => {
  const box = parseBoxDomain('[-1,1]^2');
  const paper = studyData({ kind: 'target', expression: 'sin(4*x1)*sin(4*x2)', domain: box }, 'paper', 0);
  t.equal(paper.test.rows, 44 * 44);
  t.same(Array.from(boxGrid(box, 3).subarray(0, 6)), [-1, -1, -1, 0, -1, 1]);
  t.equal(paper.standardized, false);
  const x = paper.train.X;
  t.equal(paper.train.y[0], Math.sin(4 * x[0]) * Math.sin(4 * x[1]));
});
