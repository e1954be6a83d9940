/**
 * The approx-order program with a given set of verbs, and its exit codes: 0 success; 1 a
 * verification verdict failed; 2 bad input (one line, no stack trace); 3 an internal error or a
 * failed cross-check (the tool never prints an unchecked result).
 * cli/main registers every verb; each per-verb bundle (scripts/build.mjs) registers only its own, so
 * that starting one verb does not load the others' modules.
 */
import { Command, CommanderError } from 'commander';
import { UsageError, CheckFailedError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { clipMessage, escapeControlCharacters } from '../core/userText.js';

/** A verb module: adds one subcommand to the program. */
export type RegisterVerb = (program: Command) => void;

/**
 * Help is wrapped at this width on a terminal, in a pipe and in the copies the build saves
 * (scripts/build.mjs), so that bin/approx-order.js can print `--help` and `<verb> --help` from the
 * saved copy without loading the program (0.1 s instead of 0.3 s) and the two are the same text.
 */
export const HELP_WIDTH = 80;

function buildProgram(verbs: readonly RegisterVerb[]): Command {
  const program = new Command('approx-order')
    .configureHelp({ helpWidth: HELP_WIDTH })
    .description('Checks approximation-order claims about relu-gated polynomial units: a proof and an experiment.')
    .version(TOOL_VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  for (const register of verbs) register(program);
  for (const command of program.commands)
    command
      .exitOverride()
      .configureOutput({ writeErr: () => undefined })
      .configureHelp({ helpWidth: HELP_WIDTH });
  return program;
}

/** Longest message printed from commander or an internal error, which may echo user text unbounded. */
const FOREIGN_MESSAGE_LIMIT = 300;

/** `text` with its line breaks kept and every other control character escaped. */
function printableLines(text: string): string {
  return text.split('\n').map(escapeControlCharacters).join('\n');
}

/** Run the program with these verbs on argv (without node and the script); resolves to the exit code. */
export async function runProgram(argv: string[], verbs: readonly RegisterVerb[]): Promise<number> {
  const program = buildProgram(verbs);
  if (argv.length === 0) {
    // No verb is a usage error: print the usage where errors go and exit 2, as `git` and `tar` do,
    // so that a script that forgot its arguments does not pass as a success.
    process.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      // commander echoes an unknown option or argument whole: clip it and escape its control characters
      process.stderr.write(
        `approx-order: ${clipMessage(err.message.replace(/^error: /, ''), FOREIGN_MESSAGE_LIMIT)}\n`,
      );
      return 2;
    }
    if (err instanceof UsageError) {
      // Messages quote user text through core/userText already; escaping here is the backstop for
      // any that does not (an ESC byte would otherwise reach the terminal). A multi-line message is
      // a list of independent problems: each is its own line with the prefix.
      const lines = err.multiline
        ? printableLines(err.message).split('\n')
        : [escapeControlCharacters(err.message.replace(/\s*[\r\n]+\s*/g, ' '))];
      process.stderr.write(lines.map((line) => `approx-order: ${line}\n`).join(''));
      return 2;
    }
    if (err instanceof CheckFailedError) {
      process.stderr.write(`approx-order: ${printableLines(err.message)}\n`);
      return 3;
    }
    const e = err as Error;
    process.stderr.write(
      `approx-order: internal error: ${clipMessage(e?.message ?? String(err), FOREIGN_MESSAGE_LIMIT)}\n`,
    );
    if (process.env.APPROX_ORDER_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    return 3;
  }
}
