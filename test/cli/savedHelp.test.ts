// `--help` and `<verb> --help` are printed by bin/approx-order.js from the copies the build saved
// (dist/cli-bundle/help/), without loading the program. The copies must be the program's own
// output, byte for byte, and every verb must have one.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../..', import.meta.url).pathname;
const VERBS = ['analyze', 'prove', 'construct', 'measure', 'verify', 'merge', 'design'];

const viaBin = (argv: string[]) =>
  spawnSync(process.execPath, ['bin/approx-order.js', ...argv], { cwd: root, encoding: 'utf8' });
// What the full program (every verb registered, not the bin's shortcut) prints for each argv, in one process.
function programHelp(argvs: string[][]): { status: number; stdout: string }[] {
  const script = `
    const { runCli } = await import('./dist/cli-bundle/all.js');
    const write = process.stdout.write.bind(process.stdout);
    const out = [];
    for (const argv of ${JSON.stringify(argvs)}) {
      let text = '';
      process.stdout.write = (chunk) => ((text += chunk), true);
      const status = await runCli(argv);
      process.stdout.write = write;
      out.push({ status, stdout: text });
    }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

t.test("the build saved a help text for the program and for every verb, each the program's own output", async (t) => {
  const saved = readdirSync(`${root}dist/cli-bundle/help`).sort();
  t.same(saved, ['approx-order.txt', ...VERBS.map((v) => `${v}.txt`)].sort());
  const topics = ['approx-order', ...VERBS];
  const printed = programHelp(topics.map((topic) => (topic === 'approx-order' ? ['--help'] : [topic, '--help'])));
  topics.forEach((topic, i) => {
    t.equal(printed[i].status, 0, topic);
    t.match(printed[i].stdout, /^Usage: approx-order/, topic);
    t.equal(
      readFileSync(`${root}dist/cli-bundle/help/${topic}.txt`, 'utf8'),
      printed[i].stdout,
      `${topic}: saved = printed`,
    );
  });
});

for (const argv of [['--help'], ['-h'], ['measure', '--help'], ['verify', '-h']]) {
  t.test(`approx-order ${argv.join(' ')} prints the program's own help`, async (t) => {
    const bin = viaBin(argv);
    const [program] = programHelp([argv]);
    t.equal(bin.status, 0, bin.stderr);
    t.equal(bin.stdout, program.stdout);
    t.equal(bin.stderr, '');
  });
}

t.test('help is wrapped at 80 columns on a terminal too (the saved copy cannot follow the width)', async (t) => {
  const r = viaBin(['measure', '--help']);
  const widest = Math.max(...r.stdout.split('\n').map((line) => line.length));
  t.ok(widest <= 80, `widest line ${widest}`);
});

t.test('an unknown verb with --help has no saved copy and gets what the program prints', async (t) => {
  const bin = viaBin(['frobnicate', '--help']);
  const [program] = programHelp([['frobnicate', '--help']]);
  t.equal(bin.status, program.status);
  t.equal(bin.stdout, program.stdout);
});
