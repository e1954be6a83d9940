// The committed data sets: digests checked before use, the scikit-learn California transform, and a
// corrupted, truncated or missing copy refused with one line naming the file and the expected digest.
import t from 'tap';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/core/errors.js';
import { DATASET_FILES, DATA_DIRECTORY, readDataset } from '../../src/data/datasetFiles.js';
import { fitColumnScaling } from '../../src/data/standardization.js';

// Column means published with the data (data/README.md), as printed there: each must equal ours rounded to the
// same number of significant digits (AveRooms is printed truncated, 5.428999, where it rounds to 5.429000).
const MEANS = {
  airfoil: { X: ['2886.38', '6.78230', '0.136548', '50.8607', '0.0111399'], y: '124.836' },
  california: {
    X: ['3.870671', '28.639486', '5.429000', '1.096675', '1425.476744', '3.070655', '35.631861', '-119.569704'],
    y: '2.068558',
  },
} as const;
/** `value` rounded to as many significant digits as `printed` has. */
const asPrinted = (value: number, printed: string): string =>
  value.toPrecision(printed.replace(/^-?0?\.?0*/, '').replace('.', '').length);

for (const name of ['airfoil', 'california'] as const) {
  t.test(`${name}: digest, shape and column means`, async (t) => {
    const data = readDataset(name);
    t.equal(data.rows, DATASET_FILES[name].rows);
    t.equal(data.dim, DATASET_FILES[name].features.length);
    const x = fitColumnScaling(data.X, data.rows, data.dim);
    MEANS[name].X.forEach((m, j) =>
      t.equal(asPrinted(x.mean[j], m), m, `${DATASET_FILES[name].features[j]} mean ${x.mean[j]}`),
    );
    const y = fitColumnScaling(data.y, data.rows, 1);
    t.equal(asPrinted(y.mean[0], MEANS[name].y), MEANS[name].y, `target mean ${y.mean[0]}`);
  });
}

t.test('a corrupted, truncated or missing file is refused, naming the file and the expected digest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-data-'));
  const file = DATASET_FILES.airfoil.file;
  copyFileSync(join(DATA_DIRECTORY, file), join(dir, file));
  t.equal(readDataset('airfoil', dir).rows, 1503, 'an intact copy reads');
  const bytes = readFileSync(join(dir, file));
  bytes[100] = bytes[100] === 0x31 ? 0x32 : 0x31; // one digit changed
  writeFileSync(join(dir, file), bytes);
  const expected = DATASET_FILES.airfoil.sha256;
  t.throws(
    () => readDataset('airfoil', dir),
    new RegExp(`^data file ".*${file}" has SHA-256 [0-9a-f]{64}, expected ${expected} \\(corrupted or substituted\\)$`),
  );
  writeFileSync(join(dir, file), bytes.subarray(0, 5000));
  t.throws(() => readDataset('airfoil', dir), UsageError, 'a truncated copy');
  t.throws(
    () => readDataset('california', dir),
    new RegExp(
      `^data file ".*cal_housing.csv" cannot be read \\(ENOENT\\); expected SHA-256 ${DATASET_FILES.california.sha256}$`,
    ),
  );
});
