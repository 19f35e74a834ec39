import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/encode.js';
import { Tagged } from '../cbor/tagged.js';
import { sigStructure } from '../cose/sign1.js';
import { utf8Encode } from '../lib/bytes.js';
import type { Report } from '../report/report.js';
import { encodeBase32 } from './base32.js';
import { NzcpTrust, NzcpTrustError } from './trust.js';
import { verifyNzcp } from './verify.js';

const ISS = 'did:web:issuer.example.nz';
const AT = new Date('2024-01-01T00:00:00Z');
const subtle = globalThis.crypto.subtle;

let keys: CryptoKeyPair;
let jwk: JsonWebKey;
let trust: NzcpTrust;

/** A DID document with `key-1` (usable), `key-2` (not for assertions), `key-3` (private d). */
function didDocument(overrides: Record<string, unknown> = {}) {
  const publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  return JSON.stringify({
    '@context': 'https://w3.org/ns/did/v1',
    id: ISS,
    verificationMethod: [
      { id: '#key-1', controller: ISS, type: 'JsonWebKey2020', publicKeyJwk: publicJwk },
      { id: `${ISS}#key-2`, controller: ISS, type: 'JsonWebKey2020', publicKeyJwk: publicJwk },
      { id: `${ISS}#key-3`, controller: ISS, type: 'JsonWebKey2020', publicKeyJwk: jwk },
      { id: `${ISS}#key-4`, controller: ISS, type: 'Ed25519VerificationKey2018' },
    ],
    assertionMethod: [`${ISS}#key-1`, '#key-3', `${ISS}#key-4`],
    ...overrides,
  });
}

interface PassOptions {
  kid?: string | Uint8Array | null;
  alg?: number;
  tag?: number | null;
  claims?: Map<unknown, unknown>;
  vc?: Record<string, unknown>;
}

function claims(vc?: Record<string, unknown>): Map<unknown, unknown> {
  return new Map<unknown, unknown>([
    [1, ISS],
    [5, 1_700_000_000],
    [4, 1_800_000_000],
    [7, new Uint8Array(16).fill(0xab)],
    [
      'vc',
      vc ?? {
        '@context': [
          'https://www.w3.org/2018/credentials/v1',
          'https://nzcp.covid19.health.nz/contexts/v1',
        ],
        version: '1.0.0',
        type: ['VerifiableCredential', 'PublicCovidPass'],
        credentialSubject: { givenName: 'Aroha', familyName: 'Ngata', dob: '1985-02-03' },
      },
    ],
  ]);
}

/** A pass signed with `keys`, its defects only those asked for. */
async function makePass(options: PassOptions = {}): Promise<string> {
  const header = new Map<number, unknown>([[1, options.alg ?? -7]]);
  if (options.kid !== null) header.set(4, options.kid ?? 'key-1');
  const protectedBytes = encodeCbor(header);
  const payload = encodeCbor(options.claims ?? claims(options.vc));
  const signature = new Uint8Array(
    await subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      keys.privateKey,
      sigStructure(protectedBytes, payload) as BufferSource,
    ),
  );
  const parts = [protectedBytes, new Map(), payload, signature];
  const cose = options.tag === null ? parts : new Tagged(options.tag ?? 18, parts);
  return `NZCP:/1/${encodeBase32(encodeCbor(cose))}`;
}

const codes = (report: Report) => report.findings.map((f) => f.code);

beforeAll(async () => {
  keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  jwk = await subtle.exportKey('jwk', keys.privateKey);
  trust = await NzcpTrust.create({
    didDocuments: [didDocument()],
    trustedIssuers: [{ iss: ISS, country: 'NZ' }],
  });
});

