#!/usr/bin/env node
// The package bin. It runs the CLI bundle of the verb named by the first word of the command line
// (dist/cli-bundle/<verb>.js: one file, only that verb's modules), or all.js (every verb registered)
// for --help, --version, `help` and unknown verbs. The program has no option before the verb that
// takes a value, so the first argument that does not start with "-" is the verb.
// `npm ci` builds dist/ through the `prepare` script (scripts/build.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
// `--help` and `<verb> --help` print the text the build saved from this same program
// (dist/cli-bundle/help/, scripts/build.mjs): help is wrapped at a fixed width (cli/runProgram
// HELP_WIDTH), so it is a function of the build alone, and the saved copy spares loading the program.
// Without a saved copy (an unknown verb, a build in progress) the program runs as usual.
const HELP = new Set(['--help', '-h']);
const helpTopic =
  argv.length === 1 && HELP.has(argv[0])
    ? 'approx-order'
    : argv.length === 2 && HELP.has(argv[1]) && /^[a-z]+$/.test(argv[0])
      ? argv[0]
      : null;
const savedHelp = helpTopic && new URL(`../dist/cli-bundle/help/${helpTopic}.txt`, import.meta.url);
if (savedHelp && existsSync(fileURLToPath(savedHelp))) {
  process.stdout.write(readFileSync(savedHelp));
} else {
  await runBundle();
}

/** The bundle of the verb on the command line, or all.js, run on argv. */
async function runBundle() {
  // The verbs are the bundles scripts/build.mjs wrote (its VERBS), so this list is not kept twice.
  const word = argv.find((a) => !a.startsWith('-'));
  const bundleOf = (name) => new URL(`../dist/cli-bundle/${name}.js`, import.meta.url);
  const own = word !== undefined && /^[a-z]+$/.test(word) && word !== 'all' ? bundleOf(word) : null;
  const bundle = own && existsSync(fileURLToPath(own)) ? own : bundleOf('all');
  if (!existsSync(fileURLToPath(bundle))) {
    process.stderr.write('approx-order: dist/ is missing; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  const { runCli } = await import(bundle.href);
  process.exitCode = await runCli(argv);
}
