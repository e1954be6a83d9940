#!/usr/bin/env node
// The build (npm run build, prepare, and step 4 of npm test):
//   1. tsc -p tsconfig.json: dist/ as modules, the library (dist/index.js) and its types;
//   2. esbuild: the CLI as one ESM entry file per verb in dist/cli-bundle/ (analyze.js, prove.js,
//      construct.js, measure.js, verify.js: the program with only that verb registered), all.js
//      (every verb) for --help, --version and `help`, and measureWorker.js for the measure pool's
//      worker threads, with the chunks they share beside them;
//   3. the help texts (dist/cli-bundle/help/*.txt) that the bin prints for --help and <verb> --help.
// Why bundles: a start used to resolve and link ~700 ES modules (~1300 for analyze, which loaded
// both mathjs builds), and mathjs's main entry creates every one of its functions at import; a
// bundle start reads a few files, and esbuild keeps only the mathjs factories a verb uses (mathjs
// declares "sideEffects": false). bin/approx-order.js picks the bundle from the first word of argv.
// Left outside the bundles: @tensorflow/* (its wasm backend reads its .wasm files beside its own
// module) and vega / vega-lite (large, loaded only when verify draws its plots): each is a
// dynamic or lazily reached import resolved from node_modules at run time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const VERBS = {
  analyze: ['analyzeCommand', 'registerAnalyzeCommand'],
  prove: ['proveCommand', 'registerProveCommand'],
  construct: ['constructCommand', 'registerConstructCommand'],
  measure: ['measureCommand', 'registerMeasureCommand'],
  verify: ['verifyCommand', 'registerVerify'],
  merge: ['mergeCommand', 'registerMergeCommand'],
  design: ['designCommand', 'registerDesignCommand'],
};
const EXTERNAL = ['@tensorflow/*', 'vega', 'vega-lite'];
// CommonJS dependencies (commander, ajv, nerdamer) call require() for Node built-ins, which an ESM
// bundle has no binding for: give it one.
const BANNER =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// One build, code splitting on: each verb's entry file holds what only that verb uses, modules
// that several entries use go to shared chunks beside them, and each dynamic import (the verbs'
// pipelines, loaded after the command line is checked) is a chunk loaded when it runs. Without
// splitting, esbuild inlines dynamic imports as lazily initialised wrappers, and inside those it
// keeps every module an `export *` reaches: mathjs's eager entry files came back (0.7 s per start).
// Everything lands in dist/cli-bundle/ itself, so the modules' import.meta.url paths
// (../../package.json, ../../specs/, ./measureWorker.js) hold as they do in dist/<folder>/.
const entries = {
  ...Object.fromEntries(
    Object.entries(VERBS).map(([verb, [module, register]]) => [
      verb,
      `import { runProgram } from './src/cli/runProgram.ts';\n` +
        `import { ${register} } from './src/cli/${module}.ts';\n` +
        `export const runCli = (argv: string[]) => runProgram(argv, [${register}]);\n`,
    ]),
  ),
  all: `export { runCli } from './src/cli/main.ts';\n`,
  measureWorker: `import './src/measure/measureWorker.ts';\n`,
};
const virtualEntries = {
  name: 'verb-entries',
  setup(b) {
    b.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice('entry:'.length), namespace: 'entry' }));
    b.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({
      contents: entries[args.path],
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

rmSync(`${root}dist/cli-bundle`, { recursive: true, force: true });
await build({
  entryPoints: Object.keys(entries).map((name) => ({ in: `entry:${name}`, out: name })),
  outdir: `${root}dist/cli-bundle`,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: BANNER },
  plugins: [virtualEntries],
  logLevel: 'warning',
  legalComments: 'none',
});

// 3. The help texts bin/approx-order.js prints for `--help` and `<verb> --help` without loading the
//    program: each captured from the bundles just built (the full program, all.js), so the saved
//    copy is the program's own output (test/cli/savedHelp.test.ts compares them).
mkdirSync(`${root}dist/cli-bundle/help`);
for (const topic of ['approx-order', ...Object.keys(VERBS)]) {
  const argv = topic === 'approx-order' ? ['--help'] : [topic, '--help'];
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { runCli } = await import(${JSON.stringify(`${root}dist/cli-bundle/all.js`)});` +
        `process.exitCode = await runCli(${JSON.stringify(argv)});`,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0 || run.stdout.length === 0) {
    process.stderr.write(`build: help for ${topic} exited ${run.status}: ${run.stderr}\n`);
    process.exit(1);
  }
  writeFileSync(`${root}dist/cli-bundle/help/${topic}.txt`, run.stdout);
}
