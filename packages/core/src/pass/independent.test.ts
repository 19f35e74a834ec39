/**
 * An entry-pass verifier written from `docs/pass-format.md` alone, as another country would:
 * it imports nothing from Corridor, only WebCrypto and the web platform's DecompressionStream,
 * and checks the document's worked example. If the format or the document drifts, this fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DOC = readFileSync(new URL('../../../../docs/pass-format.md', import.meta.url), 'utf8');

function block(label: string): string {
  const m = new RegExp(`\`\`\`\\w+ ${label}\\n([\\s\\S]*?)\\n\`\`\``).exec(DOC);
  if (!m) throw new Error(`no ${label} block in docs/pass-format.md`);
  return m[1]!;
}

// --- RFC 9285 Base45 -------------------------------------------------------------------
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const c = [...text.slice(i, i + 3)].map((ch) => {
      const v = B45.indexOf(ch);
      if (v < 0) throw new Error('not Base45');
      return v;
    });
    const n = c[0]! + c[1]! * 45 + (c.length === 3 ? c[2]! * 2025 : 0);
    if (c.length === 3) out.push(n >> 8, n & 0xff);
    else out.push(n);
  }
  return Uint8Array.from(out);
}

// --- zlib (RFC 1950) through the platform ------------------------------------------------
async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (bytes.length > 64 * 1024) throw new Error('too large');
  return bytes;
}

// --- A minimal CBOR reader (RFC 8949): what the format uses, nothing more ----------------
type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { tag: number; value: Cbor };
function cbor(bytes: Uint8Array): Cbor {
  let p = 0;
  const arg = (info: number): number => {
    if (info < 24) return info;
    const n = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
    if (n < 0) throw new Error('indefinite or reserved');
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + bytes[p++]!;
    return v;
  };
  const item = (): Cbor => {
    const b = bytes[p++]!;
    const major = b >> 5;
    const n = arg(b & 31);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        p += n;
        return bytes.slice(p - n, p);
      case 3:
        p += n;
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p - n, p));
      case 4:
        return Array.from({ length: n }, item);
      case 5: {
        const m = new Map<Cbor, Cbor>();
        for (let i = 0; i < n; i++) m.set(item(), item());
        return m;
      }
      case 6:
        return { tag: n, value: item() };
      default:
        throw new Error(`major type ${major} not used by the format`);
    }
  };
  const value = item();
  if (p !== bytes.length) throw new Error('trailing bytes');
  return value;
}

/** CBOR heads for the Sig_structure (§1.4): byte and text strings, an array. */
function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  return [(major << 5) | 25, n >> 8, n & 0xff];
}
function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const context = new TextEncoder().encode('Signature1');
  return Uint8Array.from([
    ...head(4, 4),
    ...head(3, context.length),
    ...context,
    ...head(2, protectedBytes.length),
    ...protectedBytes,
    ...head(2, 0),
    ...head(2, payload.length),
    ...payload,
  ]);
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const get = (m: Cbor, k: Cbor) => (m as Map<Cbor, Cbor>).get(k);

describe('an entry-pass verifier written only from docs/pass-format.md', () => {
  it('verifies the worked example: prefix, layers, signature, window, claims and passport binding', async () => {
    const text = block('example-cp1').trim();
    expect(text.slice(0, 4)).toBe('CP1:');
    const cose = cbor(await inflate(base45(text.slice(4)))) as { tag: number; value: Cbor[] };
    expect(cose.tag).toBe(18);
    const [protectedBytes, , payload, signature] = cose.value as [
      Uint8Array,
      Cbor,
      Uint8Array,
      Uint8Array,
    ];
    const header = cbor(protectedBytes);
    expect(get(header, 1)).toBe(-7);
    expect(hex(get(header, 4) as Uint8Array)).toBe('a1b2c3d4e5f60718');

    const jwk = JSON.parse(block('example-key')) as JsonWebKey;
    const key = await crypto.subtle.importKey(
      'jwk',
      jwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const verified = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signature as BufferSource,
      sigStructure(protectedBytes, payload) as BufferSource,
    );
    expect(verified).toBe(true);

    const claims = cbor(payload);
    const at = Date.parse('2021-03-10T00:30:00Z') / 1000;
    expect(get(claims, 1)).toBe('KR');
    expect((get(claims, 5) as number) <= at && at < (get(claims, 4) as number)).toBe(true);
    const pass = get(claims, -70013)!;
    expect(get(pass, 'v')).toBe(1);
    expect(get(pass, 'dir')).toEqual(['CN', 'KR']);
    expect(get(claims, 1)).toBe((get(pass, 'dir') as string[])[1]);
    expect(get(get(pass, 'lane')!, 'id')).toBe('CN-KR-FAST-TRACK');

    // §5: the binding from the MRZ's line 2.
    const line2 = block('example-mrz').split('\n')[1]!;
    const bindingText = `${line2.slice(0, 9).replace(/<+$/, '')}|${line2.slice(10, 13)}|${line2.slice(13, 19)}`;
    expect(bindingText).toBe('EA1234567|CHN|850721');
    const pb = get(pass, 'pb')!;
    const salt = get(pb, 's') as Uint8Array;
    const input = Uint8Array.from([...salt, ...new TextEncoder().encode(bindingText)]);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
    expect(hex(digest)).toBe(hex(get(pb, 'h') as Uint8Array));
  });

  it('rejects the example with one character of the QR text changed', async () => {
    const text = block('example-cp1').trim();
    // Change a character in the middle (inside the signed payload): inflate or signature fails.
    const i = 300;
    const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    const jwk = JSON.parse(block('example-key')) as JsonWebKey;
    const key = await crypto.subtle.importKey(
      'jwk',
      jwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    let verified = false;
    try {
      const cose = cbor(await inflate(base45(changed.slice(4)))) as { value: Uint8Array[] };
      const [p, , payload, sig] = cose.value;
      verified = await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        key,
        sig as BufferSource,
        sigStructure(p!, payload!) as BufferSource,
      );
    } catch {
      verified = false;
    }
    expect(verified).toBe(false);
  });
});
