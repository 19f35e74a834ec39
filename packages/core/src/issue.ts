import { encodeBase45 } from './base45/encode.js';
import { encodeCbor } from './cbor/encode.js';
import { encodeCoseSign1, HEADER_ALG, HEADER_KID, sigStructure } from './cose/sign1.js';
import {
  COSE_ALG_IDS,
  type CoseAlg,
  type CryptoProvider,
  defaultCrypto,
} from './crypto/provider.js';
import { CLAIM_EXP, CLAIM_HCERT, CLAIM_IAT, CLAIM_ISS, HCERT_EU_DCC_V1 } from './hcert/cwt.js';
import { HC1_PREFIX } from './hcert/unprefix.js';
import { deflate } from './zlib/deflate.js';

/** A document signer: the private key and the `kid` of its DSC. */
export interface HcertSigner {
  alg: CoseAlg;
  /** The crypto provider's private-key handle (a WebCrypto `CryptoKey` by default). */
  privateKey: unknown;
  /** First 8 bytes of the SHA-256 of the DSC (HCERT §3.3.1). */
  kid: Uint8Array;
  /** ISO 3166-1 alpha-2 of the issuing country (CWT `iss`). */
  country: string;
}

export interface IssueOptions {
  signer: HcertSigner;
  /** Issuing instant (CWT `iat`). Core never reads the clock. */
  at: Date;
  /** Expiry instant (CWT `exp`). */
  expiresAt: Date;
  crypto?: CryptoProvider;
}

/**
 * Signs an EU DCC payload and encodes it as an `HC1:` QR text: CWT claims in a COSE_Sign1
 * (tag 18) with `alg` and `kid` in the protected header, zlib, Base45, context prefix.
 * Validating the payload is the caller's job (see `validateDcc`).
 *
 * @example
 * const hc1 = await issueHcert(dcc, { signer, at: new Date(), expiresAt });
 */
export async function issueHcert(dcc: unknown, options: IssueOptions): Promise<string> {
  const { signer, at, expiresAt } = options;
  const crypto = options.crypto ?? defaultCrypto();
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [HEADER_ALG, COSE_ALG_IDS[signer.alg]],
      [HEADER_KID, signer.kid],
    ]),
  );
  const claims = new Map<number, unknown>([
    [CLAIM_ISS, signer.country],
    [CLAIM_IAT, Math.floor(at.getTime() / 1000)],
    [CLAIM_EXP, Math.floor(expiresAt.getTime() / 1000)],
    [CLAIM_HCERT, new Map([[HCERT_EU_DCC_V1, dcc]])],
  ]);
  const payload = encodeCbor(claims);
  const signature = await crypto.sign(
    signer.alg,
    signer.privateKey,
    sigStructure(protectedBytes, payload),
  );
  const cose = encodeCoseSign1(protectedBytes, new Map(), payload, signature);
  return HC1_PREFIX + encodeBase45(deflate(cose));
}
