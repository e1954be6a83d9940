/**
 * Names of the d-dimensional problems, protocols and starts (data/studyProblem builds the problems). Kept apart
 * from the data layer so that the CLI can parse and list them without loading it.
 *
 * Examples:  parseProblemName('friedman1');  parseProtocol('holdout')
 */
import { UsageError } from './errors.js';
import { quotedText } from './boxDomain.js';

export const NAMED_PROBLEMS = ['friedman1', 'friedman2', 'friedman3', 'airfoil', 'california'] as const;
export type NamedProblem = (typeof NAMED_PROBLEMS)[number];

export const PROTOCOLS = ['paper', 'holdout'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** `friedman1`... or a UsageError listing the names. */
export function parseProblemName(text: string): NamedProblem {
  if ((NAMED_PROBLEMS as readonly string[]).includes(text)) return text as NamedProblem;
  throw new UsageError(`unknown problem ${quotedText(text)}; known problems: ${NAMED_PROBLEMS.join(', ')}`);
}

export function parseProtocol(text: string): Protocol {
  if ((PROTOCOLS as readonly string[]).includes(text)) return text as Protocol;
  throw new UsageError(`unknown protocol ${quotedText(text)}; known protocols: ${PROTOCOLS.join(', ')}`);
}

/**
 * Most independent test points: at the default 100,000 the test RMSE's relative sampling error is
 * already about 0.3%; ten times more costs ten times the evaluation and (d + 1) x 8 bytes a point.
 */
/** The d-dimensional starts' names in records and reports: data-following gates (and their lsq fit), or PyTorch's default init (adam only, the paper's protocol). */
export const DDIM_INIT = 'dataq';
export type DdimInit = typeof DDIM_INIT | 'torch';

export const MAX_TEST_SIZE = 1_000_000;
