// The library as a user meets it: `npm pack` the package, install the tarball into a fresh project
// and call verifyOrder and expectOrder from there, with a wrong claim and with unknown option keys.
//
// Deterministic and offline where it can be: the scratch project gets a lockfile built from this
// repository's package-lock.json (the same dependency versions and integrity hashes), and `npm ci
// --offline` takes every tarball from the npm cache, which `npm ci` in this checkout filled. Only
// when the cache lacks one does it fall back to the registry, for the same locked versions.
// Optional dependencies (tfjs-node, which cannot install offline) and install scripts are skipped:
// the library runs on the wasm backend without them. npm test builds dist/ before tap runs.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/cli-bundle/all.js')))
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'approx-order-packed-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));

function npm(args: string[], cwd: string) {
  return spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

t.test('the tarball holds dist/, specs/ and the bin, and no sources or tests', async (t) => {
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root);
  t.equal(packed.status, 0, packed.stderr);
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  const paths = files.map((f) => f.path);
  for (const needed of [
    'package.json',
    'bin/approx-order.js',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/cli/main.js',
    'dist/measure/measureWorker.js',
    // the CLI bundles the bin runs (scripts/build.mjs)
    'dist/cli-bundle/all.js',
    'dist/cli-bundle/analyze.js',
    'dist/cli-bundle/prove.js',
    'dist/cli-bundle/construct.js',
    'dist/cli-bundle/measure.js',
    'dist/cli-bundle/verify.js',
    'dist/cli-bundle/measureWorker.js',
    'specs/paper.json',
    'specs/schemas/spec.schema.json',
    'specs/schemas/result-record.schema.json',
    'specs/schemas/report.schema.json',
  ])
    t.ok(paths.includes(needed), `tarball has ${needed}`);
  t.same(
    paths.filter((p) => /^(src|test|bench|scripts|reports|node_modules)\//.test(p)),
    [],
    'no src/, test/, bench/, scripts/, reports/ or node_modules/',
  );
  t.ok(existsSync(join(scratch, filename)), filename);
  writeFileSync(join(scratch, 'tarball'), filename);
});

t.test('a fresh project installs the tarball and calls both functions', async (t) => {
  const project = join(scratch, 'project');
  const tarball = `file:../${readFileSync(join(scratch, 'tarball'), 'utf8')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', version: '1.0.0', dependencies: { 'approx-order': tarball } },
    'node_modules/approx-order': {
      version: pkg.version,
      resolved: tarball,
      license: pkg.license,
      dependencies: pkg.dependencies,
      optionalDependencies: pkg.optionalDependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages as Record<string, Record<string, unknown>>)) {
    if (path === '' || entry.dev) continue;
    const { devOptional, ...rest } = entry;
    packages[path] = devOptional ? { ...rest, optional: true } : rest;
  }
  execFileSync('mkdir', [project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'scratch',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: { 'approx-order': tarball },
    }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
  const install = ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=optional'];
  let installed = npm([...install, '--offline'], project);
  if (installed.status !== 0 && /ENOTCACHED/.test(installed.stderr)) {
    t.comment('npm cache incomplete: installing the same locked versions from the registry');
    installed = npm([...install, '--prefer-offline'], project);
  }
  t.equal(installed.status, 0, installed.stderr);

  writeFileSync(
    join(project, 'calls.mjs'),
    `import { verifyOrder, expectOrder, OrderExpectationError, UsageError } from 'approx-order';
const options = { unit: 'mlp', target: 'exp(x)', widths: [4, 6, 8, 12, 16, 24, 32, 48, 64], dataSize: 2000 };
const out = {};
const wrong = await verifyOrder({ ...options, order: 3 });
out.verifyWrong = [wrong.verdict.verdict, wrong.verdict.predictedSlope];
out.verifyDerived = (await verifyOrder(options)).verdict.verdict;
try { await expectOrder({ ...options, order: 3 }); out.expectWrong = 'resolved'; }
catch (e) { out.expectWrong = [e instanceof OrderExpectationError, e.message]; }
for (const [name, f, extra] of [['verifyUnknown', verifyOrder, { ordr: 3 }], ['expectUnknown', expectOrder, { bogus: 1 }]]) {
  try { await f({ ...options, ...extra }); out[name] = 'resolved'; }
  catch (e) { out[name] = [e instanceof UsageError, e.message]; }
}
console.log(JSON.stringify(out));
`,
  );
  const calls = spawnSync(process.execPath, ['calls.mjs'], { cwd: project, encoding: 'utf8' });
  t.equal(calls.status, 0, calls.stderr);
  const out = JSON.parse(calls.stdout);
  t.same(out.verifyWrong, ['FAIL', -3], 'verifyOrder with order 3 on an MLP: FAIL against slope -3');
  t.equal(out.verifyDerived, 'PASS', 'without order: the derived -2, a PASS');
  t.equal(out.expectWrong[0], true, 'expectOrder throws OrderExpectationError');
  t.match(
    out.expectWrong[1],
    /^mlp on exp\(x\) \(lsq\): FAIL: extrapolated -\d\.\d\d \[.*\] .* lies outside predicted -3\.00 \+- 0\.15: shallower/,
  );
  t.same(out.verifyUnknown[0], true, 'verifyOrder: UsageError');
  t.match(out.verifyUnknown[1], /^verifyOrder\(\): unknown option "ordr"; the options are unit, /);
  t.same(out.expectUnknown[0], true, 'expectOrder: UsageError');
  t.match(out.expectUnknown[1], /^expectOrder\(\): unknown option "bogus"; the options are unit, /);

  const bin = spawnSync(join(project, 'node_modules/.bin/approx-order'), ['verify', '--help'], {
    cwd: project,
    encoding: 'utf8',
  });
  t.equal(bin.status, 0, bin.stderr);
  t.match(bin.stdout, /\(default:\s+the\s+packaged\s+specs\/paper\.json\)/, 'the installed bin runs');
  // a verb's bundle with its lazily loaded chunks (the CAS, the exact checker) and the installed mathjs
  const analyze = spawnSync(join(project, 'node_modules/.bin/approx-order'), ['analyze', 'glu', '--json'], {
    cwd: project,
    encoding: 'utf8',
  });
  t.equal(analyze.status, 0, analyze.stderr);
  t.equal(JSON.parse(analyze.stdout).predictedSlope, -3, 'the installed bin analyses glu: slope -3');
});
