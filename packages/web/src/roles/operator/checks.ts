import { decodeCbor } from '@corridor/core/cbor';
import { type CoseVerificationKey, readCoseSign1, verifyCoseSign1 } from '@corridor/core/cose';
import { type CryptoProvider, defaultCrypto } from '@corridor/core/crypto';
import { readCountersignedLane } from '@corridor/core/lanes';
import { bytesEqual, fromBase64 } from '@corridor/core/lib';
import { checkInclusion, checkViews, leafHash, type TreeHead } from '@corridor/core/transparency';
import { readCountersignedAgreement, type TrustBundleContent } from '@corridor/core/trust';
import { isSignedBy, readDsc } from '@corridor/core/x509';

/**
 * What the operator console checks in the page, with `@corridor/core` only: nothing the gateway
 * says is shown as verified unless it checks against the anchor in the configuration. The
 * anchor signs the bundle; the bundle's CSCAs sign the authority certificates and the DSCs; the
 * authority keys sign agreements and lane versions; the anchor signs the log's tree heads, and
 * a tree head proves each log entry by its inclusion proof. Pure apart from WebCrypto, so the
 * same functions run in the page and in the unit tests.
 */

/** The outcome of one check: verified, or not, with the code saying why. */
export type Check = { ok: true } | { ok: false; code: string; params?: Record<string, unknown> };

const verified: Check = { ok: true };
const refused = (code: string, params?: Record<string, unknown>): Check =>
  params ? { ok: false, code, params } : { ok: false, code };

/** The configuration the gateway hands its console: where to read and the anchors. */
export interface OperatorConfig {
  /** Base URL of the gateway; `''` for the serving origin. */
  node: string;
  /** The gateway's signing keys, as PEM. */
  anchors: string[];
}

/** Checks a parsed `config.json` for what the console needs (a country is not needed). */
export function readOperatorConfig(value: unknown): OperatorConfig | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.node !== 'string') return undefined;
  if (!Array.isArray(v.anchors) || v.anchors.length === 0 || v.anchors.length > 16)
    return undefined;
  if (!v.anchors.every((a) => typeof a === 'string' && a.length < 16_384)) return undefined;
  return { node: v.node, anchors: v.anchors as string[] };
}

/**
 * The authority keys of each country in a verified bundle: certificates signed by one of that
 * country's CSCAs, of that country, not CAs, with a key WebCrypto imports. The `kid` is the
 * first 8 bytes of the certificate's SHA-256, as the gateway and the nodes sign with.
 */
export async function authorityKeys(
  content: TrustBundleContent,
  crypto: CryptoProvider = defaultCrypto(),
): Promise<Map<string, CoseVerificationKey[]>> {
  const out = new Map<string, CoseVerificationKey[]>();
  for (const c of content.countries) {
    const keys: CoseVerificationKey[] = [];
    for (const der of c.authorities) {
      if (!(await chainsToCsca(der, c.country, c.cscas))) continue;
      const cert = readDsc(der);
      if (!cert.keyAlg) continue;
      const key = await crypto.importPublicKey(cert.spki, cert.keyAlg, cert.curve);
      if (key === undefined) continue;
      keys.push({ kid: (await crypto.sha256(der)).subarray(0, 8), alg: cert.keyAlg, key });
    }
    out.set(c.country, keys);
  }
  return out;
}

/** Whether `der` is a non-CA certificate of `country` signed by one of `cscas`. */
async function chainsToCsca(
  der: Uint8Array,
  country: string,
  cscas: readonly Uint8Array[],
): Promise<boolean> {
  try {
    const cert = readDsc(der);
    if (cert.ca || cert.country !== country) return false;
    for (const csca of cscas) if (await isSignedBy(der, csca)) return true;
  } catch {
    // An unreadable certificate chains to nothing.
  }
  return false;
}

/**
 * Checks a DSC of the trust list against the bundle: a certificate of its country, signed by
 * one of that country's CSCAs as the anchor-signed bundle carries them. Codes:
 * `DSC_COUNTRY_UNKNOWN` (the bundle has no such participant), `DSC_NOT_CHAINED`.
 */
export async function checkDsc(
  der: Uint8Array,
  country: string,
  content: TrustBundleContent,
): Promise<Check> {
  const participant = content.countries.find((c) => c.country === country);
  if (!participant) return refused('DSC_COUNTRY_UNKNOWN', { country });
  if (!(await chainsToCsca(der, country, participant.cscas)))
    return refused('DSC_NOT_CHAINED', { country });
  return verified;
}

/** One signature of a document, peeled from the outside in, and who made it. */
export interface SignatureLayer {
  /** `countersigned`: the outer signature over the other party's signed document. */
  kind: 'signed' | 'countersigned';
  /** The party whose authority key verified it, or `undefined` with `code` when none did. */
  country?: string;
  code?: string;
}

/**
 * Who signed a (counter)signed document: each COSE_Sign1 layer, innermost first, checked
 * against every party's authority keys. A layer's payload that is itself a COSE_Sign1 is the
 * document the other party countersigned.
 */
