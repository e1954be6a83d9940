/**
 * A file path as the reports and help texts show it: relative to the working directory when the
 * file lies inside it, so that a report says `specs/paper.json` rather than the absolute path of one
 * checkout (report.json is then the same in every checkout, and names no home directory). A path
 * outside the working directory is shown as given: `../../tmp/x.json` says no more than `/tmp/x.json`
 * and is harder to read.
 *
 * Examples:  displayPath('/work/repo/specs/paper.json')   // 'specs/paper.json' when run in /work/repo
 *            displayPath('/tmp/x.json')                   // '/tmp/x.json'
 */
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(path: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(cwd, path);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside) ? inside : path;
}
