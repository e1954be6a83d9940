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

/** A verb module: adds one subcommand to the program. */
export type RegisterVerb = (program: Command) => void;

function buildProgram(verbs: readonly RegisterVerb[]): Command {
  const program = new Command('approx-order')
    .description('Checks approximation-order claims about relu-gated polynomial units: a proof and an experiment.')
    .version(TOOL_VERSION)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  for (const register of verbs) register(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => undefined });
  return program;
}

/** Run the program with these verbs on argv (without node and the script); resolves to the exit code. */
export async function runProgram(argv: string[], verbs: readonly RegisterVerb[]): Promise<number> {
  const program = buildProgram(verbs);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return 0;
      process.stderr.write(`approx-order: ${err.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      const message = err.multiline ? err.message : err.message.replace(/\s*[\r\n]+\s*/g, ' ');
      process.stderr.write(`approx-order: ${message}\n`);
      return 2;
    }
    if (err instanceof CheckFailedError) {
      process.stderr.write(`approx-order: ${err.message}\n`);
      return 3;
    }
    const e = err as Error;
    process.stderr.write(`approx-order: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.APPROX_ORDER_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    return 3;
  }
}
