/**
 * A throw-away ICAO PKI for VDS-NC tests: a CSCA, barcode signer certificates (BSC) with the
 * VDS-NC extended key usage and a document type list, CRLs, and seals signed over their RFC
 * 8785 canonical form. Built with WebCrypto and @peculiar/asn1-x509, like `hostile.ts`.
 */
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  CertificateList,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { toBase64Url, utf8Encode } from '../src/lib/bytes.js';
import { canonicalizeJson } from '../src/vds-nc/jcs.js';

const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const subtle = globalThis.crypto.subtle;

/** A certificate and its private key. */
export interface TestCertificate {
  der: Uint8Array;
  name: Name;
  privateKey: CryptoKey;
}

export type TestCurve = 'P-256' | 'P-384' | 'P-521';

function name(country: string, cn: string): Name {
  const rdn = (type: string, value: AttributeValue) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  return new Name([
    rdn('2.5.4.6', new AttributeValue({ printableString: country })),
    rdn('2.5.4.3', new AttributeValue({ utf8String: cn })),
  ]);
}

/** DER of `SEQUENCE { INTEGER 0, SET OF PrintableString }`: ICAO's document type list. */
function documentTypeList(types: string[]): ArrayBuffer {
  const strings = types.flatMap((t) => [0x13, t.length, ...[...t].map((c) => c.charCodeAt(0))]);
  const set = [0x31, strings.length, ...strings];
  const seq = [0x02, 0x01, 0x00, ...set];
  return new Uint8Array([0x30, seq.length, ...seq]).buffer;
}

function ecdsaRawToDer(raw: Uint8Array): ArrayBuffer {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const body = b[i]! & 0x80 ? [0, ...b.subarray(i)] : [...b.subarray(i)];
    return [0x02, body.length, ...body];
  };
  const seq = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))];
  return new Uint8Array([0x30, seq.length, ...seq]).buffer;
}

async function signTbs(key: CryptoKey, tbs: Uint8Array): Promise<ArrayBuffer> {
  const raw = new Uint8Array(
    await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, tbs as BufferSource),
  );
  return ecdsaRawToDer(raw);
}

async function keyPair(curve: TestCurve): Promise<CryptoKeyPair> {
  return (await subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

interface CertificateOptions {
  subject: Name;
  issuer: Name;
  issuerKey?: CryptoKey;
  serial: number;
  notBefore: Date;
  notAfter: Date;
  extensions: Extension[];
  curve: TestCurve;
}

async function makeCertificate(options: CertificateOptions): Promise<TestCertificate> {
  const pair = await keyPair(options.curve);
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const algorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([options.serial]).buffer,
    signature: algorithm,
    issuer: options.issuer,
    validity: new Validity({ notBefore: options.notBefore, notAfter: options.notAfter }),
    subject: options.subject,
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    extensions: new Extensions(options.extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: await signTbs(options.issuerKey ?? pair.privateKey, tbsDer),
  });
  return {
    der: new Uint8Array(AsnConvert.serialize(cert)),
    name: options.subject,
    privateKey: pair.privateKey,
  };
}

/** A self-signed P-256 CSCA of `country` (alpha-2), valid 2020–2035. */
export function makeCsca(country = 'UT', cn = 'Test CSCA'): Promise<TestCertificate> {
  const subject = name(country, cn);
  return makeCertificate({
    subject,
    issuer: subject,
    serial: 1,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    curve: 'P-256',
    extensions: [
      new Extension({
        extnID: '2.5.29.19',
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: true }))),
      }),
    ],
  });
}

/** What a barcode signer certificate carries; defaults make a valid `NV` signer of `UT`. */
export interface BscOptions {
  country?: string;
  serial?: number;
  curve?: TestCurve;
  documentTypes?: string[] | null;
  eku?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

/** A barcode signer certificate issued by `csca`. */
export function makeBsc(csca: TestCertificate, options: BscOptions = {}): Promise<TestCertificate> {
  const extensions: Extension[] = [];
  if (options.eku !== false) {
    extensions.push(
      new Extension({
        extnID: '2.5.29.37',
        critical: true,
        extnValue: new OctetString(
          AsnConvert.serialize(new ExtendedKeyUsage(['2.23.136.1.1.14.2'])),
        ),
      }),
    );
  }
  if (options.documentTypes !== null) {
    extensions.push(
      new Extension({
        extnID: '2.23.136.1.1.6.2',
        extnValue: new OctetString(documentTypeList(options.documentTypes ?? ['NV'])),
      }),
    );
  }
  return makeCertificate({
    subject: name(options.country ?? 'UT', 'Test BSC'),
    issuer: csca.name,
    issuerKey: csca.privateKey,
    serial: options.serial ?? 0x42,
    notBefore: options.notBefore ?? new Date('2021-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2031-01-01T00:00:00Z'),
    curve: options.curve ?? 'P-256',
    extensions,
  });
}

/** A CRL of `csca` listing `revoked` serial numbers, valid 2021-01-01 to 2022-01-01. */
export async function makeCrl(csca: TestCertificate, revoked: number[] = []): Promise<Uint8Array> {
  const algorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm,
    issuer: csca.name,
    thisUpdate: new Time(new Date('2021-01-01T00:00:00Z')),
    nextUpdate: new Time(new Date('2022-01-01T00:00:00Z')),
    ...(revoked.length > 0
      ? {
          revokedCertificates: revoked.map(
            (serial) =>
              new RevokedCertificate({
                userCertificate: new Uint8Array([serial]).buffer,
                revocationDate: new Time(new Date('2021-02-01T00:00:00Z')),
              }),
          ),
        }
      : {}),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const list = new CertificateList({
    tbsCertList: tbs,
    signatureAlgorithm: algorithm,
    signature: await signTbs(csca.privateKey, tbsDer),
  });
  return new Uint8Array(AsnConvert.serialize(list));
}

const HASH = { ES256: 'SHA-256', ES384: 'SHA-384', ES512: 'SHA-512' } as const;

/** A seal over `data`, signed by `bsc` with `alg` (raw r‖s over JCS(data)), as JSON text. */
export async function signSeal(
  data: unknown,
  bsc: TestCertificate,
  alg: keyof typeof HASH = 'ES256',
): Promise<string> {
  const signature = new Uint8Array(
    await subtle.sign(
      { name: 'ECDSA', hash: HASH[alg] },
      bsc.privateKey,
      utf8Encode(canonicalizeJson(data)) as BufferSource,
    ),
  );
  return JSON.stringify({
    data,
    sig: { alg, cer: toBase64Url(bsc.der), sigvl: toBase64Url(signature) },
  });
}
