import type { CoseSigner } from '@corridor/core/cose';
import { fromBase64 } from '@corridor/core/lib';
import type { KeyStore } from '../keystore/key-store.js';
import type { SigningKeyPair } from '../pki/algorithms.js';
import type { IssuedCertificate } from '../pki/certificate.js';
import { certificateKid } from '../pki/certificate.js';
import { createCsca } from '../pki/csca.js';
import { createDsc } from '../pki/dsc.js';
import {
  createAuthorityCertificate,
  createUploadCertificate,
} from '../pki/service-certificates.js';

/** A country's keys and certificates as a national node holds them. */
export interface NodeKeys {
  country: string;
  csca: { der: Uint8Array; pem: string; keys: SigningKeyPair };
  dsc: { der: Uint8Array; pem: string; keys: SigningKeyPair; kid: Uint8Array };
  /** The DSC that signs the node's entry passes (extended key usage `entry-pass` only). */
  pass: { der: Uint8Array; pem: string; keys: SigningKeyPair; kid: Uint8Array };
  upload: { der: Uint8Array; pem: string; signer: CoseSigner };
  authority: { der: Uint8Array; pem: string; signer: CoseSigner };
}

/**
 * Loads a country's CSCA, DSCs (health certificates; entry passes), upload and authority keys from its key store, creating any
 * that are missing (certificates are kept as PEM in the keys' metadata). Idempotent: a
 * second start reuses everything.
 */
export async function ensureNodeKeys(
  store: KeyStore,
  country: string,
  now: Date,
): Promise<NodeKeys> {
  const lc = country.toLowerCase();
  const label = {
    csca: `csca-${lc}`,
    dsc: `dsc-${lc}-1`,
    pass: `dsc-${lc}-pass-1`,
    upload: `upload-${lc}`,
    authority: `authority-${lc}`,
  };
  const load = async (name: string, make: (keys: SigningKeyPair) => Promise<IssuedCertificate>) => {
    if (await store.exists(name)) {
      const record = await store.describe(name);
      const pem = String(record.metadata.certificate);
      return { pem, der: pemToDer(pem), keys: await store.get(name) };
    }
    const keys = await store.create(name, { alg: 'ES256', metadata: { country } });
    const issued = await make(keys);
    await store.updateMetadata(name, { certificate: issued.pem, kind: name.split('-')[0]! });
    return { pem: issued.pem, der: issued.der, keys };
  };
  const csca = await load(label.csca, (keys) =>
    createCsca({ country, commonName: `Corridor CSCA ${country}`, keys, now }),
  );
  const cscaSigner = { certificate: csca.der, privateKey: csca.keys.privateKey };
  const dsc = await load(label.dsc, (keys) =>
    createDsc({
      csca: cscaSigner,
      country,
      commonName: `Corridor DSC ${country} 1`,
      usages: ['vaccination', 'test', 'recovery'],
      keys,
      now,
    }),
  );
  const pass = await load(label.pass, (keys) =>
    createDsc({
      csca: cscaSigner,
      country,
      commonName: `Corridor entry passes ${country} 1`,
      usages: ['entry-pass'],
      keys,
      now,
    }),
  );
  const upload = await load(label.upload, (keys) =>
    createUploadCertificate({
      country,
      commonName: `Corridor upload ${country}`,
      keys,
      now,
      csca: cscaSigner,
    }),
  );
  const authority = await load(label.authority, (keys) =>
    createAuthorityCertificate({
      country,
      commonName: `Corridor authority ${country}`,
      keys,
      now,
      csca: cscaSigner,
    }),
  );
  const signer = async (c: { der: Uint8Array; keys: SigningKeyPair }): Promise<CoseSigner> => ({
    alg: c.keys.alg,
    privateKey: c.keys.privateKey,
    kid: await certificateKid(c.der),
  });
  return {
    country,
    csca,
    dsc: { ...dsc, kid: await certificateKid(dsc.der) },
    pass: { ...pass, kid: await certificateKid(pass.der) },
    upload: { der: upload.der, pem: upload.pem, signer: await signer(upload) },
    authority: { der: authority.der, pem: authority.pem, signer: await signer(authority) },
  };
}

function pemToDer(pem: string): Uint8Array {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error('stored certificate is not PEM');
  return fromBase64(m[1]!);
}
