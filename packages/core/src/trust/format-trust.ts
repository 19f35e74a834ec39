/**
 * Checks one uploaded format-trust entry and builds `verify()`'s {@link FormatTrust} from the
 * entries a bundle carries. The gateway runs {@link checkFormatTrust} before it accepts an
 * upload; a verifier opening a bundle runs it again on every entry (a bundle is only as good as
 * the checks its reader makes), leaves failing entries out and lists them as rejected. Loaded
 * lazily by the bundle, so a bundle without format trust costs the page none of this code.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { DivocTrust } from '../divoc/trust.js';
import { toHex, utf8Encode } from '../lib/bytes.js';
import { NzcpTrust } from '../nzcp/trust.js';
import { type ShcIssuerConfig, ShcTrust } from '../shc/trust.js';
import { VdsNcTrust } from '../vds-nc/trust.js';
import { readDsc } from '../x509/dsc.js';
import type { BundleFormatTrust, FormatTrustMaterial } from './format-material.js';
import type { FormatTrust } from './trust-list.js';

/** Why an entry is refused: its material is unusable, or it belongs to another country. */
export type FormatTrustProblemCode = 'FORMAT_TRUST_INVALID' | 'FORMAT_TRUST_COUNTRY_MISMATCH';

export type FormatTrustCheck =
  | {
      ok: true;
      /** What the entry is trust for: SHC `iss`, NZCP DID, CSCA SHA-256 (hex), DIVOC `method|issuer|key hash`. */
      subject: string;
    }
  | { ok: false; code: FormatTrustProblemCode; reason: string };

const invalid = (reason: string): FormatTrustCheck => ({
  ok: false,
  code: 'FORMAT_TRUST_INVALID',
  reason,
});

/**
 * Checks that `entry` builds usable trust on its own: an SHC JWK set with no problem in any key
 * or revocation list; a did:web DID document with at least one usable assertion key; a CA
 * certificate of the entry's own country with CRLs it signed; a DIVOC key that imports.
 */
export async function checkFormatTrust(
  entry: BundleFormatTrust,
  crypto: CryptoProvider,
): Promise<FormatTrustCheck> {
  const m = entry.material;
  try {
    switch (m.format) {
      case 'shc': {
        if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(m.iss) || m.iss.endsWith('/'))
          return invalid('iss must be an https URL without a trailing /');
        const trust = await ShcTrust.create({ issuers: [shcIssuer(entry, m)], crypto });
        const problem = trust.problems[0];
        if (problem)
          return invalid(
            `${problem.code}${problem.kid ? ` (kid ${problem.kid})` : ''}: ${text(problem.params)}`,
          );
        return { ok: true, subject: m.iss };
      }
      case 'nzcp': {
        const id = didOf(m.didDocument);
        if (!id) return invalid('the DID document has no did:web id');
        const trust = await NzcpTrust.create(
          { didDocuments: [m.didDocument], trustedIssuers: [{ iss: id, country: entry.country }] },
          crypto,
        );
        if (!assertionKids(m.didDocument).some((kid) => trust.key(id, kid)?.key !== undefined))
          return invalid('the DID document has no usable P-256 assertion key');
        return { ok: true, subject: id };
      }
      case 'vds-nc': {
        const csca = readDsc(m.csca);
        if (!csca.ca) return invalid('the certificate is not a CA (basicConstraints cA)');
        if (csca.country !== entry.country)
          return {
            ok: false,
            code: 'FORMAT_TRUST_COUNTRY_MISMATCH',
            reason: `the CSCA is of ${csca.country ?? 'no country'}, the uploader is ${entry.country}`,
          };
        await VdsNcTrust.create({ cscas: [m.csca], crls: m.crls });
        return { ok: true, subject: toHex(await crypto.sha256(m.csca)) };
      }
      case 'divoc': {
        await DivocTrust.create({ keys: [divocKey(entry, m)] }, { crypto });
        // Deployments share short method ids (`did:india`) and rotate keys under them: the
        // subject is the method, the issuer it is bound to (`*`: any) and the key's hash.
        const key = utf8Encode(m.publicKeyPem ?? m.publicKeyBase58 ?? '');
        const hash = toHex((await crypto.sha256(key)).subarray(0, 8));
        return { ok: true, subject: `${m.verificationMethod}|${m.issuer ?? '*'}|${hash}` };
      }
    }
  } catch (error) {
    return invalid((error as Error).message);
  }
}

