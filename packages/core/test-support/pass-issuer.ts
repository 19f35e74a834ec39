import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import type { HcertSigner } from '../src/issue.js';
import { DscTrustList } from '../src/trust/trust-list.js';
import { OID_EXT_KEY_USAGE } from '../src/x509/oids.js';

function name(country: string, cn: string): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type, value: new AttributeValue({ printableString: value }) }),
    ]);
  return new Name([rdn('2.5.4.6', country), rdn('2.5.4.3', cn)]);
}

/**
 * A P-256 document signer of `country` with a real X.509 certificate (read by `readDsc`, so the
 * extended key usages are parsed as in production) carrying the extended key usages `ekus`,
 * valid 2020–2030, and a trust list holding it. The certificate's own signature is filler:
 * a trust list reads DSCs, it does not chain them.
 */
export async function testDocumentSigner(country: string, ekus: readonly string[]) {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const extensions =
    ekus.length === 0
      ? undefined
      : new Extensions([
          new Extension({
            extnID: OID_EXT_KEY_USAGE,
            critical: false,
            extnValue: new OctetString(AsnConvert.serialize(new ExtendedKeyUsage([...ekus]))),
          }),
        ]);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, ...crypto.getRandomValues(new Uint8Array(8))]).buffer,
    signature: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }),
    issuer: name(country, `Test CSCA ${country}`),
    validity: new Validity({
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
    }),
    subject: name(country, `Test entry-pass signer ${country}`),
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    ...(extensions ? { extensions } : {}),
  });
  const der = new Uint8Array(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }),
        signatureValue: new Uint8Array(64).buffer,
      }),
    ),
  );
  const kid = new Uint8Array(await crypto.subtle.digest('SHA-256', der)).subarray(0, 8);
  const trust = await DscTrustList.create([der]);
  const signer: HcertSigner = { alg: 'ES256', privateKey: pair.privateKey, kid, country };
  return { signer, trust, der, publicKey: pair.publicKey };
}