describe('verifyNzcp on passes signed here', () => {
  it('accepts a text kid (as the spec text says) without any finding', async () => {
    const report = await verifyNzcp(await makePass(), { trust, at: AT });
    expect(codes(report)).toEqual([]);
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      issuer: 'NZ',
      issuerId: ISS,
      kid: 'key-1',
      jti: 'urn:uuid:abababab-abab-abab-abab-abababababab',
      holder: { givenName: 'Aroha', familyName: 'Ngata', dateOfBirth: '1985-02-03' },
    });
  });

  it('accepts the kid as a byte string (as the examples encode it), with an info finding', async () => {
    const report = await verifyNzcp(await makePass({ kid: utf8Encode('key-1') }), {
      trust,
      at: AT,
    });
    expect(report.status).toBe('valid');
    expect(codes(report)).toEqual(['NZCP_KID_BYTE_STRING']);
  });

  it('refuses a pass without kid, with another algorithm, or without tag 18', async () => {
    expect(codes(await verifyNzcp(await makePass({ kid: null }), { trust, at: AT }))).toEqual([
      'NZCP_KID_MISSING',
    ]);
    const ps256 = await verifyNzcp(await makePass({ alg: -37 }), { trust, at: AT });
    expect(codes(ps256)).toEqual(['NZCP_ALG_UNSUPPORTED']);
    expect(ps256.steps.signature).toBeUndefined();
    expect(codes(await verifyNzcp(await makePass({ tag: null }), { trust, at: AT }))).toEqual([
      'NZCP_COSE_INVALID',
    ]);
    expect(codes(await verifyNzcp(await makePass({ tag: 61 }), { trust, at: AT }))).toEqual([
      'CBOR_NOT_STRICT',
    ]);
  });

  it('resolves keys only under assertionMethod, as JsonWebKey2020 public P-256 keys', async () => {
    const run = async (kid: string) =>
      verifyNzcp(await makePass({ kid }), { trust, at: AT }).then(codes);
    expect(await run('key-2')).toEqual(['NZCP_KEY_NOT_ASSERTION']);
    expect(await run('key-3')).toEqual(['NZCP_KEY_UNUSABLE']);
    expect(await run('key-4')).toEqual(['NZCP_KEY_UNUSABLE']);
    expect(await run('key-9')).toEqual(['NZCP_KEY_NOT_FOUND']);
  });

  it('needs the DID document of a trusted issuer', async () => {
    const noDocument = await NzcpTrust.create({ didDocuments: [], trustedIssuers: [ISS] });
    const report = await verifyNzcp(await makePass(), { trust: noDocument, at: AT });
    expect(codes(report)).toEqual(['NZCP_KEY_NOT_FOUND']);
    expect(report.findings[0]?.params).toMatchObject({ reason: 'no DID document for the issuer' });
  });

  it('lists every broken claim and credential rule in one report', async () => {
    const broken = claims({
      '@context': ['https://example.org/other'],
      version: '2.0.0',
      type: ['VerifiableCredential', 'PrivateCovidPass'],
      credentialSubject: { familyName: 'Ngata', dob: '1985-02-30' },
    });
    broken.set(1, 'did:key:z6Mk');
    broken.delete(7);
    broken.set(5, 1.5);
    const report = await verifyNzcp(await makePass({ claims: broken }), { trust, at: AT });
    expect(report.status).toBe('invalid');
    expect(codes(report)).toEqual([
      'NZCP_CLAIMS_INVALID', // iss not did:web
      'NZCP_CLAIMS_INVALID', // nbf not an integer
      'NZCP_CLAIMS_INVALID', // cti missing
      'NZCP_CREDENTIAL_INVALID', // @context
      'NZCP_CREDENTIAL_INVALID', // pass type
      'NZCP_CREDENTIAL_INVALID', // version
      'NZCP_CREDENTIAL_INVALID', // givenName
      'NZCP_CREDENTIAL_INVALID', // dob
      'NZCP_ISSUER_UNTRUSTED',
    ]);
  });

  it('treats nbf as inclusive and exp as exclusive', async () => {
    const pass = await makePass();
    const at = (seconds: number) => new Date(seconds * 1000);
    expect((await verifyNzcp(pass, { trust, at: at(1_700_000_000) })).status).toBe('valid');
    expect(codes(await verifyNzcp(pass, { trust, at: at(1_699_999_999) }))).toEqual([
      'NZCP_NOT_ACTIVE',
    ]);
    expect(codes(await verifyNzcp(pass, { trust, at: at(1_800_000_000) }))).toEqual([
      'NZCP_EXPIRED',
    ]);
  });

  it('refuses unreadable trust material with NzcpTrustError', async () => {
    const bad = [
      { didDocuments: ['not json'], trustedIssuers: [] },
      { didDocuments: [JSON.stringify({ id: 'did:key:abc' })], trustedIssuers: [] },
      { didDocuments: [], trustedIssuers: ['https://issuer.example.nz'] },
      { didDocuments: [], trustedIssuers: [{ iss: ISS, country: 'NZL' }] },
    ];
    for (const input of bad) {
      await expect(NzcpTrust.create(input)).rejects.toBeInstanceOf(NzcpTrustError);
    }
  });
});
