/**
 * Format trust end to end, on both engines: participants upload their SHC JWK set (with its
 * revocation list), NZCP DID document, VDS-NC CSCA and CRL, and DIVOC keys from the shared
 * vectors as signed requests; the gateway checks them (coded problems), logs them, and the
 * signed bundle carries them, so that every vector entry those uploads cover verifies offline
 * from the bundle alone with the outcome its manifest expects.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCrypto } from '@corridor/core/crypto';
import { utf8Decode } from '@corridor/core/lib';
import { loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { type CountryKeys, createCountryKeys } from './fixtures.js';
import { onboardAll, signedInit, type TestGateway, testGateway } from './test-gateway.js';

const NOW = new Date('2021-03-01T00:00:00Z');
const crypto = defaultCrypto();
const vectors = vectorsDir();

const SHC_ISS = 'https://spec.smarthealth.cards/examples/issuer';
const SHC_DIR = `issuers/spec.smarthealth.cards/examples/issuer/.well-known`;
const SHC_JWKS = `${SHC_DIR}/jwks.json`;
const SHC_CRL = `${SHC_DIR}/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json`;
/** The trust files each format's uploads below cover, by manifest path. */
const UPLOADED: Record<string, string[]> = {
  shc: [SHC_JWKS, SHC_CRL],
  nzcp: ['spec-examples/valid/did.json'],
  'vds-nc': ['trust/AU_CSCA.der', 'trust/AU_CRL.crl'],
  divoc: [
    'egov-divoc/keys/test-rsa-public.pem',
    'egov-divoc/keys/test-ed25519-public.pem',
    'kde/did-india.pem',
  ],
};

interface Entry {
  format: string;
  file: string;
  parts?: string[];
  trust: string[];
  at: string;
  expect: 'valid' | 'invalid';
}

