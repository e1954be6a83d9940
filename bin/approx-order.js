#!/usr/bin/env node
// The package bin. It runs the CLI bundle of the verb named by the first word of the command line
// (dist/cli-bundle/<verb>.js: one file, only that verb's modules), or all.js (every verb registered)
// for --help, --version, `help` and unknown verbs. The program has no option before the verb that
// takes a value, so the first argument that does not start with "-" is the verb.
// `npm ci` builds dist/ through the `prepare` script (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The verbs are the bundles scripts/build.mjs wrote (its VERBS), so this list is not kept twice.
const argv = process.argv.slice(2);
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
