import { fail, ok, type Result } from '../lib/result.js';

/**
 * Parses JSON text no deeper than `maxDepth` nested arrays/objects. The depth is measured by
 * one linear scan before `JSON.parse` runs, so a hostile 10,000-deep document costs one pass
 * over its bytes and never reaches code that walks the value recursively; text with no more
 * `{` and `[` than `maxDepth` (a card's few dozen) cannot be too deep and needs only a count.
 * Returns the reason instead of throwing.
 *
 * @example
 * parseBoundedJson('{"a":[1]}', 2) // { ok: true, value: { a: [1] } }
 * parseBoundedJson('[[[1]]]', 2)   // { ok: false, code: 'JSON', params: { reason: 'nested deeper than 2 levels' } }
 */
export function parseBoundedJson(text: string, maxDepth: number): Result<unknown, 'JSON'> {
  if (openings(text, maxDepth) > maxDepth && deeperThan(text, maxDepth)) {
    return fail('JSON', { reason: `nested deeper than ${maxDepth} levels` });
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return fail('JSON', { reason: (error as Error).message.slice(0, 120) });
  }
}

/** Whether arrays and objects nest deeper than `maxDepth` outside strings. */
function deeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump over the string to its closing quote (one not preceded by an odd run of `\`).
      let end = text.indexOf('"', i + 1);
      while (end > 0 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end < 0) break; // unterminated: JSON.parse names it
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** How many `{` and `[` `text` holds (in strings too), counted up to `limit + 1`. */
function openings(text: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf('{'); i >= 0 && n <= limit; i = text.indexOf('{', i + 1)) n++;
  for (let i = text.indexOf('['); i >= 0 && n <= limit; i = text.indexOf('[', i + 1)) n++;
  return n;
}

/** Whether the quote at `at` is escaped: preceded by an odd number of backslashes. */
function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 1;
}
