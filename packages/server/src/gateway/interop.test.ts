import { defaultCrypto } from '@corridor/core/crypto';
import {
  bundleTrustListEntries,
  type EuTrustListItem,
  parseDidTrustList,
  parseEuTrustList,
} from '@corridor/core/interop';
import { toBase64 } from '@corridor/core/lib';
import { loadTrustBundle } from '@corridor/core/trust';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createDsc } from '../pki/dsc.js';
import { type CountryKeys, createCountryKeys } from './fixtures.js';
import { didWebId } from './routes/interop.js';
import { onboardAll, signedInit, type TestGateway, testGateway } from './test-gateway.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const crypto = defaultCrypto();
const BASE = 'https://gateway.example:8443';

forEachEngine('gateway trust lists in EU and WHO GDHCN formats', (engine) => {
  let database: Database;
  let gateway: TestGateway;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let revokedKid: string;

  /** A signed DSC upload or revocation of `keys` through the typed client; its answer. */
  const send = async (
    keys: CountryKeys,
    action: 'dsc.upload' | 'dsc.revoke',
    body: Record<string, unknown>,
  ) => {
    const init = await signedInit(keys, action, body, NOW);
    const res =
      action === 'dsc.upload'
        ? await gateway.client.dscs.$post({}, init)
        : await gateway.client.dscs.revoke.$post({}, init);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const json = async (path: string) => {
    const res = await gateway.app.request(`${BASE}${path}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    return res.json();
  };
  const eu = async (path: string) => (await json(path)) as EuTrustListItem[];

  beforeAll(async () => {
    database = await engine.open();
    gateway = await testGateway(database.db, { now: () => NOW });
    [cn, kr] = await Promise.all([createCountryKeys('CN', NOW), createCountryKeys('KR', NOW)]);
    await onboardAll(gateway.operator, [cn, kr]);
    for (const keys of [cn, kr]) await send(keys, 'dsc.upload', { certificate: keys.dsc.der });
    // A second CN DSC, withdrawn again: it must appear in no exported list.
    const withdrawn = await createDsc({
      csca: { certificate: cn.csca.der, privateKey: cn.csca.keys.privateKey },
      country: 'CN',
      commonName: 'CN DSC withdrawn',
      usages: ['test'],
      now: NOW,
    });
    revokedKid = (await send(cn, 'dsc.upload', { certificate: withdrawn.der })).kid as string;
    await send(cn, 'dsc.revoke', { kid: revokedKid, reason: 'key retired' });
  }, 180_000);

  it('serves the EU gateway trust list, which the EU importer reads back without a problem', async () => {
    const items = await eu('/trustlist/eu');
    expect(items.map((i) => [i.country, i.certificateType])).toEqual([
      ['CN', 'CSCA'],
      ['CN', 'DSC'],
      ['KR', 'CSCA'],
      ['KR', 'DSC'],
    ]);
    expect(items.map((i) => i.kid)).not.toContain(revokedKid);
    const dsc = items.find((i) => i.country === 'KR' && i.certificateType === 'DSC')!;
    expect(dsc.kid).toBe(toBase64(kr.dsc.kid));
    expect(dsc.rawData).toBe(toBase64(kr.dsc.der));
    expect(dsc.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(dsc).not.toHaveProperty('signature');
    const parsed = await parseEuTrustList(items);
    expect(parsed.ok && parsed.value.problems).toEqual([]);
    expect(parsed.ok && parsed.value.entries).toHaveLength(4);
  });

  it('filters the EU list by type and participant, as the EU gateway paths do', async () => {
    expect((await eu('/trustlist/eu/CSCA')).map((i) => i.country)).toEqual(['CN', 'KR']);
    const krDsc = await eu('/trustlist/eu/DSC/KR');
    expect(krDsc.map((i) => [i.certificateType, i.kid])).toEqual([['DSC', toBase64(kr.dsc.kid)]]);
    expect(await eu('/trustlist/eu/DSC/JP')).toEqual([]);
    for (const path of ['/trustlist/eu/UPLOAD', '/trustlist/eu/DSC/kr', '/trustlist/eu/DSC/KOR']) {
      const res = await gateway.app.request(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { title: string }).title).toBe('REQUEST_INVALID');
    }
  });

  it('serves GDHCN DID documents at their did:web address, read back by the DID importer', async () => {
    const doc = (await json('/v2/trustlist/-/KR/DSC/did.json')) as { id: string };
    expect(doc.id).toBe('did:web:gateway.example%3A8443:v2:trustlist:-:KR:DSC');
    const parsed = await parseDidTrustList(doc);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.problems).toEqual([]);
    expect(parsed.value.entries.map((e) => [e.country, e.kind, toBase64(e.kid), e.domain])).toEqual(
      [['KR', 'DSC', toBase64(kr.dsc.kid), 'DCC']],
    );
    const cscas = await parseDidTrustList(await json('/v2/trustlist/DCC/-/SCA/did.json'));
    expect(cscas.ok && cscas.value.entries.map((e) => [e.country, e.kind])).toEqual([
      ['CN', 'CSCA'],
      ['KR', 'CSCA'],
    ]);
    const all = await parseDidTrustList(await json('/v2/trustlist/-/-/did.json'));
    expect(all.ok && all.value.entries).toHaveLength(4);
    expect(all.ok && all.value.entries.map((e) => toBase64(e.kid))).not.toContain(revokedKid);
    for (const path of [
      '/v2/trustlist/-/KR/UP/did.json',
      '/v2/trustlist/ICVP/KR/DSC/did.json',
      '/v2/trustlist/-/KOR/DSC/did.json',
    ]) {
      expect((await gateway.app.request(path)).status, path).toBe(400);
    }
  });

  it('lists exactly the certificates of the signed bundle, so both routes agree', async () => {
    const loaded = await loadTrustBundle(
      new Uint8Array(await (await gateway.app.request('/bundle')).arrayBuffer()),
      { anchors: [gateway.anchor.key], at: NOW, crypto },
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const fromBundle = await bundleTrustListEntries(loaded.value.content);
    const key = (kind: string, country: string, kid: string) => `${kind} ${country} ${kid}`;
    expect(fromBundle.map((e) => key(e.kind, e.country, toBase64(e.kid))).sort()).toEqual(
      (await eu('/trustlist/eu')).map((i) => key(i.certificateType, i.country, i.kid)).sort(),
    );
  });

  it('leaves out a participant whose signed record was tampered with', async () => {
    await database.db
      .updateTable('participants')
      .set({ name: 'Tampered' })
      .where('country', '=', 'CN')
      .execute();
    expect((await eu('/trustlist/eu')).map((i) => i.country)).toEqual(['KR', 'KR']);
  });
});

it('derives the did:web id of a URL (host, port as %3A, path without did.json)', () => {
  expect(didWebId('https://gw.example/v2/trustlist/-/KR/DSC/did.json')).toBe(
    'did:web:gw.example:v2:trustlist:-:KR:DSC',
  );
  expect(didWebId('http://localhost:8080/v2/trustlist/DCC/-/did.json')).toBe(
    'did:web:localhost%3A8080:v2:trustlist:DCC:-',
  );
});
