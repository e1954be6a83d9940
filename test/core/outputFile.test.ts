import t from 'tap';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDirectory, writeFileAtomic } from '../../src/core/outputFile.js';
import { UsageError } from '../../src/core/errors.js';

t.test('ensureDirectory creates nested directories and refuses impossible ones with one line', async (t) => {
  const root = t.testdir({ file: 'x' });
  ensureDirectory(join(root, 'a', 'b', 'c'));
  t.ok(existsSync(join(root, 'a', 'b', 'c')));
  ensureDirectory(join(root, 'a', 'b', 'c')); // idempotent
  t.throws(
    () => ensureDirectory(join(root, 'file', 'sub')),
    new UsageError(
      `cannot create output directory "${join(root, 'file', 'sub')}" ("${join(root, 'file')}" is not a directory)`,
    ),
  );
  // Node's recursive mkdirSync hangs under /proc; ours must fail at once.
  t.throws(
    () => ensureDirectory('/proc/approx-order-test/x'),
    new UsageError('cannot create output directory "/proc/approx-order-test/x" (ENOENT)'),
  );
});

t.test('writeFileAtomic replaces the whole file and leaves no temporary behind', async (t) => {
  const root = t.testdir({});
  const path = join(root, 'out', 'r.json');
  writeFileAtomic(path, 'first');
  writeFileAtomic(path, 'second');
  t.equal(readFileSync(path, 'utf8'), 'second');
  t.same(readdirSync(join(root, 'out')), ['r.json']);
  writeFileSync(join(root, 'blocker'), '');
  t.throws(() => writeFileAtomic(join(root, 'blocker', 'r.json'), 'x'), /cannot create output directory/);
});
