import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toBase64 } from '@corridor/core/lib';
import { openDatabase } from '@corridor/server/db';
import { createAnchor, createCountryKeys } from '@corridor/server/gateway/fixtures';
import { createIssuanceNode, Issuance } from '@corridor/server/issuance';
import { ADMIN, F, keysOf, Lanes, makeFixtures, NOW, SPONSOR } from '@corridor/server/lanes';
import type { BundleSync } from '@corridor/server/node';
import { nodeApp } from '@corridor/server/node';
import { setStaffPassword } from '@corridor/server/staff';
import { serve } from '@hono/node-server';

/** The staff accounts of the test node, one per role, all with {@link STAFF_PASSWORD}. */
export const STAFF = {
  issuer: 'clerk-kr',
  administrator: 'chief-kr',
  sponsor: SPONSOR.id,
  authority: 'officer-kr',
} as const;
export const STAFF_PASSWORD = 'a long test passphrase';
/** The node's pinned clock: the lane fixtures' day (their lane version is in force then). */
export const NODE_NOW = NOW;
/** The lane the fixtures record. */
export const LANE_ID = 'CN-KR-FAST-TRACK';

/** A real Korean national node (PGlite in memory): issuance, a lane, staff sign-in and the app. */
export interface StaffNode {
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts the node the way `corridor start` assembles it (`nodeApp` with issuance, lanes and the
 * web app), on loopback, its clock pinned to {@link NODE_NOW}; seeds one staff account per role
 * and registers the sponsor on the lane.
 */
export async function startStaffNode(dist: string): Promise<StaffNode> {
  await makeFixtures();
  const database = await openDatabase({ dataDir: 'memory://' });
  const now = () => NODE_NOW;
  const kr = await createCountryKeys('KR', NODE_NOW);
  const issuance = new Issuance(
    database.db,
    await createIssuanceNode({
      country: 'KR',
      issuerName: 'KDCA (test)',
      dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
      nodeSecret: new Uint8Array(32).fill(9),
    }),
    now,
  );
  const lanes = new Lanes(database.db, F.node, now);
  await lanes.recordVersion(F.v1, keysOf, ADMIN);
  await lanes.registerSponsor(SPONSOR, ADMIN);
  for (const [role, account] of Object.entries(STAFF))
    await setStaffPassword(
      database.db,
      { account, password: STAFF_PASSWORD, role: role as keyof typeof STAFF },
      { actor: ADMIN, now: NODE_NOW },
    );
  // The staff pages need no trust bundle; the app's configuration still names an anchor.
  const anchor = await createAnchor();
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey),
  );
  const anchorPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  const app = nodeApp({
    country: 'KR',
    sync: { latest: async () => undefined } as unknown as BundleSync,
    issuance,
    lanes,
    web: { dist, config: { node: '', anchors: [anchorPem], country: 'KR' } },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    ) as Server;
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await database.close();
    },
  };
}
