import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultCrypto } from '@corridor/core/crypto';
import { CN_KR_LANE_V1, countersignLane, signLane } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import { countersignAgreement, signAgreement } from '@corridor/core/trust';
import { openDatabase } from '@corridor/server/db';
import {
  Gateway,
  gatewayApp,
  onboardParticipant,
  signGatewayRequest,
} from '@corridor/server/gateway';
import {
  type CountryKeys,
  createAnchor,
  createCountryKeys,
} from '@corridor/server/gateway/fixtures';
import { NOW } from '@corridor/server/lanes';
import { serve } from '@hono/node-server';

/** The gateway's log id (the tree heads and the bundle name it). */
export const GATEWAY_ID = 'corridor-operator-test-gateway';
/** The active CN⇄KR agreement (signed by CN, countersigned by KR). */
export const AGREEMENT_ID = 'CN-KR-fast-track';
/** An agreement CN signed that KR has not countersigned yet. */
export const PENDING_AGREEMENT_ID = 'CN-KR-research';

/** A real trust gateway (PGlite in memory) serving the web app, with demo trust in it. */
export interface OperatorGateway {
  origin: string;
  /** Adds one entry to the log (CN proposes one more agreement, numbered `n`). */
  appendEntry(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a gateway as `corridor start` assembles it (`gatewayApp` with the web app configured
 * with the anchor and no country), its clock pinned to the lane fixtures' day, and seeds it over
 * its own HTTP API as the demo does: CN and KR onboarded, a DSC each, the CN⇄KR agreement
 * signed, countersigned and activated, a second agreement only signed, and the CN⇄KR lane
 * version 1 (signed by KR, countersigned by CN).
 */
export async function startOperatorGateway(dist: string): Promise<OperatorGateway> {
  const crypto = defaultCrypto();
  const now = () => NOW;
  const database = await openDatabase({ dataDir: 'memory://' });
  const anchor = await createAnchor();
  const gateway = new Gateway(database.db, {
    id: GATEWAY_ID,
    anchor: anchor.signer,
    anchorKey: anchor.key,
    crypto,
    now,
  });
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey),
  );
  const anchorPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  const app = gatewayApp(gateway, {
    operatorToken: 'operator-test-token',
    web: { dist, config: { node: '', anchors: [anchorPem] } },
  });

  const [cn, kr] = (await Promise.all(['CN', 'KR'].map((c) => createCountryKeys(c, NOW)))) as [
    CountryKeys,
    CountryKeys,
  ];
  for (const keys of [cn, kr])
    await onboardParticipant(
      database.db,
      gateway.config,
      {
        country: keys.country,
        name: `Health authority ${keys.country} (test)`,
        uploadCertificate: keys.upload.der,
        authorityCertificate: keys.authority.der,
        cscas: [keys.csca.der],
      },
      'operator',
    );
  const signed = async (
    path: string,
    keys: CountryKeys,
    action: string,
    body: Record<string, unknown>,
  ) => {
    const bytes = await signGatewayRequest(
      { country: keys.country, action, iat: Math.floor(NOW.getTime() / 1000), body },
      keys.uploadSigner,
      crypto,
    );
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: bytes as BodyInit,
    });
    if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  };
  for (const keys of [cn, kr])
    await signed('/dscs', keys, 'dsc.upload', { certificate: keys.dsc.der });
  const t = Math.floor(NOW.getTime() / 1000);
  const agreement = (id: string) => ({
    id,
    parties: ['CN', 'KR'] as [string, string],
    recognitions: [
      {
        verifier: 'KR',
        issuer: 'CN',
        types: ['vaccination', 'test'] as ('vaccination' | 'test')[],
      },
      { verifier: 'CN', issuer: 'KR', types: ['test'] as 'test'[] },
    ],
    validFrom: t - 86400,
    validTo: t + 365 * 86400,
  });
  const document = await signAgreement(agreement(AGREEMENT_ID), cn.authoritySigner, crypto);
  await signed('/agreements/propose', cn, 'agreement.propose', { id: AGREEMENT_ID, document });
  await signed('/agreements/countersign', kr, 'agreement.countersign', {
    id: AGREEMENT_ID,
    document: await countersignAgreement(document, kr.authoritySigner, crypto),
  });
  await signed('/agreements/activate', kr, 'agreement.activate', { id: AGREEMENT_ID });
  await signed('/agreements/propose', cn, 'agreement.propose', {
    id: PENDING_AGREEMENT_ID,
    document: await signAgreement(agreement(PENDING_AGREEMENT_ID), cn.authoritySigner, crypto),
  });
  const lane = await signLane(CN_KR_LANE_V1, kr.authoritySigner, crypto);
  if (!lane.ok) throw new Error(lane.code);
  const both = await countersignLane(lane.value, cn.authoritySigner, crypto);
  if (!both.ok) throw new Error(both.code);
  await signed('/lanes/versions', kr, 'lane.version', { document: both.value });

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    ) as Server;
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    appendEntry: async (n) => {
      const id = `CN-KR-extra-${n}`;
      await signed('/agreements/propose', cn, 'agreement.propose', {
        id,
        document: await signAgreement(agreement(id), cn.authoritySigner, crypto),
      });
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await database.close();
    },
  };
}
