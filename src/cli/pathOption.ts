/**
 * The argument parser of every option that names a path (--out, --from-records): an empty path is
 * refused. Without it, `--out ""` wrote report files into the working directory (verify, design,
 * prove, merge: join('', name) is name) or was taken as no --out at all (measure, construct), and
 * exited 0 either way.
 *
 * Examples:  .option('--out <dir>', 'report directory', pathOption('--out'))
 */
import { UsageError } from '../core/errors.js';

export function pathOption(option: string): (text: string) => string {
  return (text) => {
    if (text === '') throw new UsageError(`${option} is empty: name a file or directory (use . for this one)`);
    return text;
  };
}
