import type { CryptoProvider } from '@corridor/core/crypto';

/** A provider that remembers the signature it made, and how to read it back. */
export interface CapturingSigner {
  /** `crypto` itself, except that `sign` keeps what it returns. */
  readonly crypto: CryptoProvider;
  /**
   * The last signature made through `crypto`; throws when none was (`operation` names the
   * call that should have signed, for the message).
   */
  signature(operation: string): Uint8Array;
}

/**
 * Wraps `crypto` so that the signature a core issuer makes can be read back after the call:
 * the issuers return only the encoded pass or certificate, and the server keeps a hash of the
 * signature for revocation (`signatureHash`).
 *
 * @example
 * const signer = capturingSigner(node.crypto);
 * const hc1 = await issueHcert(dcc, { ...options, crypto: signer.crypto });
 * const hash = signatureHash(alg, signer.signature('issueHcert'));
 */
export function capturingSigner(crypto: CryptoProvider): CapturingSigner {
  let captured: Uint8Array | undefined;
  return {
    crypto: {
      ...crypto,
      sign: async (alg, key, data) => {
        captured = await crypto.sign(alg, key, data);
        return captured;
      },
    },
    signature(operation) {
      if (!captured) throw new Error(`${operation} did not sign`);
      return captured;
    },
  };
}
