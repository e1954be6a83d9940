/**
 * The approx-order command line with every verb. Each verb lives in its own module and registers
 * itself here; cli/runProgram holds the program and its exit codes (0 success; 1 a verification
 * verdict failed; 2 bad input; 3 an internal error or a failed cross-check).
 * The installed bin runs a per-verb bundle instead (scripts/build.mjs, bin/approx-order.js): the same
 * program with only the verb on the command line registered.
 */
import { runProgram, type RegisterVerb } from './runProgram.js';
import { registerAnalyzeCommand } from './analyzeCommand.js';
import { registerProveCommand } from './proveCommand.js';
import { registerConstructCommand } from './constructCommand.js';
import { registerMeasureCommand } from './measureCommand.js';
import { registerVerify } from './verifyCommand.js';
import { registerMergeCommand } from './mergeCommand.js';
import { registerDesignCommand } from './designCommand.js';

export type { RegisterVerb } from './runProgram.js';

const verbs: RegisterVerb[] = [
  registerAnalyzeCommand,
  registerProveCommand,
  registerConstructCommand,
  registerMeasureCommand,
  registerVerify,
  registerMergeCommand,
  registerDesignCommand,
];

/** Run the CLI; resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  return runProgram(argv, verbs);
}
