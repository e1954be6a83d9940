// Long work shows a bar on a TTY and plain lines otherwise. util-linux `script` gives the CLI a
// pseudo-terminal; without it this test is skipped with the reason.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const command = "node bin/approx-order.js measure glu --target 'sin(4*x)' --widths 4,8,12 --method lsq > /dev/null";

t.test('a bar on a TTY', { skip: hasScript ? false : 'util-linux script is not installed' }, async (t) => {
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
  t.equal(run.status, 0);
  t.match(run.stdout, /\r\[#{10}\.{20}\] 1\/3 glu n=4/, 'first third of the bar, redrawn in place');
  t.match(run.stdout, /\r\[#{30}\] 3\/3 glu n=12/, 'full bar at the end');
});

t.test('plain lines when stderr is not a TTY', async (t) => {
  const run = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
  t.equal(run.status, 0);
  const lines = run.stderr.trim().split('\n');
  t.equal(lines.length, 3);
  t.match(lines[2], /^measure: 3\/3 glu n=12 seed=0 lsq: test RMSE \d\.\d{3}e-\d+ \(\d+\.\d\d s\)$/);
  t.notMatch(run.stderr, /\r|#/);
});

t.test('verify: a bar for each trained method on a TTY, tenth-of-sweep lines otherwise', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'approx-order-verify-bar-'));
  const spec = join(dir, 'tiny.json');
  writeFileSync(
    spec,
    JSON.stringify({
      name: 'tiny',
      units: ['mlp'],
      targets: ['sin(x)'],
      widths: '4:16:4',
      methods: [{ name: 'lsq' }],
      allowInconclusive: true,
    }),
  );
  const verify = `node bin/approx-order.js verify ${spec} --out ${join(dir, 'out')} > /dev/null`;
  if (hasScript) {
    const run = spawnSync('script', ['-qec', verify, '/dev/null'], { encoding: 'utf8' });
    t.equal(run.status, 0, run.stdout);
    t.match(run.stdout, /\r\[#{30}\] 4\/4 lsq mlp/, 'the full bar after the last lsq run (cut to the terminal width)');
  }
  const plain = spawnSync('sh', ['-c', `${verify} --resume`], { encoding: 'utf8' });
  t.equal(plain.status, 0, plain.stderr);
  t.match(plain.stderr, /^ {2}lsq 4\/4 \(resumed\): mlp n = 16$/m, 'plain progress lines without a terminal');
  t.notMatch(plain.stderr, /\r|#/);
});
