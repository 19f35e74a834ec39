import type { PublishedJson, ShcIssuerConfig } from './trust.js';

/** One file of a folder of published SMART Health Card trust material. */
export interface ShcTrustFile {
  /** Path relative to the folder, `/`-separated. */
  path: string;
  content: PublishedJson;
}

const LAYOUT =
  /(?:^|\/)issuers\/([^/]+(?:\/[^/]+)*?)\/\.well-known\/(jwks\.json|crl\/[^/]+\.json)$/;

/**
 * Issuers from files laid out as they are published (and as the shared vectors keep them):
 * `issuers/<iss without "https://">/.well-known/jwks.json` is the JWK set of
 * `https://<...>`, and `.../.well-known/crl/<kid>.json` one of its revocation lists. Any other
 * file (a key set under `keysets/`, say) is bound to no issuer and is returned in `unbound`,
 * never trusted: a verifier takes keys only from the JWK set published for the card's `iss`.
 *
 * @example
 * shcIssuersFromLayout([{ path: 'issuers/spec.smarthealth.cards/examples/issuer/.well-known/jwks.json', content: text }])
 * // { issuers: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: text, crls: [] }], unbound: [] }
 */
export function shcIssuersFromLayout(files: Iterable<ShcTrustFile>): {
  issuers: ShcIssuerConfig[];
  unbound: string[];
} {
  const byIss = new Map<string, { iss: string; jwks?: PublishedJson; crls: PublishedJson[] }>();
  const unbound: string[] = [];
  for (const file of files) {
    const match = LAYOUT.exec(file.path);
    if (!match) {
      unbound.push(file.path);
      continue;
    }
    const iss = `https://${match[1]}`;
    let issuer = byIss.get(iss);
    if (!issuer) {
      issuer = { iss, crls: [] };
      byIss.set(iss, issuer);
    }
    if (match[2] === 'jwks.json') issuer.jwks = file.content;
    else issuer.crls.push(file.content);
  }
  const issuers: ShcIssuerConfig[] = [];
  for (const { iss, jwks, crls } of byIss.values()) {
    // Revocation lists without the issuer's key set cannot be used: the issuer is left out.
    if (jwks !== undefined) issuers.push({ iss, jwks, crls });
    else unbound.push(`issuers/${iss.slice('https://'.length)}/.well-known/crl/*`);
  }
  return { issuers, unbound };
}
