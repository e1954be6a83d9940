/**
 * An error in what the user asked for (bad unit, target, width, spec, path).
 * The CLI prints its message as one line and exits with code 2, without a stack trace.
 * Anything else that escapes is a bug in approx-order and is reported as such.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
  /**
   * @param multiline keep the message's line breaks: only for a list of independent problems (a
   *   malformed spec, one line per schema error); any other message is printed as one line, since
   *   it may echo user text that contains newlines
   */
  constructor(
    message: string,
    readonly multiline = false,
  ) {
    super(message);
  }
}

/** Thrown when an independent cross-check of a derived identity fails: the tool never prints an unchecked result. */
export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  constructor(
    readonly step: string,
    detail: string,
  ) {
    super(`cross-check failed at step "${step}": ${detail}`);
  }
}
