import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import { signCoseSign1 } from './sign.js';
import { verifyCoseSign1 } from './verify.js';

async function es256Key(kidByte: number) {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return { pair, kid: new Uint8Array([kidByte, 1, 2, 3]) };
}

describe('COSE_Sign1 signing and verification', () => {
  it('verifies what it signed, with the key named by kid', async () => {
    const a = await es256Key(1);
    const doc = await signCoseSign1(encodeCbor({ hello: 'world' }), {
      signer: { alg: 'ES256', privateKey: a.pair.privateKey, kid: a.kid },
      extraProtected: new Map([[3, 'application/corridor-test']]),
    });
    const r = await verifyCoseSign1(doc, [{ kid: a.kid, alg: 'ES256', key: a.pair.publicKey }]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.sign1.protectedHeader.get(3)).toBe('application/corridor-test');
  });

  it('refuses a tampered document, an unknown kid and the wrong key', async () => {
    const a = await es256Key(1);
    const b = await es256Key(2);
    const doc = await signCoseSign1(encodeCbor({ n: 1 }), {
      signer: { alg: 'ES256', privateKey: a.pair.privateKey, kid: a.kid },
    });
    const tampered = doc.slice();
    tampered[tampered.length - 70]! ^= 1;
    const keyA = { kid: a.kid, alg: 'ES256' as const, key: a.pair.publicKey };
    expect(await verifyCoseSign1(tampered, [keyA])).toMatchObject({ ok: false });
    expect(await verifyCoseSign1(doc, [{ ...keyA, kid: b.kid }])).toMatchObject({
      code: 'COSE_KEY_UNKNOWN',
    });
    expect(await verifyCoseSign1(doc, [{ ...keyA, key: b.pair.publicKey }])).toMatchObject({
      code: 'COSE_SIGNATURE_INVALID',
    });
    expect(await verifyCoseSign1(new Uint8Array([1, 2, 3]), [keyA])).toMatchObject({ ok: false });
  });
});
