import { encodeBase45 } from '../base45/encode.js';
import { encodeCbor } from '../cbor/encode.js';
import { encodeCoseSign1, HEADER_ALG, HEADER_KID, sigStructure } from '../cose/sign1.js';
import { COSE_ALG_IDS, type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import type { HcertSigner } from '../issue.js';
import { deflate } from '../zlib/deflate.js';
import { bindPassport, type PassportIdentity } from './binding.js';
import {
  CLAIM_ENTRY_PASS,
  CLAIM_EXP,
  CLAIM_IAT,
  CLAIM_ISS,
  CLAIM_NBF,
  claimToPass,
  type EntryPass,
  passToClaim,
} from './claims.js';

/** The context identifier of entry-pass codes, distinct from health certificates' `HC1:`. */
export const CP1_PREFIX = 'CP1:';

/** What the approving node knows when it issues a pass. */
export type EntryPassInput = Omit<EntryPass, 'binding'> & {
  /** The passport the pass is bound to; only its salted hash enters the pass. */
  passport: PassportIdentity;
};

/** Options of {@link issueEntryPass}. */
export interface IssueEntryPassOptions {
  /** The destination's entry-pass signer: a DSC with the entry-pass key usage. */
  signer: HcertSigner;
  /** Issuing instant (`iat`). Core never reads the clock. */
  at: Date;
  /** First instant of the entry window (`nbf`). */
  validFrom: Date;
  /** End of the entry window (`exp`, exclusive). */
  validUntil: Date;
  /** Salt of the passport binding (16 random bytes when omitted); for reproducible examples. */
  salt?: Uint8Array;
  crypto?: CryptoProvider;
}

/**
 * Signs an entry pass and encodes it as a `CP1:` QR text: CWT claims (`iss`, `iat`, `nbf`,
 * `exp` = the entry window, and the pass under claim -70013) in a COSE_Sign1 (tag 18, `alg`
 * and `kid` protected), zlib, Base45, the prefix. The passport is bound by a salted SHA-256,
 * never written in clear. Throws `RangeError` on a pass that could not verify (a programming
 * error of the issuing node, which validates applications first): malformed fields, an
 * issuer other than the destination, an empty window. Format: `docs/pass-format.md`.
 *
 * @example
 * const cp1 = await issueEntryPass(input, { signer, at, validFrom, validUntil });
 */
export async function issueEntryPass(
  input: EntryPassInput,
  options: IssueEntryPassOptions,
): Promise<string> {
  const { signer, at, validFrom, validUntil } = options;
  const crypto = options.crypto ?? defaultCrypto();
  const { passport, ...rest } = input;
  const binding = await bindPassport(passport, {
    crypto,
    ...(options.salt ? { salt: options.salt } : {}),
  });
  const pass: EntryPass = { ...rest, binding };
  const claim = passToClaim(pass);
  const checked = claimToPass(claim);
  if (!checked.ok) throw new RangeError(`entry pass not issuable: ${checked.params?.reason}`);
  if (signer.country !== pass.destination)
    throw new RangeError(`a pass to ${pass.destination} cannot be issued by ${signer.country}`);
  const nbf = Math.floor(validFrom.getTime() / 1000);
  const exp = Math.floor(validUntil.getTime() / 1000);
  if (!(exp > nbf)) throw new RangeError('the entry window is empty');
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [HEADER_ALG, COSE_ALG_IDS[signer.alg]],
      [HEADER_KID, signer.kid],
    ]),
  );
  const payload = encodeCbor(
    new Map<number, unknown>([
      [CLAIM_ISS, signer.country],
      [CLAIM_IAT, Math.floor(at.getTime() / 1000)],
      [CLAIM_NBF, nbf],
      [CLAIM_EXP, exp],
      [CLAIM_ENTRY_PASS, claim],
    ]),
  );
  const signature = await crypto.sign(
    signer.alg,
    signer.privateKey,
    sigStructure(protectedBytes, payload),
  );
  return (
    CP1_PREFIX +
    encodeBase45(deflate(encodeCoseSign1(protectedBytes, new Map(), payload, signature)))
  );
}
