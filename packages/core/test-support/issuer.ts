import { issueHcert } from '../src/issue.js';
import type { TrustedKey, TrustSource } from '../src/trust/trust-list.js';
import type { DscCertificate } from '../src/x509/dsc.js';

/**
 * A P-256 signer for `country` and a trust source holding its public key (no X.509: a minimal
 * DSC description valid 2020–2030), for certificates issued during a test.
 */
export async function testIssuer(country: string) {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const kid = crypto.getRandomValues(new Uint8Array(8));
  const dsc: DscCertificate = {
    der: new Uint8Array(),
    subject: `CN=Test DSC ${country}, C=${country}`,
    issuer: `CN=Test CSCA ${country}, C=${country}`,
    ca: false,
    country,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    spki: new Uint8Array(),
    keyAlg: 'ES256',
    curve: 'P-256',
    extendedKeyUsage: [],
  };
  const key: TrustedKey = { kid, alg: 'ES256', key: pair.publicKey, dsc };
  const trust: TrustSource = {
    lookup: (k) => (k.length === kid.length && k.every((b, i) => b === kid[i]) ? [key] : []),
  };
  const signer = { alg: 'ES256' as const, privateKey: pair.privateKey, kid, country };
  const issue = (dcc: unknown, at: Date, days = 30) =>
    issueHcert(dcc, { signer, at, expiresAt: new Date(at.getTime() + days * 86_400_000) });
  return { trust, issue };
}
