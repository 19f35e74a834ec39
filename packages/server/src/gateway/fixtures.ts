import type { CoseSigner, CoseVerificationKey } from '@corridor/core/cose';
import { generateSigningKeyPair } from '../pki/algorithms.js';
import type { IssuedCertificate } from '../pki/certificate.js';
import { certificateKid } from '../pki/certificate.js';
import { createCsca } from '../pki/csca.js';
import { createDsc, type IssuedDsc } from '../pki/dsc.js';
import {
  createAuthorityCertificate,
  createUploadCertificate,
} from '../pki/service-certificates.js';

/** A country's complete key material, as a national node holds it. */
export interface CountryKeys {
  country: string;
  csca: IssuedCertificate;
  dsc: IssuedDsc;
  upload: IssuedCertificate;
  authority: IssuedCertificate;
  uploadSigner: CoseSigner;
  authoritySigner: CoseSigner;
}

/** Creates a CSCA, a DSC for all three certificate types, and upload/authority certificates. */
export async function createCountryKeys(country: string, now: Date): Promise<CountryKeys> {
  const csca = await createCsca({ country, commonName: `Corridor CSCA ${country}`, now });
  const cscaSigner = { certificate: csca.der, privateKey: csca.keys.privateKey };
  const dsc = await createDsc({
    csca: cscaSigner,
    country,
    commonName: `Corridor DSC ${country}`,
    usages: ['vaccination', 'test', 'recovery'],
    now,
  });
  const upload = await createUploadCertificate({
    country,
    commonName: `Corridor upload ${country}`,
    now,
    csca: cscaSigner,
  });
  const authority = await createAuthorityCertificate({
    country,
    commonName: `Corridor authority ${country}`,
    now,
    csca: cscaSigner,
  });
  return {
    country,
    csca,
    dsc,
    upload,
    authority,
    uploadSigner: {
      alg: upload.keys.alg,
      privateKey: upload.keys.privateKey,
      kid: await certificateKid(upload.der),
    },
    authoritySigner: {
      alg: authority.keys.alg,
      privateKey: authority.keys.privateKey,
      kid: await certificateKid(authority.der),
    },
  };
}

/** A gateway trust anchor: the signer and the verification key verifiers pin. */
export async function createAnchor(): Promise<{ signer: CoseSigner; key: CoseVerificationKey }> {
  const keys = await generateSigningKeyPair('ES256');
  const kid = new Uint8Array(
    await crypto.subtle.digest('SHA-256', await crypto.subtle.exportKey('spki', keys.publicKey)),
  ).subarray(0, 8);
  return {
    signer: { alg: 'ES256', privateKey: keys.privateKey, kid },
    key: { kid, alg: 'ES256', key: keys.publicKey },
  };
}