export async function signatureLayers(
  bytes: Uint8Array,
  parties: readonly string[],
  keys: ReadonlyMap<string, readonly CoseVerificationKey[]>,
  crypto: CryptoProvider = defaultCrypto(),
): Promise<SignatureLayer[]> {
  const layers: SignatureLayer[] = [];
  let current: Uint8Array | undefined = bytes;
  for (let depth = 0; current && depth < 2; depth++) {
    const doc: Uint8Array = current;
    const decoded = decodeCbor(doc);
    const sign1 = decoded.ok ? readCoseSign1(decoded.value) : undefined;
    if (!sign1?.ok) {
      layers.push({ kind: 'signed', code: 'COSE_MALFORMED' });
      break;
    }
    let signer: string | undefined;
    let code = 'COSE_KEY_UNKNOWN';
    for (const party of parties) {
      const checked = await verifyCoseSign1(doc, keys.get(party) ?? [], { crypto });
      if (checked.ok) {
        signer = party;
        break;
      }
      // The most telling refusal: a key that matched but a signature that did not verify.
      if (checked.code === 'COSE_SIGNATURE_INVALID' || code === 'COSE_KEY_UNKNOWN')
        code = checked.code;
    }
    layers.push(signer ? { kind: 'signed', country: signer } : { kind: 'signed', code });
    const inner = decodeCbor(sign1.value.payload);
    current =
      inner.ok && readCoseSign1(inner.value).ok && depth === 0 ? sign1.value.payload : undefined;
  }
  // Outside in as read; shown inside out (the first signature, then the countersignature).
  layers.reverse();
  if (layers.length === 2) layers[1]!.kind = 'countersigned';
  return layers;
}

/**
 * An agreement as the console shows it: both signatures by the two parties' authority keys
 * (core's `readCountersignedAgreement`) once countersigned, else the proposer's one signature.
 */
export async function checkAgreement(
  document: Uint8Array,
  status: string,
  parties: readonly string[],
  keys: ReadonlyMap<string, readonly CoseVerificationKey[]>,
  crypto: CryptoProvider = defaultCrypto(),
): Promise<{ check: Check; layers: SignatureLayer[] }> {
  const layers = await signatureLayers(document, parties, keys, crypto);
  if (status === 'signed') {
    const only = layers.length === 1 ? layers[0] : undefined;
    return {
      check: only?.country ? verified : refused('AGREEMENT_SIGNATURE_INVALID'),
      layers,
    };
  }
  const read = await readCountersignedAgreement(document, (cc) => keys.get(cc) ?? [], crypto);
  return { check: read.ok ? verified : refused(read.code, read.params), layers };
}

/** A lane version: both parties' signatures and a valid lane (core's `readCountersignedLane`). */
export async function checkLaneVersion(
  document: Uint8Array,
  parties: readonly string[],
  keys: ReadonlyMap<string, readonly CoseVerificationKey[]>,
  crypto: CryptoProvider = defaultCrypto(),
): Promise<{ check: Check; layers: SignatureLayer[] }> {
  const layers = await signatureLayers(document, parties, keys, crypto);
  const read = await readCountersignedLane(document, (cc) => keys.get(cc) ?? [], crypto);
  return { check: read.ok ? verified : refused(read.code, read.params), layers };
}

/** `GET /tlog/inclusion` as the gateway answers it (base64 fields). */
export interface InclusionAnswer {
  treeSize: number;
  leaf: string;
  leafHash: string;
  proof: string[];
}

/** A log entry as its leaf says (the gateway's `bumpTrustVersion` writes it). */
export interface LogEntry {
  version?: number;
  type?: string;
  country?: string | null;
  object?: string;
  at?: number;
}

/**
 * Checks that the leaf the gateway served is entry `index` of the tree the verified `head`
 * commits to: the leaf's hash is computed here from its bytes (the served `leafHash` is not
 * trusted), then the inclusion proof must lead to the head's root (`TLOG_INCLUSION_INVALID`).
 * A proof for another tree size than the head's is refused the same way.
 */
export function checkLogEntry(
  head: TreeHead,
  index: number,
  answer: InclusionAnswer,
): { check: Check; entry?: LogEntry } {
  let leaf: Uint8Array;
  let proof: Uint8Array[];
  try {
    leaf = fromBase64(answer.leaf);
    proof = answer.proof.map(fromBase64);
  } catch {
    return { check: refused('TLOG_INCLUSION_INVALID', inclusionParams(head, index)) };
  }
  const hash = leafHash(leaf);
  const decoded = decodeCbor(leaf);
  const entry = decoded.ok && isEntry(decoded.value) ? decoded.value : undefined;
  const served = safeBase64(answer.leafHash);
  if (answer.treeSize !== head.treeSize || !served || !bytesEqual(served, hash))
    return {
      check: refused('TLOG_INCLUSION_INVALID', inclusionParams(head, index)),
      ...(entry ? { entry } : {}),
    };
  const included = checkInclusion(head, hash, index, proof);
  return {
    check: included.ok ? verified : refused(included.code, included.params),
    ...(entry ? { entry } : {}),
  };
}

/**
 * Checks that the current head extends the head the bundle carries (both verified): with the
 * gateway's consistency proof, core's `checkViews` (`TLOG_FORK_DETECTED`, `TLOG_PROOF_INVALID`).
 */
export function checkConsistency(older: TreeHead, newer: TreeHead, proof: string[]): Check {
  let hashes: Uint8Array[];
  try {
    hashes = proof.map(fromBase64);
  } catch {
    return refused('TLOG_PROOF_INVALID', {
      logId: newer.logId,
      oldSize: older.treeSize,
      newSize: newer.treeSize,
    });
  }
  const views = checkViews(older, newer, hashes);
  return views.ok ? verified : refused(views.code, views.params);
}

function inclusionParams(head: TreeHead, index: number) {
  return { logId: head.logId, index, treeSize: head.treeSize };
}

function safeBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

function isEntry(value: unknown): value is LogEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