describe.skipIf(!vectors)('format trust', () => {
  const read = (format: string, file: string) =>
    new Uint8Array(readFileSync(path.join(vectors!, format, file)));
  const text = (format: string, file: string) => utf8Decode(read(format, file));

  /** The manifest entries the uploads cover (every trust file uploaded; one QR each). */
  const covered = (): Entry[] =>
    Object.keys(UPLOADED).flatMap((format) =>
      (JSON.parse(text(format, 'manifest.json')) as Entry[])
        .filter((e) => !e.parts && e.trust.every((t) => UPLOADED[format]!.includes(t)))
        .map((e) => ({ ...e, format })),
    );

  forEachEngine('format trust: upload, bundle, verify offline', (engine) => {
    let database: Database;
    let client: TestGateway['client'];
    let anchor: TestGateway['anchor'];
    const keys: Record<string, CountryKeys> = {};
    let clock = NOW;

    /** A signed `formats.upload` or `formats.withdraw` of `who`, through the typed client. */
    const send = async (action: 'upload' | 'withdraw', who: CountryKeys, body: object) => {
      const init = await signedInit(
        who,
        `formats.${action}`,
        body as Record<string, unknown>,
        clock,
      );
      const res =
        action === 'upload'
          ? await client.formats.$post({}, init)
          : await client.formats.withdraw.$post({}, init);
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const upload = (who: string, body: object) => send('upload', keys[who]!, body);
    const bundleAt = async (at: Date): Promise<TrustBundle> => {
      clock = new Date(at.getTime() - 3600_000);
      const res = await client.bundle.$get();
      expect(res.status).toBe(200);
      const loaded = await loadTrustBundle(new Uint8Array(await res.arrayBuffer()), {
        anchors: [anchor.key],
        at,
        crypto,
      });
      if (!loaded.ok) throw new Error(loaded.code);
      return loaded.value;
    };

    beforeAll(async () => {
      database = await engine.open();
      const test = await testGateway(database.db, { now: () => clock });
      ({ client, anchor } = test);
      for (const country of ['US', 'NZ', 'AU', 'IN'])
        keys[country] = await createCountryKeys(country, NOW);
      await onboardAll(test.operator, Object.values(keys));
    }, 180_000);

    it('accepts each format’s published trust as a signed upload, logged as a trust change', async () => {
      const before = await database.db.selectFrom('changes').select('version').execute();
      const results = [
        await upload('US', {
          format: 'shc',
          iss: SHC_ISS,
          jwks: text('shc', SHC_JWKS),
          crls: [text('shc', SHC_CRL)],
        }),
        await upload('NZ', {
          format: 'nzcp',
          did_document: text('nzcp', 'spec-examples/valid/did.json'),
        }),
        await upload('AU', {
          format: 'vds-nc',
          csca: read('vds-nc', 'trust/AU_CSCA.der'),
          crls: [read('vds-nc', 'trust/AU_CRL.crl')],
        }),
      ];
      for (const r of results) expect(r).toMatchObject({ status: 200 });
      for (const file of [
        'egov-divoc/keys/test-rsa-public.pem',
        'egov-divoc/keys/test-ed25519-public.pem',
        'kde/did-india.pem',
      ]) {
        const r = await upload('IN', {
          format: 'divoc',
          verification_method: 'did:india',
          public_key_pem: text('divoc', file),
        });
        expect(r.status, JSON.stringify(r.json)).toBe(200);
        expect(r.json.subject).toMatch(/^did:india\|\*\|[0-9a-f]{16}$/);
      }
      expect(results[0]!.json).toMatchObject({ format: 'shc', subject: SHC_ISS, replaced: false });
      expect(results[1]!.json).toMatchObject({ subject: 'did:web:nzcp.covid19.health.nz' });
      const listed = await client.formats.$get({ query: {} });
      expect(listed.status).toBe(200);
      if (listed.status !== 200) return;
      expect((await listed.json()).map((e) => e.country)).toEqual([
        'US',
        'NZ',
        'AU',
        'IN',
        'IN',
        'IN',
      ]);
      // Each upload is one trust change with its transparency leaf and an audit entry.
      const changes = await database.db
        .selectFrom('changes')
        .select(['type', 'country'])
        .where('version', '>', before.length)
        .execute();
      expect(changes.map((c) => `${c.type} ${c.country}`)).toEqual([
        'formats.upload US',
        'formats.upload NZ',
        'formats.upload AU',
        'formats.upload IN',
        'formats.upload IN',
        'formats.upload IN',
      ]);
      const leaves = await database.db
        .selectFrom('transparency_leaves')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(leaves.n)).toBe(before.length + 6);
      const audited = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'formats.upload')
        .execute();
      expect(audited).toHaveLength(6);
    });

    it('refuses bad, foreign, colliding and repeated trust with coded problems, changing nothing', async () => {
      const version = async () =>
        (await database.db.selectFrom('trust_versions').select('version').executeTakeFirstOrThrow())
          .version;
      const before = await version();
      const refusals: [string, object, number, string][] = [
        ['US', { format: 'x509' }, 400, 'FORMAT_TRUST_MALFORMED'],
        ['US', { format: 'shc', iss: SHC_ISS }, 400, 'FORMAT_TRUST_MALFORMED'],
        [
          'US',
          { format: 'shc', iss: SHC_ISS, jwks: 'x'.repeat(200_000) },
          400,
          'FORMAT_TRUST_MALFORMED',
        ],
        [
          'US',
          { format: 'shc', iss: 'http://a.example', jwks: '{"keys":[]}' },
          422,
          'FORMAT_TRUST_INVALID',
        ],
        [
          'US',
          { format: 'shc', iss: 'https://b.example', jwks: '{"keys":' },
          422,
          'FORMAT_TRUST_INVALID',
        ],
        ['NZ', { format: 'nzcp', did_document: '{"id":"did:web:x"}' }, 422, 'FORMAT_TRUST_INVALID'],
        [
          'NZ',
          { format: 'vds-nc', csca: read('vds-nc', 'trust/AU_CSCA.der') },
          422,
          'FORMAT_TRUST_COUNTRY_MISMATCH',
        ],
        ['AU', { format: 'vds-nc', csca: keys.AU!.dsc.der }, 422, 'FORMAT_TRUST_INVALID'],
        [
          'AU',
          { format: 'vds-nc', csca: keys.AU!.csca.der, crls: [read('vds-nc', 'trust/AU_CRL.crl')] },
          422,
          'FORMAT_TRUST_INVALID',
        ],
        [
          'IN',
          { format: 'divoc', verification_method: 'did:india', public_key_pem: 'nope' },
          422,
          'FORMAT_TRUST_INVALID',
        ],
        [
          'IN',
          { format: 'divoc', verification_method: 'a|b', public_key_pem: 'x' },
          400,
          'FORMAT_TRUST_MALFORMED',
        ],
        // Another participant's subject: its SHC issuer, its DID, a DIVOC method it uses.
        [
          'NZ',
          { format: 'shc', iss: SHC_ISS, jwks: text('shc', SHC_JWKS) },
          409,
          'FORMAT_TRUST_COLLISION',
        ],
        [
          'US',
          { format: 'nzcp', did_document: text('nzcp', 'spec-examples/valid/did.json') },
          409,
          'FORMAT_TRUST_COLLISION',
        ],
        [
          'NZ',
          {
            format: 'divoc',
            verification_method: 'did:india',
            issuer: 'https://nz.example/',
            public_key_pem: text('divoc', 'kde/did-india.pem'),
          },
          409,
          'FORMAT_TRUST_COLLISION',
        ],
        // The same material again.
        [
          'US',
          {
            format: 'shc',
            iss: SHC_ISS,
            jwks: text('shc', SHC_JWKS),
            crls: [text('shc', SHC_CRL)],
          },
          409,
          'FORMAT_TRUST_DUPLICATE',
        ],
      ];
      for (const [who, body, status, code] of refusals) {
        const r = await upload(who, body);
        expect({
          who,
          body: JSON.stringify(body).slice(0, 80),
          status: r.status,
          code: r.json.title,
        }).toEqual({
          who,
          body: JSON.stringify(body).slice(0, 80),
          status,
          code,
        });
      }
      const withdraw = await send('withdraw', keys.US!, {
        format: 'nzcp',
        subject: 'did:web:nzcp.covid19.health.nz',
      });
      expect([withdraw.status, withdraw.json.title]).toEqual([403, 'FORMAT_TRUST_NOT_FOUND']);
      expect(await version()).toBe(before);
    });

    it('carries the trust in the signed bundle: every covered vector verifies offline as its manifest expects', async () => {
      const entries = covered().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      expect(new Set(entries.map((e) => e.format))).toEqual(
        new Set(['shc', 'nzcp', 'vds-nc', 'divoc']),
      );
      const outcomes: string[] = [];
      const expected: string[] = [];
      let bundle: TrustBundle | undefined;
      let bundleAtTime = '';
      for (const e of entries) {
        if (bundleAtTime !== e.at) {
          bundle = await bundleAt(new Date(e.at));
          bundleAtTime = e.at;
          expect(bundle.rejected).toEqual([]);
        }
        const bytes = read(e.format, e.file);
        const input =
          e.format === 'nzcp'
            ? utf8Decode(bytes).trim()
            : e.format === 'divoc'
              ? bytes
              : utf8Decode(bytes);
        const report = await verify(input, { trust: bundle!, at: new Date(e.at) });
        const code = report.findings.find((f) => f.severity === 'error')?.code ?? '';
        outcomes.push(
          `${e.format} ${e.file} ${report.status} ${report.status === 'valid' ? '' : code}`,
        );
        expected.push(`${e.format} ${e.file} ${e.expect} ${report.status === 'valid' ? '' : code}`);
      }
      expect(outcomes).toEqual(expected);
      expect(outcomes.filter((o) => o.includes(' valid ')).length).toBeGreaterThanOrEqual(8);
    });

    it('a withdrawn DID document leaves the next bundle: the NZCP pass no longer verifies', async () => {
      clock = new Date('2021-11-25T00:00:00Z');
      const r = await send('withdraw', keys.NZ!, {
        format: 'nzcp',
        subject: 'did:web:nzcp.covid19.health.nz',
      });
      expect(r.status).toBe(200);
      const bundle = await bundleAt(new Date('2021-11-26T00:00:00Z'));
      const report = await verify(text('nzcp', 'spec-examples/valid/nzcp.txt').trim(), {
        trust: bundle,
        at: new Date('2021-11-26T00:00:00Z'),
      });
      expect(report.status).toBe('invalid');
      expect(report.findings.map((f) => f.code)).toContain('NZCP_ISSUER_UNTRUSTED');
    });
  });
});
