import t from 'tap';
import { bin, env, shardScratch, timingsAside } from '../fixtures/shardScratch.js';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Spawns the built CLI (dist/, built by `npm test`). Tiny specs (lsq, 400 points, widths to 40):
// each process takes a second or two.
const { dir, run, spec, lines } = shardScratch('approx-order-shard-resume-');

/** Run a shard and SIGKILL it once its records file holds its first record. */
function killAfterFirstRecord(args: string[], file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: env(), cwd: dir, stdio: 'ignore' });
    const timer = setInterval(() => {
      if (existsSync(join(dir, file)) && readFileSync(join(dir, file), 'utf8').includes('\n')) {
        child.kill('SIGKILL');
        clearInterval(timer);
      }
    }, 5);
    child.on('exit', () => {
      clearInterval(timer);
      // complete lines only: the run in flight may have left a partial last line
      resolve(readFileSync(join(dir, file), 'utf8').split('\n').length - 1);
    });
  });
}

t.test('a shard killed mid-run: merge lists its missing runs, --resume completes it, merge is clean', async (t) => {
  const long = spec('long', { seeds: 1, methods: [{ name: 'lsq', widths: '8:40:1' }] });
  t.equal(run(['verify', long, '--out', 'kill', '--shard', '1/2']).code, 0);
  const kept = await killAfterFirstRecord(
    ['verify', long, '--out', 'kill', '--shard', '2/2'],
    'kill/results-lsq.shard-2-of-2.jsonl',
  );
  const shard2 = JSON.parse(readFileSync(join(dir, 'kill/shard-2-of-2.manifest.json'), 'utf8')).jobs;
  t.ok(kept >= 1 && kept < shard2, `killed after ${kept} of its ${shard2} runs`);
  const partial = run(['merge', 'kill', '--out', 'kill-merged']);
  t.equal(partial.code, 2);
  const errLines = partial.err.trimEnd().split('\n');
  t.match(
    errLines[0],
    `approx-order: ${shard2 - kept} of 66 runs of spec "long" are in no shard's records (nothing written)`,
  );
  t.equal(errLines.length, 1 + shard2 - kept, 'one line per missing run');
  const notOneRun = errLines
    .slice(1)
    .filter((l) => !/^approx-order: {3}(mlp|glu) lsq n=\d+ seed=0 \(shard 2 of 2\)$/.test(l));
  t.same(notOneRun, [], 'each line names one run of shard 2');
  t.notOk(existsSync(join(dir, 'kill-merged', 'results-lsq.jsonl')), 'nothing written');
  const allowed = run(['merge', 'kill', '--out', 'kill-partial', '--allow-missing']);
  t.equal(allowed.code, 0, allowed.err);
  t.equal(JSON.parse(readFileSync(join(dir, 'kill-partial/merged.json'), 'utf8')).missing.length, shard2 - kept);
  const resumed = run(['verify', long, '--out', 'kill', '--shard', '2/2', '--resume']);
  t.equal(resumed.code, 0, resumed.err);
  t.equal(lines('kill/results-lsq.shard-2-of-2.jsonl').length, shard2);
  const clean = run(['merge', 'kill', '--out', 'kill-merged']);
  t.equal(clean.code, 0, clean.err);
  t.match(clean.out, /^merged 66 runs of spec "long"/);
  const whole = run(['verify', long, '--out', 'kill-whole']);
  t.equal(whole.code, 0, whole.err);
  t.equal(timingsAside(lines('kill-merged/results-lsq.jsonl')), timingsAside(lines('kill-whole/results-lsq.jsonl')));
});
