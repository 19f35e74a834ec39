import { type CoseAlg, type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import type { DivocTrust } from '../divoc/trust.js';
import type { LaneSignals } from '../lanes/breaker/lane-state.js';
import type { Lane } from '../lanes/types.js';
import type { NzcpTrust } from '../nzcp/trust.js';
import type { FindingParams } from '../report/finding.js';
import type { ShcTrust } from '../shc/trust.js';
import type { VdsNcTrust } from '../vds-nc/trust.js';
import { CertificateError, type DscCertificate, readDsc } from '../x509/dsc.js';
import type { RecognisedType } from './agreement.js';
import { KidIndex } from './kid-index.js';

/** A DSC ready for verification: parsed once, its key imported once. */
export interface TrustedKey {
  kid: Uint8Array;
  dsc: DscCertificate;
  alg: CoseAlg;
  /** The crypto provider's key handle. */
  key: unknown;
}

/**
 * Where `verify()` looks up signing keys. A plain DSC list implements it now; the signed
 * offline trust bundle implements the same interface.
 */
export interface TrustSource {
  /** Every trusted key with this `kid` (several DSCs may share one; HCERT §3.3.3). */
  lookup(kid: Uint8Array): readonly TrustedKey[];
  /** Problems of the trust data itself at `at` (an expired bundle, a clock behind it). */
  problems?(
    at: Date,
  ): readonly { code: 'BUNDLE_EXPIRED' | 'BUNDLE_CLOCK_BEFORE_ISSUE'; params: FindingParams }[];
  /** True when revocation lists are present, so verification knows whether to hash. */
  readonly hasRevocations?: boolean;
  /** Whether the issuing country revoked the certificate (EU hash-list design). */
  isRevoked?(
    cert: { uci?: string; country?: string; signature: Uint8Array; alg: CoseAlg },
    crypto: CryptoProvider,
  ): Promise<boolean>;
  /** Whether verifiers of `verifier` may accept `type` issued by `issuer` at `at`. */
  recognises?(verifier: string, issuer: string, type: RecognisedType, at: Date): boolean;
  /**
   * Every countersigned lane version the trust data carries (a trust bundle). A source without
   * this method carries no lanes, and entry passes are then checked without their lane.
   */
  lanes?(): readonly Lane[];
  /**
   * The verified indicator documents and breaker overrides of the lanes, from which a
   * checkpoint computes each lane's breaker state offline. Absent: nothing was published.
   */
  laneSignals?(): LaneSignals;
  /** Trust material of the other credential formats (SHC, NZCP, VDS-NC, DIVOC), if any. */
  readonly formats?: FormatTrust;
}

/**
 * The issuers' keys of the credential formats besides HC1, each in its own published form
 * (JWK sets, DID documents, CSCAs and CRLs, DIVOC keys), as `verify()` uses them.
 */
export interface FormatTrust {
  shc?: ShcTrust;
  nzcp?: NzcpTrust;
  vdsNc?: VdsNcTrust;
  divoc?: DivocTrust;
}

/** One DSC to trust: the certificate, and optionally the `kid` a trust list assigns it. */
export type DscInput = Uint8Array | string | { certificate: Uint8Array | string; kid?: Uint8Array };

/** An in-memory {@link TrustSource} over a set of DSCs. */
export class DscTrustList implements TrustSource {
  private readonly byKid: KidIndex;

  private constructor(readonly keys: readonly TrustedKey[]) {
    this.byKid = new KidIndex(keys);
  }

  /**
   * Reads each DSC (DER, PEM or base64), computes its `kid` (the first 8 bytes of the
   * SHA-256 of its DER, HCERT §3.3.1) unless one is given, and imports its public key.
   * Throws `CertificateError` for a certificate that cannot be read, or whose key is
   * neither P-256 nor RSA.
   *
   * @example
   * const trust = await DscTrustList.create([pemText]);
   * const report = await verify(qrText, { trust, at: new Date() });
   */
  static async create(
    dscs: Iterable<DscInput>,
    options: { crypto?: CryptoProvider } = {},
  ): Promise<DscTrustList> {
    const crypto = options.crypto ?? defaultCrypto();
    const keys: TrustedKey[] = [];
    for (const input of dscs) {
      const { certificate, kid } =
        typeof input === 'string' || input instanceof Uint8Array
          ? { certificate: input, kid: undefined }
          : input;
      const dsc = readDsc(certificate);
      const alg = dsc.keyAlg;
      const key = alg ? await crypto.importPublicKey(dsc.spki, alg, dsc.curve) : undefined;
      if (!alg || key === undefined) {
        throw new CertificateError(`the key of ${dsc.subject} is neither P-256 nor usable RSA`);
      }
      keys.push({ kid: kid ?? (await crypto.sha256(dsc.der)).subarray(0, 8), dsc, alg, key });
    }
    return new DscTrustList(keys);
  }

  lookup(kid: Uint8Array): readonly TrustedKey[] {
    return this.byKid.lookup(kid);
  }
}
