/**
 * Names of the d-dimensional problems and protocols (data/studyProblem builds them). Kept apart
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
