import { verifyHcert } from './hcert/verify.js';
import type { Report } from './report/report.js';
import type { VerifyContext } from './verify-context.js';

export { verifyCose } from './hcert/verify.js';
export { isoSeconds } from './lib/iso-time.js';
export {
  DEFAULT_VERIFY_LIMITS,
  type VerifyContext,
  type VerifyLimits,
} from './verify-context.js';

/** The credential formats `verify()` tells apart. */
export type CredentialFormat = 'hcert';

/** One format's pipeline: how to recognise its input, and how to verify it. */
export interface FormatPipeline {
  format: CredentialFormat;
  /** Whether `input` is in this format (by prefix or shape; cheap, never decodes). */
  recognises(input: string): boolean;
  verify(input: string, context: VerifyContext): Promise<Report>;
}

/**
 * The pipelines `verify()` chooses from, in order; the first that recognises the input runs.
 * HC1 comes last: it also answers input no pipeline recognises, with its prefix finding
 * (`HC1_PREFIX_MISSING`, `HC1_PREFIX_UNSUPPORTED`). A new format (an entry pass, another
 * country's format) is one entry here and a folder of its own.
 */
const PIPELINES: readonly FormatPipeline[] = [
  { format: 'hcert', recognises: () => true, verify: verifyHcert },
];

/** The format `input` is in, as `verify()` would choose it. */
export function detectFormat(input: string): CredentialFormat {
  return (PIPELINES.find((p) => p.recognises(input)) ?? PIPELINES[PIPELINES.length - 1]!).format;
}

/**
 * Verifies a credential code offline and explains the decision: the one entry point that the
 * CLI, the servers and the web app call. It chooses the pipeline by the code's prefix or shape
 * (HC1 health certificates: context prefix, Base45, zlib, CBOR, COSE_Sign1, CWT claims, EU DCC
 * schema, the signing key by `kid`, signature, dates, key usage, revocation, recognition
 * agreements and, with `context.destination` and `context.rules`, the destination's rules)
 * and returns one `Report`. Never throws on bad input: the report carries coded findings.
 *
 * @example
 * const trust = await DscTrustList.create([dscPem]);
 * const report = await verify(qrText, { trust, at: new Date() });
 * report.status // 'valid'
 */
export function verify(input: string, context: VerifyContext): Promise<Report> {
  if (typeof input !== 'string') return verifyHcert(input, context);
  for (const pipeline of PIPELINES) {
    if (pipeline.recognises(input)) return pipeline.verify(input, context);
  }
  return verifyHcert(input, context);
}
