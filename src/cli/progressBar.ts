/**
 * Long work shows progress: on a TTY one bar redrawn in place, `[#####.....] done/total what`, cut
 * to the terminal's width, ending with a newline when done = total. Elsewhere (a file, a pipe, CI)
 * each caller prints plain lines instead; this module only draws the bar.
 */

const BAR_WIDTH = 30;

/** Whether standard error is a terminal, where the bar is drawn. */
export function stderrIsTerminal(): boolean {
  return process.stderr.isTTY === true;
}

export function drawProgressBar(done: number, total: number, what: string): void {
  const columns = process.stderr.columns ?? 100;
  const filled = total > 0 ? Math.round((BAR_WIDTH * done) / total) : BAR_WIDTH;
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${what}`
      .padEnd(columns)
      .slice(0, columns - 1),
  );
  if (done === total) process.stderr.write('\n');
}
