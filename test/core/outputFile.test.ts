import t from 'tap';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import { join } from 'node:path';
import { checkOutputFile, ensureDirectory, writeFileAtomic, writeFilesAtomic } from '../../src/core/outputFile.js';
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

t.test('checkOutputFile: absent or a regular file passes; a link, directory or FIFO is refused by lstat', async (t) => {
  const root = t.testdir({
    file: 'x',
    dir: {},
    link: t.fixture('symlink', 'file'),
    dangling: t.fixture('symlink', 'gone'),
  });
  t.equal(checkOutputFile(join(root, 'missing')), null);
  t.equal(
    checkOutputFile(join(root, 'missing', 'deeper')),
    null,
    'a missing directory is for ensureDirectory to report',
  );
  t.ok(checkOutputFile(join(root, 'file'))?.isFile());
  for (const name of ['link', 'dangling'])
    t.throws(() => checkOutputFile(join(root, name)), {
      message: `cannot write "${join(root, name)}": it is a symbolic link, which approx-order neither follows nor replaces (name the file it points to); it is left as it is`,
    });
  t.throws(() => checkOutputFile(join(root, 'dir')), {
    message: `cannot write "${join(root, 'dir')}": it is a directory, not a regular file; it is left as it is`,
  });
  t.equal(spawnSync('mkfifo', [join(root, 'fifo')]).status, 0, 'mkfifo');
  t.throws(() => writeFileAtomic(join(root, 'fifo'), 'x'), {
    message: `cannot write "${join(root, 'fifo')}": it is a FIFO, not a regular file; it is left as it is`,
  });
  t.ok(lstatSync(join(root, 'fifo')).isFIFO(), 'the FIFO is still there');
  t.equal(readlinkSync(join(root, 'link')), 'file', 'the link is still a link');
  t.equal(readFileSync(join(root, 'file'), 'utf8'), 'x');
  // As a directory a link is followed; one that leads nowhere is not a directory.
  t.throws(() => ensureDirectory(join(root, 'dangling')), {
    message: `cannot create output directory "${join(root, 'dangling')}" ("${join(root, 'dangling')}" is not a directory)`,
  });
});

t.test('writeFileAtomic keeps the permission bits of the file it replaces and writes a new inode', async (t) => {
  const root = t.testdir({ 'r.json': 'old' });
  const path = join(root, 'r.json');
  chmodSync(path, 0o640);
  const before = statSync(path);
  writeFileAtomic(path, 'new');
  const after = statSync(path);
  t.equal(after.mode & 0o777, 0o640);
  t.not(after.ino, before.ino, 'renamed over, not rewritten in place');
  t.equal(readFileSync(path, 'utf8'), 'new');
});

t.test('writeFilesAtomic checks every path before writing any', async (t) => {
  const root = t.testdir({ 'a.md': 'old a', 'b.md': t.fixture('symlink', 'a.md') });
  t.throws(
    () =>
      writeFilesAtomic([
        [join(root, 'a.md'), 'new a'],
        [join(root, 'b.md'), 'new b'],
      ]),
    { message: /^cannot write ".*b\.md": it is a symbolic link/ },
  );
  t.equal(readFileSync(join(root, 'a.md'), 'utf8'), 'old a', 'a.md was not written');
  t.same(readdirSync(root).sort(), ['a.md', 'b.md']);
});
