// An --out that exists and is not a regular file (a FIFO, a character device, a symbolic link, a
// directory) is refused with exit 2 and one line, and left exactly as it was: measure (with and
// without --resume) and construct for a file, prove and verify for a directory, prove for a file it
// writes inside one (verify's report files go through the same core/outputFile.writeFilesAtomic,
// tested in test/core). And a spec named "." or ".." is refused before anything is written.
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI, spawned; several run at once to keep the suite's wall time down. */
function cli(args: readonly string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/approx-order.js'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What a path is, in enough detail to see any change: kind, device numbers, link text, contents. */
function snapshot(path: string): string {
  const s = lstatSync(path);
  if (s.isSymbolicLink()) return `link -> ${readlinkSync(path)}`;
  if (s.isDirectory()) return `directory [${readdirSync(path).sort().join(', ')}]`;
  if (s.isFIFO()) return `fifo ino ${s.ino}`;
  if (s.isCharacterDevice()) return `character device ${s.rdev} ino ${s.ino}`;
  return `file ${readFileSync(path, 'utf8')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'approx-order-out-'));
writeFileSync(join(dir, 'kept.txt'), 'the file a link points to\n');
symlinkSync('kept.txt', join(dir, 'link'));
mkdirSync(join(dir, 'folder'));
writeFileSync(join(dir, 'folder', 'inside.txt'), 'x');
const made = spawnSync('mkfifo', [join(dir, 'fifo')]);
// A device node needs root (never /dev/null itself: a node of our own in the temporary folder).
const device = spawnSync('mknod', [join(dir, 'device'), 'c', '1', '3']).status === 0;
if (made.status !== 0) throw new Error('mkfifo failed');

const kinds: Array<[name: string, kind: string]> = [
  ['fifo', 'it is a FIFO, not a regular file'],
  ['link', 'it is a symbolic link, which approx-order neither follows nor replaces (name the file it points to)'],
  ['folder', 'it is a directory, not a regular file'],
  ...(device ? [['device', 'it is a character device, not a regular file'] as [string, string]] : []),
];
const refusal = (path: string, kind: string) => `approx-order: cannot write "${path}": ${kind}; it is left as it is\n`;

t.test('measure and construct refuse an --out that is not a regular file, and leave it as it was', async (t) => {
  if (!device) t.comment('not root: no device node made, so the device case is left out');
  const before = new Map(readdirSync(dir).map((name) => [name, snapshot(join(dir, name))]));
  const sweep = ['mlp', '--target', 'x^2', '--widths', '4,8', '--method', 'lsq', '--data-size', '200'];
  const runs: Array<[what: string, path: string, kind: string, args: string[]]> = kinds.flatMap(([name, kind]) => {
    const path = join(dir, name);
    const construct = ['construct', 'mlp', '--target', 'x^2', '--widths', '4,8', '--out', path];
    return [
      [`measure --out ${name}`, path, kind, ['measure', ...sweep, '--out', path]],
      ...(name === 'folder'
        ? []
        : [[`construct --out ${name}`, path, kind, construct] as [string, string, string, string[]]]),
    ];
  });
  // --resume reads --out first: a FIFO would block the read forever, a link would be followed.
  runs.push([
    'measure --resume --out fifo',
    join(dir, 'fifo'),
    kinds[0][1],
    ['measure', ...sweep, '--out', join(dir, 'fifo'), '--resume'],
  ]);
  runs.push([
    'measure --resume --out link',
    join(dir, 'link'),
    kinds[1][1],
    ['measure', ...sweep, '--out', join(dir, 'link'), '--resume'],
  ]);
  const results = await Promise.all(runs.map(([, , , args]) => cli(args)));
  runs.forEach(([what, path, kind], i) => {
    t.equal(results[i].status, 2, `${what}: exit 2`);
    t.equal(results[i].stderr, refusal(path, kind), what);
    t.equal(results[i].stdout, '', `${what}: nothing on stdout`);
  });
  const after = new Map(readdirSync(dir).map((name) => [name, snapshot(join(dir, name))]));
  t.same(after, before, 'every entry as it was, and no lock or temporary file beside them');
});

t.test(
  'prove and verify refuse a directory --out that is a FIFO or device; prove a link where it writes',
  async (t) => {
    const spec = join(dir, 'tiny.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'tiny',
        units: ['mlp'],
        targets: ['sin(2*x)'],
        widths: '8:40:8',
        methods: [{ name: 'construct' }],
      }),
    );
    const proofs = join(dir, 'proofs');
    mkdirSync(proofs);
    symlinkSync('../kept.txt', join(proofs, 'glu.md'));
    const before = new Map(readdirSync(dir).map((name) => [name, snapshot(join(dir, name))]));
    const notDirectory = (path: string) =>
      `approx-order: cannot create output directory "${path}" ("${path}" is not a directory)\n`;
    const targets = device ? ['fifo', 'device'] : ['fifo'];
    const runs: Array<[what: string, args: string[], stderr: string]> = [
      ...targets.flatMap((name): Array<[string, string[], string]> => [
        [`prove --out ${name}`, ['prove', 'mlp', '--out', join(dir, name)], notDirectory(join(dir, name))],
        [`verify --out ${name}`, ['verify', spec, '--out', join(dir, name)], notDirectory(join(dir, name))],
      ]),
      // Every path is checked before anything is proved or written: mlp.md is not written either.
      [
        'prove, DIR/glu.md a link',
        ['prove', 'mlp', 'glu', '--out', proofs],
        refusal(join(proofs, 'glu.md'), kinds[1][1]),
      ],
    ];
    const results = await Promise.all(runs.map(([, args]) => cli(args)));
    runs.forEach(([what, , stderr], i) => {
      t.equal(results[i].status, 2, `${what}: exit 2`);
      t.equal(results[i].stderr, stderr, what);
    });
    const after = new Map(readdirSync(dir).map((name) => [name, snapshot(join(dir, name))]));
    t.same(after, before, 'every entry as it was');
  },
);

t.test('a spec named "." or ".." is refused before anything is written', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'approx-order-spec-name-'));
  for (const name of ['.', '..']) {
    const spec = join(cwd, `spec${name.length}.json`);
    writeFileSync(
      spec,
      JSON.stringify({ name, units: ['mlp'], targets: ['x^2'], widths: '8:16:8', methods: [{ name: 'construct' }] }),
    );
    const r = await cli(['verify', spec], cwd);
    t.equal(r.status, 2, `name "${name}": exit 2`);
    t.equal(
      r.stderr,
      // The spec is named relative to the working directory (core/displayPath).
      `approx-order: spec${name.length}.json: /name: "${name}" is not a plain file-name component (the report goes to reports/<name>/); use letters, digits, '.', '_' and '-', not only dots\n`,
    );
  }
  t.same(readdirSync(cwd).sort(), ['spec1.json', 'spec2.json'], 'no reports/ folder was made');
});
