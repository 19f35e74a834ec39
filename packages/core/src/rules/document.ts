import { decodeCbor } from '../cbor/decode.js';
import { type CoseSigner, signCoseSign1 } from '../cose/sign.js';
import { readCoseSign1 } from '../cose/sign1.js';
import { type CoseVerificationKey, verifyCoseSign1 } from '../cose/verify.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { utf8Decode, utf8Encode } from '../lib/bytes.js';
import type { BusinessRule } from './types.js';
import { validateRule } from './validate.js';

/** COSE content type of a destination's signed rule set. */
export const RULE_SET_CONTENT_TYPE = 'application/corridor-rules+json';

/** Largest rule-set document read (the gateway stores at most 1 MiB). */
const MAX_RULE_SET_BYTES = 1024 * 1024;

/**
 * Signs a destination's rule set as its health authority publishes it through the gateway: a
 * COSE_Sign1 over the UTF-8 JSON array of the rules in the EU DCC gateway's format, with
 * content type {@link RULE_SET_CONTENT_TYPE}. Every rule must be of one country.
 */
export async function signRuleSet(
  rules: readonly BusinessRule[],
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const countries = new Set(rules.map((r) => r.Country));
  if (countries.size !== 1) throw new Error('a rule set holds the rules of exactly one country');
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[3, RULE_SET_CONTENT_TYPE]]),
  };
  return signCoseSign1(
    utf8Encode(JSON.stringify(rules)),
    crypto ? { ...options, crypto } : options,
  );
}

/** What {@link readRuleSet} found: the country, its valid rules, and why others were left out. */
export interface ReadRuleSet {
  country: string;
  rules: BusinessRule[];
  /** Rules that failed validation (identifier and the first finding's code). */
  refused: { identifier: string; code: string }[];
}

/**
 * Reads a signed rule set: the country named by its rules, the signature by one of that
 * country's authority keys (`authorityKeys(country)`), and each rule checked by
 * {@link validateRule} (invalid ones are refused one by one, not the whole set). Returns a
 * reason text when the document as a whole is unusable.
 */
export async function readRuleSet(
  bytes: Uint8Array,
  authorityKeys: (country: string) => readonly CoseVerificationKey[],
  crypto?: CryptoProvider,
): Promise<ReadRuleSet | { problem: string }> {
  if (bytes.length > MAX_RULE_SET_BYTES) return { problem: 'rule set too large' };
  // The country comes from the payload; the signature is checked against that country's keys.
  let parsed: unknown;
  const unsigned = payloadText(bytes);
  if (unsigned === undefined) return { problem: 'not a COSE_Sign1 document' };
  try {
    parsed = JSON.parse(unsigned);
  } catch {
    return { problem: 'payload is not JSON' };
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 1000)
    return { problem: 'payload is not a list of 1 to 1000 rules' };
  const first = parsed[0] as { Country?: unknown } | null;
  const country = typeof first?.Country === 'string' ? first.Country : undefined;
  if (!country || !parsed.every((r) => (r as { Country?: unknown } | null)?.Country === country))
    return { problem: 'the rules are not all of one country' };
  const checked = await verifyCoseSign1(bytes, authorityKeys(country), crypto ? { crypto } : {});
  if (!checked.ok) return { problem: `not signed by ${country}'s authority (${checked.code})` };
  if (checked.value.sign1.protectedHeader.get(3) !== RULE_SET_CONTENT_TYPE)
    return { problem: 'not a rule set (content type)' };
  const rules: BusinessRule[] = [];
  const refused: ReadRuleSet['refused'] = [];
  for (const raw of parsed) {
    const result = validateRule(raw);
    if (result.rule && result.findings.every((f) => f.severity !== 'error'))
      rules.push(result.rule);
    else
      refused.push({
        identifier: String((raw as { Identifier?: unknown } | null)?.Identifier ?? '(unnamed)'),
        code: result.findings[0]?.code ?? 'RULE_INVALID',
      });
  }
  return { country, rules, refused };
}

/** The payload of a COSE_Sign1 as text, read before its signature is checked. */
function payloadText(bytes: Uint8Array): string | undefined {
  const value = decodeCbor(bytes, { maxDepth: 4, maxItems: 64, allowedTags: new Set([18]) });
  if (!value.ok) return undefined;
  const sign1 = readCoseSign1(value.value);
  if (!sign1.ok) return undefined;
  try {
    return utf8Decode(sign1.value.payload);
  } catch {
    return undefined;
  }
}