/**
 * The {@link FormatTrust} of a bundle's entries. Each entry is checked on its own first
 * ({@link checkFormatTrust}); those that fail, and a second entry for a subject already taken
 * (another country's SHC issuer, DID or DIVOC method), are left out and returned as rejected.
 */
export async function buildFormatTrust(
  entries: readonly BundleFormatTrust[],
  crypto: CryptoProvider,
): Promise<{ formats: FormatTrust; rejected: { what: string; reason: string }[] }> {
  const rejected: { what: string; reason: string }[] = [];
  const good: BundleFormatTrust[] = [];
  const taken = new Set<string>();
  for (const entry of entries) {
    const what = `${entry.material.format} trust of ${entry.country}`;
    const check = await checkFormatTrust(entry, crypto);
    if (!check.ok) {
      rejected.push({ what, reason: `${check.code}: ${check.reason}` });
      continue;
    }
    const key = `${entry.material.format} ${check.subject}`;
    if (taken.has(key)) {
      rejected.push({ what, reason: `${check.subject} is already bound` });
      continue;
    }
    taken.add(key);
    good.push(entry);
  }
  const of = <F extends FormatTrustMaterial['format']>(format: F) =>
    good.flatMap((e) =>
      e.material.format === format
        ? [
            {
              country: e.country,
              material: e.material as Extract<FormatTrustMaterial, { format: F }>,
            },
          ]
        : [],
    );
  const formats: FormatTrust = {};
  const shc = of('shc');
  if (shc.length > 0)
    formats.shc = await ShcTrust.create({
      issuers: shc.map((e) => shcIssuer(e, e.material)),
      crypto,
    });
  const nzcp = of('nzcp');
  if (nzcp.length > 0)
    formats.nzcp = await NzcpTrust.create(
      {
        didDocuments: nzcp.map((e) => e.material.didDocument),
        trustedIssuers: nzcp.map((e) => ({
          iss: didOf(e.material.didDocument) as string,
          country: e.country,
        })),
      },
      crypto,
    );
  const vdsNc = of('vds-nc');
  if (vdsNc.length > 0)
    formats.vdsNc = await VdsNcTrust.create({
      cscas: vdsNc.map((e) => e.material.csca),
      crls: vdsNc.flatMap((e) => e.material.crls),
    });
  const divoc = of('divoc');
  if (divoc.length > 0)
    formats.divoc = await DivocTrust.create(
      { keys: divoc.map((e) => divocKey(e, e.material)) },
      { crypto },
    );
  return { formats, rejected };
}

function shcIssuer(
  entry: BundleFormatTrust,
  m: Extract<FormatTrustMaterial, { format: 'shc' }>,
): ShcIssuerConfig {
  return { iss: m.iss, jwks: m.jwks, crls: m.crls, country: entry.country };
}

function divocKey(entry: BundleFormatTrust, m: Extract<FormatTrustMaterial, { format: 'divoc' }>) {
  return {
    verificationMethod: m.verificationMethod,
    country: entry.country,
    ...(m.issuer !== undefined ? { issuer: m.issuer } : {}),
    ...(m.publicKeyPem !== undefined ? { publicKeyPem: m.publicKeyPem } : {}),
    ...(m.publicKeyBase58 !== undefined ? { publicKeyBase58: m.publicKeyBase58 } : {}),
  };
}

function parsed(json: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `did:web` id of a DID document, if it has one. */
function didOf(json: string): string | undefined {
  const id = parsed(json)?.id;
  return typeof id === 'string' && id.startsWith('did:web:') ? id : undefined;
}

/** The key ids (after `#`) a DID document lists under `assertionMethod`. */
function assertionKids(json: string): string[] {
  const refs = parsed(json)?.assertionMethod;
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r) => {
    const id = typeof r === 'string' ? r : (r as { id?: unknown })?.id;
    if (typeof id !== 'string' || !id.includes('#')) return [];
    return [id.slice(id.indexOf('#') + 1)];
  });
}

function text(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}
