import type { CryptoProvider } from '../crypto/provider.js';
import { utf8Encode } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import {
  type CanonicalizeCode,
  type ContextSource,
  canonicalizeJsonLd,
  type DroppedData,
} from './canonicalize.js';
import { SECURITY_V2_URL } from './contexts/index.js';
import { type DivocProof, signingInput } from './proof.js';

/** The bytes a DIVOC proof signs, and what canonicalisation left out of them. */
export interface DivocSignedData {
  data: Uint8Array;
  /** Data of the credential or proof that takes no part in the canonical form. */
  dropped: DroppedData[];
}

/**
 * Builds the JWS signing input of a linked-data proof as jsonld-signatures does for the 2018
 * suites: the proof options under the security v2 context and the credential without its
 * proof, each canonicalised (RDFC-1.0) and hashed with SHA-256, after the JWS header. Never
 * throws on bad input.
 *
 * @example
 * const signed = await divocSignedData(vc, proof, trust.contexts, crypto);
 * if (signed.ok) crypto.verify(proof.alg, key, signed.value.data, proof.signature);
 */
export async function divocSignedData(
  credential: Record<string, unknown>,
  proof: DivocProof,
  contexts: ContextSource,
  crypto: CryptoProvider,
): Promise<Result<DivocSignedData, CanonicalizeCode>> {
  const document: Record<string, unknown> = { ...credential };
  delete document.proof;
  const options = { '@context': SECURITY_V2_URL, ...proof.options };
  // A proof carrying its own @context is refused before this point (DIVOC_CONTEXT_EMBEDDED),
  // so the security context above is the one the options are read under.
  const [ofProof, ofDocument] = await Promise.all([
    canonicalizeJsonLd(options, contexts),
    canonicalizeJsonLd(document, contexts),
  ]);
  if (!ofProof.ok) return ofProof;
  if (!ofDocument.ok) return ofDocument;
  const [proofDigest, documentDigest] = await Promise.all([
    crypto.sha256(utf8Encode(ofProof.value.nquads)),
    crypto.sha256(utf8Encode(ofDocument.value.nquads)),
  ]);
  if (proofDigest.length !== 32 || documentDigest.length !== 32) {
    return fail('DIVOC_CANONICALIZATION_FAILED', { reason: 'SHA-256 failed' });
  }
  return ok({
    data: signingInput(proof.encodedHeader, proofDigest, documentDigest),
    dropped: [...ofProof.value.dropped, ...ofDocument.value.dropped],
  });
}
