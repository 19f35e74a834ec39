import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LineChunk, MAX_LINE_BYTES, readChunks } from './verify-batch.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function collect(pieces: (string | Uint8Array)[], perChunk: number): Promise<LineChunk[]> {
  async function* stream() {
    for (const p of pieces) yield typeof p === 'string' ? enc.encode(p) : p;
  }
  const out: LineChunk[] = [];
  for await (const c of readChunks(stream(), perChunk)) out.push(c);
  return out;
}

/** The lines a worker would see: each chunk's text split at LF, `lines` of them. */
function linesOf(chunks: LineChunk[]): string[] {
  return chunks.flatMap((c) => dec.decode(c.bytes).split('\n', c.lines));
}

describe('readChunks (cutting --batch input for the workers)', () => {
  it('cuts whole lines into chunks of the given size, even when lines span reads', async () => {
    const chunks = await collect(['a1\na', '2\na3\n', 'a4\na5', '\n'], 2);
    expect(chunks.map((c) => c.lines)).toEqual([2, 2, 1]);
    expect(chunks.map((c) => dec.decode(c.bytes))).toEqual(['a1\na2\n', 'a3\na4\n', 'a5\n']);
    // Every chunk owns its whole buffer, so it can be transferred.
    for (const c of chunks) expect(c.bytes.byteLength).toBe(c.bytes.buffer.byteLength);
  });

  it('counts a last line without LF, and keeps blank lines in the middle', async () => {
    expect(linesOf(await collect(['x\n\n  \ny'], 10))).toEqual(['x', '', '  ', 'y']);
  });

  it('drops blank lines at the very end, CRLF or not, however the reads fall', async () => {
    expect(linesOf(await collect(['x\r\ny\r\n\r\n', '  \n', '\t'], 10))).toEqual(['x\r', 'y\r']);
    expect(linesOf(await collect(['x\n', '\n'], 1))).toEqual(['x']);
    expect(await collect(['\n\n \r\n'], 1)).toEqual([]);
    expect(await collect([], 1)).toEqual([]);
    expect(await collect([''], 1)).toEqual([]);
  });

  it('does not cut a chunk after a blank line, so trailing blanks can still be dropped', async () => {
    const chunks = await collect(['a\n\n', '\nb\n\n'], 1);
    expect(chunks.map((c) => dec.decode(c.bytes))).toEqual(['a\n', '\n\nb\n']);
    expect(linesOf(chunks)).toEqual(['a', '', '', 'b']);
  });

  it('cuts an over-long line at the cap, whatever the reads, and keeps the lines after it', async () => {
    const long = 'A'.repeat(3 * MAX_LINE_BYTES);
    const text = `${long}\nHC1:next\n${long}`;
    for (const size of [text.length, 10_000, 4096 + 7]) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      const lines = linesOf(await collect(pieces, 250));
      expect(lines.map((l) => l.length)).toEqual([MAX_LINE_BYTES + 1, 8, MAX_LINE_BYTES + 1]);
      expect(lines[1]).toBe('HC1:next');
    }
  });

  it('ends a chunk at a line end once it holds 1 MiB, however many lines that is', async () => {
    const line = `${'B'.repeat(10_000)}\n`;
    const chunks = await collect(
      Array.from({ length: 300 }, () => line),
      250,
    );
    const per = Math.ceil((1024 * 1024) / line.length);
    expect(chunks.map((c) => c.lines)).toEqual([per, per, 300 - 2 * per]);
    for (const c of chunks) expect(c.bytes.length).toBeLessThan(1024 * 1024 + line.length);
  });

  it('agrees with splitting the whole text, for any text cut into any reads', async () => {
    const text = fc.string({
      unit: fc.constantFrom('H', 'C', '1', ':', ' ', '\r', '\n', '\t', 'é'),
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(fc.nat(80)),
        fc.integer({ min: 1, max: 4 }),
        async (t, cuts, n) => {
          // Cut the bytes, not the text: a read may end inside a UTF-8 sequence.
          const bytes = enc.encode(t);
          const at = [...new Set(cuts.filter((c) => c < bytes.length))].sort((a, b) => a - b);
          const pieces = [0, ...at].map((from, i) => bytes.slice(from, at[i] ?? bytes.length));
          const expected = t.split('\n');
          while (expected.length > 0 && /^[ \t\r]*$/.test(expected.at(-1)!)) expected.pop();
          const chunks = await collect(pieces, n);
          expect(linesOf(chunks)).toEqual(expected);
          for (const c of chunks.slice(0, -1)) expect(c.lines).toBeGreaterThanOrEqual(n);
        },
      ),
      { numRuns: 500 },
    );
  });
});
