import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDidTrustList, parseEuTrustList } from '@corridor/core/interop';
import { toBase64 } from '@corridor/core/lib';
import { signTrustBundle, type TrustBundleContent } from '@corridor/core/trust';
import {
  type CountryKeys,
  createAnchor,
  createCountryKeys,
} from '@corridor/server/gateway/fixtures';
import { createDsc } from '@corridor/server/pki';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeTemp } from './helpers.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const AT = '2026-03-01T10:00:00Z';

async function anchorPem(key: CryptoKey): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  return `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
}

describe('corridor bundle export', () => {
  let dir: string;
  let bundleFile: string;
  let anchorFile: string;
  let foreignBundle: string;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let revokedKid: Uint8Array;

  beforeAll(async () => {
    dir = tempDir();
    const anchor = await createAnchor();
    [cn, kr] = await Promise.all([createCountryKeys('CN', NOW), createCountryKeys('KR', NOW)]);
    const retired = await createDsc({
      csca: { certificate: cn.csca.der, privateKey: cn.csca.keys.privateKey },
      country: 'CN',
      commonName: 'CN DSC retired',
      usages: ['test'],
      now: NOW,
    });
    revokedKid = retired.kid;
    const content: TrustBundleContent = {
      version: 7,
      issuedAt: Math.floor(NOW.getTime() / 1000),
      expiresAt: Math.floor(NOW.getTime() / 1000) + 48 * 3600,
      gateway: 'test-gateway',
      countries: [cn, kr].map((k) => ({
        country: k.country,
        cscas: [k.csca.der],
        dscs: [
          { der: k.dsc.der, kid: k.dsc.kid },
          ...(k === cn ? [{ der: retired.der, kid: retired.kid }] : []),
        ],
        authorities: [k.authority.der],
      })),
      revokedKids: [{ country: 'CN', kid: retired.kid }],
      revocations: [],
      ruleSets: [],
      valueSets: [],
      agreements: [],
    };
    bundleFile = writeTemp(dir, 'bundle.cose', await signTrustBundle(content, anchor.signer));
    anchorFile = writeTemp(dir, 'anchor.pem', await anchorPem(anchor.key.key as CryptoKey));
    const other = await createAnchor();
    foreignBundle = writeTemp(dir, 'foreign.cose', await signTrustBundle(content, other.signer));
  }, 180_000);

  const run = (...args: string[]) =>
    runCli(['bundle', 'export', ...args, '--anchor', anchorFile, '--at', AT]);

  it('writes the EU gateway trust list of a verified bundle to standard output', async () => {
    const result = await run(bundleFile, '--format', 'eu');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as {
      country: string;
      certificateType: string;
      kid: string;
    }[];
    expect(items.map((i) => [i.country, i.certificateType])).toEqual([
      ['CN', 'CSCA'],
      ['CN', 'DSC'],
      ['KR', 'CSCA'],
      ['KR', 'DSC'],
    ]);
    expect(items.map((i) => i.kid)).not.toContain(toBase64(revokedKid));
    expect(items.find((i) => i.country === 'KR' && i.certificateType === 'DSC')?.kid).toBe(
      toBase64(kr.dsc.kid),
    );
    const parsed = await parseEuTrustList(result.stdout);
    expect(parsed.ok && parsed.value.problems).toEqual([]);
  });

  it('writes a GDHCN DID trust-list document with the given DID to a file', async () => {
    const out = path.join(dir, 'did.json');
    const did = 'did:web:gw.example:v2:trustlist:-:-';
    const result = await run(bundleFile, '--format', 'did', '--did', did, '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('4 certificates of bundle version 7 written to');
    const parsed = await parseDidTrustList(readFileSync(out, 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.id).toBe(did);
    expect(parsed.value.problems).toEqual([]);
    expect(parsed.value.entries.map((e) => [e.country, e.kind, e.domain])).toEqual([
      ['CN', 'CSCA', 'DCC'],
      ['CN', 'DSC', 'DCC'],
      ['KR', 'CSCA', 'DCC'],
      ['KR', 'DSC', 'DCC'],
    ]);
  });

  it('refuses a bundle the anchor did not sign, and writes nothing', async () => {
    const out = path.join(dir, 'never.json');
    const result = await run(foreignBundle, '--format', 'eu', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('BUNDLE_SIGNATURE_INVALID');
    expect(() => readFileSync(out)).toThrow();
  });

  it('answers a usage error for a missing format or a DID list without its DID', async () => {
    const noFormat = await run(bundleFile);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('--format eu or --format did');
    const noDid = await run(bundleFile, '--format', 'did');
    expect(noDid.code).toBe(2);
    expect(noDid.stderr).toContain('--did');
    const other = await run(bundleFile, '--format', 'csv');
    expect(other.code).toBe(2);
  });
});
