import type { CryptoProvider, SignatureAlg } from '../crypto/provider.js';
import { toHex } from '../lib/bytes.js';
import { isCrlSignedBy, isSignedBy } from '../x509/chain.js';
import { type CertificateRevocationList, readCrl } from '../x509/crl.js';
import { type DscCertificate, readDsc } from '../x509/dsc.js';

/** The raw, published forms VDS-NC trust is built from (ICAO PKD / master list members). */
export interface VdsNcTrustInput {
  /** Country Signing CA certificates: DER bytes, PEM or base64 text. */
  cscas: readonly (Uint8Array | string)[];
  /** The CSCAs' CRLs, DER. Each must be signed by a supplied CSCA. */
  crls?: readonly Uint8Array[];
}

/** A trusted CSCA and its newest CRL. */
export interface VdsNcAnchor {
  csca: DscCertificate;
  crl?: CertificateRevocationList;
}

/** Trust material that cannot be used (operator input, so it throws). */
export class VdsNcTrustError extends Error {
  readonly code = 'VDS_TRUST_INVALID';
}

/** Chain checks remembered per signer certificate (a state has few barcode signers). */
const MAX_CACHED_CHAINS = 256;

/**
 * The CSCAs a verifier trusts for VDS-NC seals and their CRLs. Barcode signer certificates
 * arrive inside each seal (`sig.cer`); they are accepted only if signed by one of these
 * CSCAs (issuer name and signature), which the verification reports on. A CRL is attached to
 * the CSCA that signed it; one that no supplied CSCA signed is refused here.
 *
 * @example
 * const trust = await VdsNcTrust.create({ cscas: [cscaDer], crls: [crlDer] });
 */
export class VdsNcTrust {
  private readonly chains = new Map<string, VdsNcAnchor | null>();
  private readonly keys = new Map<
    string,
    { crypto: CryptoProvider; key: Promise<unknown | undefined> }
  >();

  private constructor(private readonly anchors: readonly VdsNcAnchor[]) {}

  /** Reads the CSCAs and CRLs and checks each CRL's signature; throws {@link VdsNcTrustError}. */
  static async create(input: VdsNcTrustInput): Promise<VdsNcTrust> {
    const anchors: VdsNcAnchor[] = [];
    for (const raw of input.cscas) {
      try {
        anchors.push({ csca: readDsc(raw) });
      } catch (error) {
        throw new VdsNcTrustError(`CSCA: ${(error as Error).message}`);
      }
    }
    for (const der of input.crls ?? []) {
      let crl: CertificateRevocationList;
      try {
        crl = readCrl(der);
      } catch (error) {
        throw new VdsNcTrustError(`CRL: ${(error as Error).message}`);
      }
      let signer: VdsNcAnchor | undefined;
      for (const anchor of anchors) {
        if (anchor.csca.subject === crl.issuer && (await isCrlSignedBy(der, anchor.csca.der))) {
          signer = anchor;
          break;
        }
      }
      if (!signer) {
        throw new VdsNcTrustError(`CRL of ${crl.issuer} is not signed by any supplied CSCA`);
      }
      if (!signer.crl || signer.crl.thisUpdate < crl.thisUpdate) signer.crl = crl;
    }
    return new VdsNcTrust(anchors);
  }

  /** The trusted CSCAs, with their CRLs. */
  get cscas(): readonly VdsNcAnchor[] {
    return this.anchors;
  }

  /**
   * The barcode signer's public key, imported once per key and crypto provider: importing it
   * for every seal cost twice the signature check itself (profile of `bench verify --format
   * vds-nc`). The key is the certificate's SubjectPublicKeyInfo, so a cached handle is exactly
   * what a fresh import would give; the signer's chain is still checked for every seal.
   */
  signerKey(
    signer: DscCertificate,
    alg: SignatureAlg,
    crypto: CryptoProvider,
  ): Promise<unknown | undefined> {
    const id = `${alg} ${signer.curve ?? ''} ${toHex(signer.spki)}`;
    const known = this.keys.get(id);
    if (known && known.crypto === crypto) return known.key;
    if (this.keys.size >= MAX_CACHED_CHAINS) this.keys.clear();
    const key = crypto.importPublicKey(signer.spki, alg, signer.curve);
    this.keys.set(id, { crypto, key });
    return key;
  }

  /**
   * The CSCA that issued `signer`: its subject is the signer's issuer and its key verifies the
   * signer's signature. `undefined` when no trusted CSCA did.
   */
  async issuerOf(signer: DscCertificate): Promise<VdsNcAnchor | undefined> {
    const id = toHex(signer.der);
    const known = this.chains.get(id);
    if (known !== undefined) return known ?? undefined;
    let found: VdsNcAnchor | undefined;
    for (const anchor of this.anchors) {
      if (anchor.csca.subject !== signer.issuer) continue;
      if (await isSignedBy(signer.der, anchor.csca.der)) {
        found = anchor;
        break;
      }
    }
    if (this.chains.size >= MAX_CACHED_CHAINS) this.chains.clear();
    this.chains.set(id, found ?? null);
    return found;
  }
}
