/**
 * Bounds on the text of an expression (a target or a unit) checked before it reaches the parser:
 * mathjs parses and compiles recursively, so a long or deeply nested text overflowed the stack
 * ("Maximum call stack size exceeded", exit 3) instead of being refused.
 *
 *  - MAX_TARGET_LENGTH, MAX_UNIT_LENGTH characters. A unit has at most 12 factors (its active side's
 *    degree is at most 12), so 200 characters hold any accepted one; a target of 1000 characters is
 *    far past any function one studies this way.
 *  - MAX_NESTING: brackets ( [ { nested at most this deep. mathjs's parser overflowed Node's default
 *    stack at 262 nested parentheses, 296 nested calls sin(sin(...)) and 250 of -(-(...)) (measured,
 *    Node 20); 100 leaves that margin for the callers' own frames.
 *  - No control characters: an expression is one line of printable text (tabs and newlines would
 *    turn into mathjs statement separators or vanish from what the user sees).
 *
 * Examples:  expressionTextProblem('target', 'sin(', MAX_TARGET_LENGTH) === null
 *            expressionTextProblem('target', '', MAX_TARGET_LENGTH) === 'target is empty'
 */
import { quoteUserText } from './userText.js';

export const MAX_TARGET_LENGTH = 1000;
export const MAX_UNIT_LENGTH = 200;
export const MAX_NESTING = 100;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Deepest bracket nesting in `text`, counting ( [ { alike (an unbalanced text is the parser's to refuse). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/**
 * Why `text` cannot be parsed as a `what` ("target", "unit"), or null: empty, longer than
 * `maxLength` characters, a control character, or nested deeper than MAX_NESTING.
 */
export function expressionTextProblem(what: string, text: string, maxLength: number): string | null {
  if (text.trim() === '') return `${what} is empty`;
  const length = [...text].length;
  if (length > maxLength) return `${what} ${quoteUserText(text)} is longer than ${maxLength} characters`;
  if (CONTROL_CHARACTER.test(text))
    return `${what} ${quoteUserText(text)} contains a control character; write it on one line of printable text`;
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING)
    return `${what} ${quoteUserText(text)} nests brackets ${depth} deep; at most ${MAX_NESTING} levels are accepted`;
  return null;
}
