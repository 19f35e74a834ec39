/**
 * A throw-away SMART Health Card issuer for tests: a P-256 key published as a JWK (kid = its
 * RFC 7638 thumbprint), and a signer that builds compact JWS cards from any header and payload
 * (also malformed ones), so each test's defect is the only one.
 */
import { deflateSync } from 'fflate';
import { defaultCrypto } from '../src/crypto/provider.js';
import { toBase64Url, utf8Encode } from '../src/lib/bytes.js';
import { jwkThumbprint } from '../src/shc/jwk.js';

export const TEST_ISS = 'https://issuer.example.org/shc';

/** An issuer key and what it publishes. */
export interface TestShcIssuer {
  iss: string;
  kid: string;
  /** The public JWK as published (kty, kid, use, alg, crv, x, y). */
  jwk: Record<string, unknown>;
  privateKey: CryptoKey;
}

/** Makes an issuer with a fresh P-256 key. */
export async function makeShcIssuer(iss = TEST_ISS): Promise<TestShcIssuer> {
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const exported = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  const x = exported.x!;
  const y = exported.y!;
  const kid = await jwkThumbprint({ x, y }, defaultCrypto());
  return {
    iss,
    kid,
    jwk: { kty: 'EC', kid, use: 'sig', alg: 'ES256', crv: 'P-256', x, y },
    privateKey: pair.privateKey,
  };
}

/** The issuer's JWK set text, with `extra` members merged into its key. */
export function jwksOf(issuer: TestShcIssuer, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ keys: [{ ...issuer.jwk, ...extra }] });
}

/** A minimal FHIR bundle: one patient and the given resources. */
export function bundle(...resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'resource:0',
        resource: {
          resourceType: 'Patient',
          name: [{ family: 'Kim', given: ['Min', 'Jun'] }],
          birthDate: '1990-05-17',
        },
      },
      ...resources.map((resource, i) => ({ fullUrl: `resource:${i + 1}`, resource })),
    ],
  };
}

/** A completed immunization with a CVX code. */
export function immunization(cvx: string, date: string, lot = 'LOT1'): Record<string, unknown> {
  return {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: cvx }] },
    patient: { reference: 'resource:0' },
    occurrenceDateTime: date,
    performer: [{ actor: { display: 'Seoul Clinic' } }],
    lotNumber: lot,
  };
}

/** A final laboratory result with a LOINC code and a SNOMED CT result. */
export function labResult(loinc: string, result: string, when: string): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'resource:0' },
    effectiveDateTime: when,
    performer: [{ display: 'Incheon Airport Lab' }],
    valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: result }] },
  };
}

/** JWT claims of a card: `iss`, `nbf`, `vc` with the health-card type and the bundle. */
export function claims(
  issuer: TestShcIssuer,
  fhirBundle: unknown,
  extra: Record<string, unknown> = {},
  vcExtra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    iss: issuer.iss,
    nbf: 1_687_450_764.5,
    vc: {
      type: ['https://smarthealth.cards#health-card'],
      credentialSubject: { fhirVersion: '4.0.1', fhirBundle },
      ...vcExtra,
    },
    ...extra,
  };
}

/** How to build one card; every part defaults to what a correct issuer writes. */
export interface CardParts {
  header?: Record<string, unknown>;
  /** The payload bytes as sent (default: raw DEFLATE of the JSON of `claims`). */
  payload?: Uint8Array;
  claims?: unknown;
  /** Replace the signature (default: a real ES256 r‖s signature). */
  signature?: Uint8Array;
}

/** Signs a compact JWS card. */
export async function signCard(issuer: TestShcIssuer, parts: CardParts): Promise<string> {
  const header = parts.header ?? { zip: 'DEF', alg: 'ES256', kid: issuer.kid };
  const payload = parts.payload ?? rawDeflate(utf8Encode(JSON.stringify(parts.claims)));
  const signingInput = `${toBase64Url(utf8Encode(JSON.stringify(header)))}.${toBase64Url(payload)}`;
  const signature =
    parts.signature ??
    new Uint8Array(
      await globalThis.crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        issuer.privateKey,
        utf8Encode(signingInput) as BufferSource,
      ),
    );
  return `${signingInput}.${toBase64Url(signature)}`;
}

/** Raw DEFLATE (RFC 1951), as SMART Health Cards use. */
export function rawDeflate(data: Uint8Array): Uint8Array {
  return deflateSync(data, { level: 9 });
}
