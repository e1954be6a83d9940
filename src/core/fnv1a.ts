/**
 * FNV-1a, 32 bits, over the UTF-16 code units of a string: a fixed, portable hash used to derive
 * seeds from labels (records' random streams, the exact checker's points), never for security.
 *
 * Examples:  fnv1a('') === 2166136261
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}
