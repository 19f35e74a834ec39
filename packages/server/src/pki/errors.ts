/**
 * An operator asked for a certificate that must not exist (a DSC for another country than
 * its CSCA, a CSCA whose key may no longer sign, ...). `code` is stable; the CLI prints the
 * message. Findings about certificates someone else made are reported by `verifyDscChain`.
 */
export class PkiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PkiError';
  }
}
