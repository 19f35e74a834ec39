import { encodeCbor } from '@corridor/core/cbor';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import { MerkleLog, type TreeHead } from '@corridor/core/transparency';
import {
  countersignAgreement,
  type RecognitionAgreement,
  signAgreement,
  type TrustBundleContent,
} from '@corridor/core/trust';
import { type CountryKeys, createCountryKeys } from '@corridor/server/gateway/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  checkAgreement,
  checkConsistency,
  checkDsc,
  checkLaneVersion,
  checkLogEntry,
  readOperatorConfig,
} from '../src/roles/operator/checks.js';

// What the operator console checks in the page (the same functions run in Chromium in
// operator.test.ts): who signed agreements and lane versions, DSC chains against the bundle,
// and log entries against a tree head, each refused with its code when something is off.

const NOW = new Date('2021-03-01T00:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

describe('operator console checks', () => {
  let cn: CountryKeys;
  let kr: CountryKeys;
  let jp: CountryKeys;
  let content: TrustBundleContent;
  let keys: Awaited<ReturnType<typeof authorityKeys>>;
  const agreement: RecognitionAgreement = {
    id: 'CN-KR-fast-track',
    parties: ['CN', 'KR'],
    recognitions: [{ verifier: 'KR', issuer: 'CN', types: ['vaccination'] }],
    validFrom: T - 86400,
    validTo: T + 86400 * 365,
  };

  beforeAll(async () => {
    [cn, kr, jp] = (await Promise.all(
      ['CN', 'KR', 'JP'].map((c) => createCountryKeys(c, NOW)),
    )) as [CountryKeys, CountryKeys, CountryKeys];
    const country = (k: CountryKeys) => ({
      country: k.country,
      cscas: [k.csca.der],
      dscs: [],
      authorities: [k.authority.der],
    });
    content = {
      version: 1,
      issuedAt: T,
      expiresAt: T + 3600,
      gateway: 'test-gateway',
      // JP's authority certificate listed under KR: it does not chain to KR's CSCA.
      countries: [
        country(cn),
        { ...country(kr), authorities: [kr.authority.der, jp.authority.der] },
      ],
      revokedKids: [],
      revocations: [],
      ruleSets: [],
      valueSets: [],
      agreements: [],
    };
    keys = await authorityKeys(content);
  });

  it('takes only authority certificates that chain to their own country CSCA', () => {
    expect(keys.get('CN')).toHaveLength(1);
    expect(keys.get('KR')).toHaveLength(1);
    expect(keys.get('JP')).toBeUndefined();
  });

  it('names who signed and who countersigned an agreement, and verifies it with core', async () => {
    const signed = await signAgreement(agreement, cn.authoritySigner);
    const both = await countersignAgreement(signed, kr.authoritySigner);
    const result = await checkAgreement(both, 'active', ['CN', 'KR'], keys);
    expect(result.check).toEqual({ ok: true });
    expect(result.layers).toEqual([
      { kind: 'signed', country: 'CN' },
      { kind: 'countersigned', country: 'KR' },
    ]);
    const proposed = await checkAgreement(signed, 'signed', ['CN', 'KR'], keys);
    expect(proposed.check).toEqual({ ok: true });
    expect(proposed.layers).toEqual([{ kind: 'signed', country: 'CN' }]);
  });

  it('refuses an agreement countersigned by a key of no party, and says which layer failed', async () => {
    const signed = await signAgreement(agreement, cn.authoritySigner);
    const forged = await countersignAgreement(signed, jp.authoritySigner);
    const result = await checkAgreement(forged, 'active', ['CN', 'KR'], keys);
    expect(result.check).toMatchObject({ ok: false, code: 'AGREEMENT_SIGNATURE_INVALID' });
    expect(result.layers).toEqual([
      { kind: 'signed', country: 'CN' },
      { kind: 'countersigned', code: 'COSE_KEY_UNKNOWN' },
    ]);
    // One flipped byte of the signature: the key matches, the signature does not.
    const damaged = (await countersignAgreement(signed, kr.authoritySigner)).slice();
    damaged[damaged.length - 5]! ^= 0x01;
    const broken = await checkAgreement(damaged, 'active', ['CN', 'KR'], keys);
    expect(broken.check).toMatchObject({ ok: false, code: 'AGREEMENT_SIGNATURE_INVALID' });
    expect(broken.layers[1]).toEqual({ kind: 'countersigned', code: 'COSE_SIGNATURE_INVALID' });
  });

  it('verifies a countersigned lane version and names both signers', async () => {
    const signed = await signLane(CN_KR_LANE_V1, kr.authoritySigner);
    if (!signed.ok) throw new Error(signed.code);
    const both = await countersignLane(signed.value, cn.authoritySigner);
    if (!both.ok) throw new Error(both.code);
    const result = await checkLaneVersion(both.value, ['CN', 'KR'], keys);
    expect(result.check).toEqual({ ok: true });
    expect(result.layers).toEqual([
      { kind: 'signed', country: 'KR' },
      { kind: 'countersigned', country: 'CN' },
    ]);
    const onlyOne = await checkLaneVersion(signed.value, ['CN', 'KR'], keys);
    expect(onlyOne.check).toMatchObject({ ok: false, code: 'LANE_MALFORMED' });
  });

  it("checks a DSC against its country's CSCA in the bundle", async () => {
    expect(await checkDsc(kr.dsc.der, 'KR', content)).toEqual({ ok: true });
    expect(await checkDsc(kr.dsc.der, 'CN', content)).toMatchObject({
      ok: false,
      code: 'DSC_NOT_CHAINED',
    });
    expect(await checkDsc(kr.dsc.der, 'SG', content)).toMatchObject({
      ok: false,
      code: 'DSC_COUNTRY_UNKNOWN',
    });
  });

  describe('log entries', () => {
    const log = new MerkleLog();
    const leaves = Array.from({ length: 7 }, (_, i) =>
      encodeCbor({ version: i + 1, type: 'dsc.upload', country: 'KR', object: `kid${i}`, at: T }),
    );
    for (const leaf of leaves) log.appendLeaf(leaf);
    const head: TreeHead = {
      logId: 'test-gateway',
      treeSize: 7,
      rootHash: log.root(),
      timestamp: 1,
    };
    const answer = (index: number) => ({
      treeSize: 7,
      leaf: toBase64(leaves[index]!),
      leafHash: toBase64(log.leafHashAt(index)),
      proof: log.inclusionProof(index).map(toBase64),
    });

    it('verifies every entry by its inclusion proof and reads what it records', () => {
      for (let i = 0; i < 7; i++) {
        const r = checkLogEntry(head, i, answer(i));
        expect(r.check, `entry ${i}`).toEqual({ ok: true });
        expect(r.entry).toMatchObject({ version: i + 1, type: 'dsc.upload', object: `kid${i}` });
      }
    });

    it('refuses a damaged proof, another leaf, another index and a proof for another tree size', () => {
      const bad = answer(3);
      const first = Uint8Array.from(atob(bad.proof[0]!), (c) => c.charCodeAt(0));
      first[0]! ^= 0xff;
      const damaged = { ...bad, proof: [toBase64(first), ...bad.proof.slice(1)] };
      expect(checkLogEntry(head, 3, damaged).check).toEqual({
        ok: false,
        code: 'TLOG_INCLUSION_INVALID',
        params: { logId: 'test-gateway', index: 3, treeSize: 7 },
      });
      // A leaf swapped for another, with its own (correct) hash: the proof is for entry 3.
      const swapped = { ...bad, leaf: answer(4).leaf, leafHash: answer(4).leafHash };
      expect(checkLogEntry(head, 3, swapped).check).toMatchObject({
        code: 'TLOG_INCLUSION_INVALID',
      });
      // The served leaf hash does not match the leaf: refused even if the proof is right.
      expect(checkLogEntry(head, 3, { ...bad, leafHash: answer(4).leafHash }).check).toMatchObject({
        code: 'TLOG_INCLUSION_INVALID',
      });
      expect(checkLogEntry(head, 2, bad).check).toMatchObject({ code: 'TLOG_INCLUSION_INVALID' });
      expect(checkLogEntry(head, 3, { ...bad, treeSize: 6 }).check).toMatchObject({
        code: 'TLOG_INCLUSION_INVALID',
      });
      expect(checkLogEntry(head, 3, { ...bad, proof: ['not base64!'] }).check).toMatchObject({
        code: 'TLOG_INCLUSION_INVALID',
      });
    });

    it('checks that the current head extends an older one, and detects a rewritten history', () => {
      const older: TreeHead = { ...head, treeSize: 4, rootHash: log.root(4) };
      const proof = log.consistencyProof(4, 7).map(toBase64);
      expect(checkConsistency(older, head, proof)).toEqual({ ok: true });
      const rewritten: TreeHead = { ...older, rootHash: log.root(3) };
      expect(checkConsistency(rewritten, head, proof)).toMatchObject({
        ok: false,
        code: 'TLOG_PROOF_INVALID',
      });
      const fork: TreeHead = { ...head, rootHash: log.root(6) };
      expect(checkConsistency(fork, head, [])).toMatchObject({ code: 'TLOG_FORK_DETECTED' });
    });
  });

  it('reads the gateway configuration without a country, and refuses one without anchors', () => {
    expect(readOperatorConfig({ node: '', anchors: ['pem'] })).toEqual({
      node: '',
      anchors: ['pem'],
    });
    expect(readOperatorConfig({ node: '', anchors: [] })).toBeUndefined();
    expect(readOperatorConfig({ anchors: ['pem'] })).toBeUndefined();
    expect(readOperatorConfig(null)).toBeUndefined();
  });
});
