import type { CoseSigner } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { issueHcert } from '@corridor/core/issue';
import { toBase64 } from '@corridor/core/lib';
import {
  type BundleFormatTrust,
  countersignAgreement,
  signAgreement,
  signTrustBundle,
} from '@corridor/core/trust';
import { createAnchor, createCountryKeys } from '@corridor/server/gateway/fixtures';

/** A CN⇄KR corridor made with the server's real key code: what the web tests verify against. */
export interface CorridorFixture {
  /** The gateway's bundle-signing key, as the PEM the app is configured with. */
  anchorPem: string;
  /**
   * A signed trust bundle with both countries' CSCA, DSC, authority and the active agreement,
   * and `formatTrust` (SHC, NZCP, VDS-NC, DIVOC trust) when given.
   */
  bundle(times: {
    version: number;
    issuedAt: Date;
    expiresAt: Date;
    formatTrust?: BundleFormatTrust[];
  }): Promise<Uint8Array>;
  /** Issues a real HC1 certificate from `country`'s DSC at `at`. */
  issue(country: 'CN' | 'KR', kind: 'vaccination' | 'test', at: Date): Promise<string>;
  /** A certificate signed by a key no bundle knows (same content as CN's vaccination). */
  issueUnknown(at: Date): Promise<string>;
  /** A country's DSC certificate (DER), for measurements that check signatures by hand. */
  dsc(country: 'CN' | 'KR'): Uint8Array;
}

/** What the demo issues (the same people as `corridor start`'s samples). */
export const HOLDERS = {
  CN: { fn: '王', fnt: 'WANG', gn: '芳', gnt: 'FANG', dob: '1985-04-12' },
  KR: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MINJUN', dob: '1979-11-02' },
} as const;

function payload(country: 'CN' | 'KR', kind: 'vaccination' | 'test', at: Date): unknown {
  const h = HOLDERS[country];
  const base = { ver: '1.3.0', nam: { fn: h.fn, fnt: h.fnt, gn: h.gn, gnt: h.gnt }, dob: h.dob };
  const ci = `URN:UVCI:01:${country}:WEBTEST${kind.toUpperCase()}#A`;
  if (kind === 'vaccination') {
    return {
      ...base,
      v: [
        {
          tg: '840539006',
          vp: '1157024006',
          mp: 'BBIBP-CorV',
          ma: 'ORG-100020693',
          dn: 2,
          sd: 2,
          dt: new Date(at.getTime() - 60 * 86400_000).toISOString().slice(0, 10),
          co: country,
          is: country === 'CN' ? 'National Health Commission (demo)' : 'KDCA (demo)',
          ci,
        },
      ],
    };
  }
  return {
    ...base,
    t: [
      {
        tg: '840539006',
        tt: 'LP6464-4',
        nm: 'RT-PCR',
        sc: new Date(at.getTime() - 12 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        tr: '260415000',
        tc: 'Seoul Demo Testing Centre',
        co: country,
        is: country === 'CN' ? 'National Health Commission (demo)' : 'KDCA (demo)',
        ci,
      },
    ],
  };
}

/**
 * Creates both countries' keys (CSCA, DSC, upload and authority certificates) with
 * `createCountryKeys` from the server's gateway fixtures, a gateway anchor, and a CN⇄KR
 * recognition agreement signed by CN's authority and countersigned by KR's. `now` is when the
 * keys start being valid (certificates issued before it would fail the DSC validity check).
 */
export async function createCorridorFixture(now: Date): Promise<CorridorFixture> {
  const crypto = defaultCrypto();
  const anchor = await createAnchor();
  const keys = { CN: await createCountryKeys('CN', now), KR: await createCountryKeys('KR', now) };
  const stranger = await createCountryKeys('CN', now);
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey),
  );
  const anchorPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki).replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
  const t = Math.floor(now.getTime() / 1000);
  const agreement = await countersignAgreement(
    await signAgreement(
      {
        id: 'CN-KR-fast-track',
        parties: ['CN', 'KR'],
        recognitions: [
          { verifier: 'KR', issuer: 'CN', types: ['vaccination', 'test', 'recovery'] },
          { verifier: 'CN', issuer: 'KR', types: ['vaccination', 'test', 'recovery'] },
        ],
        validFrom: t - 86400,
        validTo: t + 365 * 86400,
      },
      keys.CN.authoritySigner,
      crypto,
    ),
    keys.KR.authoritySigner,
    crypto,
  );
  const signer = (country: 'CN' | 'KR', k = keys[country]) => ({
    alg: k.dsc.keys.alg,
    privateKey: k.dsc.keys.privateKey,
    kid: k.dsc.kid,
    country,
  });
  const expiry = (at: Date) => new Date(at.getTime() + 180 * 86400_000);
  return {
    anchorPem,
    bundle: ({ version, issuedAt, expiresAt, formatTrust }) =>
      signTrustBundle(
        {
          version,
          issuedAt: Math.floor(issuedAt.getTime() / 1000),
          expiresAt: Math.floor(expiresAt.getTime() / 1000),
          gateway: 'corridor-web-test-gateway',
          countries: (['CN', 'KR'] as const).map((country) => ({
            country,
            cscas: [keys[country].csca.der],
            dscs: [{ der: keys[country].dsc.der, kid: keys[country].dsc.kid }],
            authorities: [keys[country].authority.der],
          })),
          revokedKids: [],
          revocations: [],
          ruleSets: [],
          valueSets: [],
          agreements: [{ document: agreement, status: 'active' }],
          ...(formatTrust ? { formatTrust } : {}),
        },
        anchor.signer as CoseSigner,
        crypto,
      ),
    issue: (country, kind, at) =>
      issueHcert(payload(country, kind, at), {
        signer: signer(country),
        at,
        expiresAt: expiry(at),
        crypto,
      }),
    dsc: (country) => keys[country].dsc.der,
    issueUnknown: (at) =>
      issueHcert(payload('CN', 'vaccination', at), {
        signer: signer('CN', stranger),
        at,
        expiresAt: expiry(at),
        crypto,
      }),
  };
}
