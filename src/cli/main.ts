/**
 * The approx-order command line. Each verb lives in its own module and registers itself here.
 * Exit codes: 0 success; 1 a verification verdict failed; 2 bad input (one line, no stack trace);
 * 3 an internal error or a failed cross-check (the tool never prints an unchecked result).
 */
import { Command, CommanderError } from 'commander';
import { UsageError, CheckFailedError } from '../core/errors.js';
import { TOOL_VERSION } from '../core/toolVersion.js';
import { registerAnalyzeCommand } from './analyzeCommand.js';
import { registerProveCommand } from './proveCommand.js';
import { registerConstructCommand } from './constructCommand.js';
import { registerMeasureCommand } from './measureCommand.js';
import { registerVerify } from './verifyCommand.js';
import { registerMergeCommand } from './mergeCommand.js';

/** A verb module: adds one subcommand to the program. */
export type RegisterVerb = (program: Command) => void;

const verbs: RegisterVerb[] = [
  registerAnalyzeCommand,
  registerProveCommand,
  registerConstructCommand,
  registerMeasureCommand,
  registerVerify,
  registerMergeCommand,
];

function buildProgram(): Command {
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

/** Run the CLI; resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
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
