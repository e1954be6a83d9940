/**
 * User text echoed in messages: every message that repeats what the user typed (a target, a unit,
 * a domain, a path, a spec key) goes through `quoteUserText`, so that a message is one line of
 * bounded length whatever the input holds.
 *
 *  - Control characters are written as escapes: C0 (NUL, tab, newline, ESC of an ANSI sequence...),
 *    DEL, C1, the Unicode line and paragraph separators, the bidirectional overrides and isolates
 *    (which can reorder what a terminal shows), and lone surrogates. `\\` and `"` are escaped
 *    inside quotes, so an escape in a message is never ambiguous.
 *  - Text longer than ECHO_LIMIT characters (after escaping) is cut there with an ellipsis, and its
 *    full length is stated.
 *
 * Examples:  quoteUserText('x\n+1')          === '"x\\n+1"'
 *            quoteUserText('x+'.repeat(3000)) === '"x+x+...x+…" (6000 characters)'   (80 characters kept)
 *            escapeControlCharacters('\u001b[31m') === '\\x1b[31m'
 * See also: cli/main (applies escapeControlCharacters to every line it prints, as a backstop).
 */

/** Characters of escaped user text a message keeps before the ellipsis. */
export const ECHO_LIMIT = 80;

const NAMED_ESCAPES = new Map<string, string>([
  ['\0', '\\0'],
  ['\b', '\\b'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\v', '\\v'],
  ['\f', '\\f'],
  ['\r', '\\r'],
]);

/**
 * C0 and C1 controls, DEL, U+2028/U+2029, bidirectional marks, embeddings, overrides and isolates,
 * zero-width no-break space and lone surrogates: anything a terminal may act on instead of showing.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/u;

function escapeCharacter(ch: string): string {
  const named = NAMED_ESCAPES.get(ch);
  if (named) return named;
  const code = ch.codePointAt(0) as number;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The pieces of `text` (one code point each), control characters escaped, and `\` and `"` too when `quote`. */
function escapedPieces(text: string, quote: boolean): string[] {
  const pieces: string[] = [];
  for (const ch of text) {
    if (CONTROL.test(ch)) pieces.push(escapeCharacter(ch));
    else if (quote && (ch === '\\' || ch === '"')) pieces.push(`\\${ch}`);
    else pieces.push(ch);
  }
  return pieces;
}

/** `text` with control characters escaped (backslashes kept as they are): safe to print, same length class. */
export function escapeControlCharacters(text: string): string {
  return CONTROL.test(text) ? escapedPieces(text, false).join('') : text;
}

/** Escaped pieces cut to at most `limit` characters (never inside an escape), and whether anything was cut. */
function clipped(pieces: readonly string[], limit: number): { text: string; cut: boolean } {
  let length = 0;
  let kept = 0;
  while (kept < pieces.length && length + pieces[kept].length <= limit) length += pieces[kept++].length;
  return { text: pieces.slice(0, kept).join(''), cut: kept < pieces.length };
}

/**
 * `text` in double quotes for a message: control characters, `\` and `"` escaped, cut to `limit`
 * characters with an ellipsis and followed by its length in characters when it was longer.
 */
export function quoteUserText(text: string, limit = ECHO_LIMIT): string {
  const { text: shown, cut } = clipped(escapedPieces(text, true), limit);
  return cut ? `"${shown}…" (${[...text].length} characters)` : `"${shown}"`;
}

/**
 * A message from a library that may contain user text (a parser's "Syntax error in part ..."): control
 * characters escaped and cut to `limit` characters with an ellipsis.
 */
export function clipMessage(text: string, limit = 2 * ECHO_LIMIT): string {
  const { text: shown, cut } = clipped(escapedPieces(text, false), limit);
  return cut ? `${shown}…` : shown;
}
