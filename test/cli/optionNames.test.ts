// One name for one thing: the CLI's options carry the spec's names (commander turns --data-size
// into dataSize, the spec's key), and the old spellings are gone, not silent aliases.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerMeasureCommand } from '../../src/cli/measureCommand.js';

const root = new URL('../..', import.meta.url).pathname;
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/approx-order.js', 'measure', ...args], { cwd: root, encoding: 'utf8' });

t.test("every measure option with a spec counterpart has the spec's name", async (t) => {
  const schema = JSON.parse(readFileSync(new URL('../../specs/schemas/spec.schema.json', import.meta.url), 'utf8'));
  const specKeys = new Set([...Object.keys(schema.properties), ...Object.keys(schema.definitions.method.properties)]);
  // CLI-only: what to print and where; --target and --method are one entry of the spec's
  // `targets` and `methods` lists. --shard is per process (which part of the job list this process
  // runs). The d-dimensional options belong to table specs (src/verify/tableStudy.ts), where they
  // keep their names: a problem's "problem", "testSize", and --protocol as one entry of "protocols".
  const cliOnly = new Set(['json', 'out', 'resume', 'target', 'method', 'shard', 'problem', 'protocol', 'testSize']);
  const program = new Command();
  registerMeasureCommand(program);
  const names = program.commands[0].options.map((o) => o.attributeName());
  t.ok(names.includes('dataSize') && names.includes('maxIterations'), names.join(', '));
  for (const name of names.filter((n) => !cliOnly.has(n)))
    t.ok(specKeys.has(name), `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is the spec's "${name}"`);
});

t.test('--data-size and --max-iterations reach the records; --data and --iterations are refused', async (t) => {
  const base = ['mlp', '--target', 'sin(x)', '--widths', '4', '--method', 'lm', '--jobs', '1'];
  const r = run(...base, '--data-size', '200', '--max-iterations', '2', '--json');
  t.equal(r.status, 0, r.stderr);
  const [record] = JSON.parse(r.stdout);
  t.equal(record.data, 200, 'training points');
  t.equal(record.maxIterations, 2, 'iteration cap');
  t.ok(record.iterations <= 2, `ran ${record.iterations} iterations`);
  for (const [old, value] of [
    ['--data', '200'],
    ['--iterations', '2'],
  ]) {
    const refused = run(...base, old, value);
    t.equal(refused.status, 2, `${old}: exit 2`);
    t.equal(refused.stderr, `approx-order: unknown option '${old}'\n`);
    t.equal(refused.stdout, '');
  }
  const help = run('--help');
  t.match(help.stdout, /--data-size <N>/);
  t.match(help.stdout, /--max-iterations <K>/);
  t.notMatch(help.stdout, /--data </);
  t.notMatch(help.stdout, /--iterations </);
});
