/** Width lists: `8,16,32` or `start:stop:step` (stop inclusive), or a mix `2:10:2,16,32`. */
import { UsageError } from './errors.js';

const MAX_WIDTH = 100000;

function parseWidth(text: string, whole: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n))
    throw new UsageError(`cannot parse width "${text}" in "${whole}"; widths are integers`);
  if (n < 1) throw new UsageError(`width ${n} in "${whole}" is less than 1`);
  if (n > MAX_WIDTH) throw new UsageError(`width ${n} in "${whole}" exceeds ${MAX_WIDTH}`);
  return n;
}

/** Sorted, de-duplicated widths; throws UsageError on any width < 1 or an unparsable list. */
export function parseWidths(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const range = part.split(':');
    if (range.length === 1) {
      out.add(parseWidth(range[0], text));
    } else if (range.length === 3) {
      const [start, stop, step] = range.map((r) => parseWidth(r, text));
      if (stop < start) throw new UsageError(`range "${part}" in "${text}" is empty (stop < start)`);
      for (let n = start; n <= stop; n += step) out.add(n);
    } else {
      throw new UsageError(`cannot parse width range "${part}" in "${text}"; expected start:stop:step`);
    }
  }
  return [...out].sort((p, q) => p - q);
}
