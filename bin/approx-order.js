#!/usr/bin/env node
// The package bin. It runs the CLI bundle of the verb named by the first word of the command line
// (dist/cli-bundle/<verb>.js: one file, only that verb's modules), or all.js (every verb registered)
// for --help, --version, `help` and unknown verbs. The program has no option before the verb that
// takes a value, so the first argument that does not start with "-" is the verb.
// `npm ci` builds dist/ through the `prepare` script (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VERBS = ['analyze', 'prove', 'construct', 'measure', 'verify'];
const argv = process.argv.slice(2);
const word = argv.find((a) => !a.startsWith('-'));
const bundle = new URL(`../dist/cli-bundle/${VERBS.includes(word) ? word : 'all'}.js`, import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('approx-order: dist/ is missing; run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
const { runCli } = await import(bundle.href);
process.exitCode = await runCli(argv);
