import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import { HEADER_CONTENT_TYPE, signCoseSign1 } from '../cose/sign.js';
import { EMPTY_ROOT } from './hash.js';
import { MerkleLog } from './log.js';
import {
  signTreeHead,
  TREE_HEAD_CONTENT_TYPE,
  type TreeHead,
  verifyTreeHead,
} from './tree-head.js';

async function es256Key(kidByte: number) {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const kid = new Uint8Array([kidByte, 0x7c, 0x06]);
  return {
    signer: { alg: 'ES256' as const, privateKey: pair.privateKey, kid },
    key: { kid, alg: 'ES256' as const, key: pair.publicKey },
  };
}

const gateway = await es256Key(1);
const other = await es256Key(2);
/** 2024-05-01T00:00:00Z, pinned. */
const T0 = Date.UTC(2024, 4, 1);

function headOf(log: MerkleLog, timestamp = T0, logId = 'corridor-gateway'): TreeHead {
  return { logId, treeSize: log.size, rootHash: log.root(), timestamp };
}

function logOf(n: number): MerkleLog {
  const log = new MerkleLog();
  for (let i = 0; i < n; i++) log.appendLeaf(encodeCbor({ change: 'dsc-added', i }));
  return log;
}

/** Signs an arbitrary payload as if it were a tree head (same key, same content type). */
function signRaw(payload: unknown, contentType: string | null = TREE_HEAD_CONTENT_TYPE) {
  return signCoseSign1(encodeCbor(payload), {
    signer: gateway.signer,
    ...(contentType ? { extraProtected: new Map([[HEADER_CONTENT_TYPE, contentType]]) } : {}),
  });
}

describe('signed tree heads', () => {
  it('verify with the gateway key and give back the head that was signed', async () => {
    const head = headOf(logOf(37));
    const bytes = await signTreeHead(head, { signer: gateway.signer });
    const r = await verifyTreeHead(bytes, [other.key, gateway.key], { logId: 'corridor-gateway' });
    expect(r).toEqual({ ok: true, value: head });
  });

  it('round-trip any well-formed head', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          logId: fc.string({ minLength: 1, maxLength: 40 }),
          treeSize: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          rootHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
          timestamp: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        }),
        async (head) => {
          const bytes = await signTreeHead(head, { signer: gateway.signer });
          expect(await verifyTreeHead(bytes, [gateway.key])).toEqual({ ok: true, value: head });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('accept the empty tree only with the empty root', async () => {
    const empty = { logId: 'l', treeSize: 0, rootHash: EMPTY_ROOT, timestamp: T0 };
    const bytes = await signTreeHead(empty, { signer: gateway.signer });
    expect(await verifyTreeHead(bytes, [gateway.key])).toMatchObject({ ok: true });
    await expect(
      signTreeHead({ ...empty, rootHash: new Uint8Array(32) }, { signer: gateway.signer }),
    ).rejects.toThrow(TypeError);
    const forged = await signRaw({
      log_id: 'l',
      tree_size: 0,
      root_hash: new Uint8Array(32),
      timestamp: T0,
    });
    expect(await verifyTreeHead(forged, [gateway.key])).toMatchObject({
      code: 'TLOG_HEAD_MALFORMED',
    });
  });

  it('are refused when any byte is changed', async () => {
    const bytes = await signTreeHead(headOf(logOf(5)), { signer: gateway.signer });
    for (let i = 0; i < bytes.length; i++) {
      const tampered = bytes.slice();
      tampered[i]! ^= 0x01;
      const r = await verifyTreeHead(tampered, [gateway.key]);
      expect(r.ok, `byte ${i}`).toBe(false);
    }
  });

  it('are refused under another key, an unknown kid, or from another log', async () => {
    const bytes = await signTreeHead(headOf(logOf(5)), { signer: gateway.signer });
    expect(await verifyTreeHead(bytes, [other.key])).toMatchObject({ code: 'COSE_KEY_UNKNOWN' });
    expect(await verifyTreeHead(bytes, [{ ...other.key, kid: gateway.key.kid }])).toMatchObject({
      code: 'COSE_SIGNATURE_INVALID',
    });
    expect(await verifyTreeHead(bytes, [gateway.key], { logId: 'other-log' })).toEqual({
      ok: false,
      code: 'TLOG_LOG_MISMATCH',
      params: { expected: 'other-log', actual: 'corridor-gateway' },
    });
    expect(await verifyTreeHead(new Uint8Array([0xa0]), [gateway.key])).toMatchObject({
      ok: false,
    });
  });

  it('refuse another signed document of the same key (no tree-head content type)', async () => {
    const payload = { log_id: 'l', tree_size: 1, root_hash: new Uint8Array(32), timestamp: T0 };
    for (const contentType of [null, 'application/corridor-trust-bundle+cbor']) {
      const bytes = await signRaw(payload, contentType);
      expect(await verifyTreeHead(bytes, [gateway.key])).toMatchObject({
        code: 'TLOG_HEAD_MALFORMED',
      });
    }
  });

  it('refuse payloads that are not exactly { log_id, tree_size, root_hash, timestamp }', async () => {
    const good = { log_id: 'l', tree_size: 3, root_hash: new Uint8Array(32), timestamp: T0 };
    const bad: unknown[] = [
      [1, 2, 3],
      'head',
      new Map([[1, 2]]),
      { ...good, extra: 1 },
      { tree_size: 3, root_hash: new Uint8Array(32), timestamp: T0 },
      { ...good, log_id: '' },
      { ...good, log_id: 7 },
      { ...good, tree_size: -1 },
      { ...good, tree_size: 1.5 },
      { ...good, tree_size: '3' },
      { ...good, root_hash: new Uint8Array(31) },
      { ...good, root_hash: 'ab'.repeat(32) },
      { ...good, timestamp: -5 },
      { ...good, timestamp: undefined },
    ];
    expect(await verifyTreeHead(await signRaw(good), [gateway.key])).toMatchObject({ ok: true });
    for (const payload of bad) {
      const r = await verifyTreeHead(await signRaw(payload), [gateway.key]);
      expect(r, JSON.stringify(payload)).toMatchObject({ ok: false, code: 'TLOG_HEAD_MALFORMED' });
    }
  });

  it('refuse to sign a malformed head (a programming error)', async () => {
    const head = headOf(logOf(2));
    for (const wrong of [
      { ...head, logId: '' },
      { ...head, treeSize: -1 },
      { ...head, rootHash: new Uint8Array(8) },
      { ...head, timestamp: 1.5 },
    ]) {
      await expect(signTreeHead(wrong, { signer: gateway.signer })).rejects.toThrow(TypeError);
    }
  });
});
