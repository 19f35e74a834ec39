import { encodeCbor } from '../cbor/encode.js';
import {
  COSE_ALG_IDS,
  type CoseAlg,
  type CryptoProvider,
  defaultCrypto,
} from '../crypto/provider.js';
import { encodeCoseSign1, HEADER_ALG, HEADER_KID, sigStructure } from './sign1.js';

/** Who signs a COSE_Sign1 document: algorithm, private key handle and key identifier. */
export interface CoseSigner {
  alg: CoseAlg;
  /** The crypto provider's private-key handle (a WebCrypto `CryptoKey` by default). */
  privateKey: unknown;
  kid: Uint8Array;
}

/** COSE header label of the content type (RFC 9052 §3.1). */
export const HEADER_CONTENT_TYPE = 3;

/**
 * Signs `payload` as a tagged COSE_Sign1 with `alg` and `kid` (and any `extraProtected`
 * labels, e.g. a content type) in the protected header. Every signed Corridor document
 * (trust bundles, agreements, signed requests, tree heads) goes through here.
 *
 * @example
 * const doc = await signCoseSign1(encodeCbor(claims), { signer });
 */
export async function signCoseSign1(
  payload: Uint8Array,
  options: { signer: CoseSigner; crypto?: CryptoProvider; extraProtected?: Map<number, unknown> },
): Promise<Uint8Array> {
  const { signer } = options;
  const crypto = options.crypto ?? defaultCrypto();
  const header = new Map<number, unknown>([
    [HEADER_ALG, COSE_ALG_IDS[signer.alg]],
    [HEADER_KID, signer.kid],
  ]);
  for (const [label, value] of options.extraProtected ?? []) header.set(label, value);
  const protectedBytes = encodeCbor(header);
  const signature = await crypto.sign(
    signer.alg,
    signer.privateKey,
    sigStructure(protectedBytes, payload),
  );
  return encodeCoseSign1(protectedBytes, new Map(), payload, signature);
}
