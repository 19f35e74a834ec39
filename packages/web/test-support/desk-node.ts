import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toBase64 } from '@corridor/core/lib';
import { openDatabase } from '@corridor/server/db';
import {
  A,
  ADMIN,
  APPLICATION,
  arrivalNode,
  Lanes,
  laneKeysOf,
  makeArrivalFixtures,
  makeFixtures,
  NOW,
  SPONSOR,
} from '@corridor/server/lanes';
import type { BundleSync } from '@corridor/server/node';
import { nodeApp } from '@corridor/server/node';
import { setStaffPassword } from '@corridor/server/staff';
import { serve } from '@hono/node-server';
import { STAFF_PASSWORD } from './staff-node.js';

/** The desk node's staff accounts, all with {@link STAFF_PASSWORD}; `lab-icn` is Incheon's lab. */
export const DESK_STAFF = {
  checkpoint: 'icn-desk-7',
  laboratory: 'lab-icn',
  authority: 'officer-kr',
} as const;

/** A real Korean node after a sync (the CN-KR lane's bundle), its clock in the test's hands. */
export interface DeskNode {
  origin: string;
  /** Two approved applications (`id`) and their passes (`passId`, `CP1:` texts). */
  passes: { id: string; passId: string; code: string }[];
  /** Sets the node's clock (the checks and results are decided at it). */
  setClock(at: Date): void;
  /** An arrival check recorded by the node itself (to give the laboratory a second order). */
  arrive(code: string, credentials: string[], mrz: string, departure: Date): Promise<void>;
  /** Starts the monitoring of a released pass (as the laboratory's negative result does). */
  startMonitoring(passId: string, releasedAt: Date): Promise<{ token: string; days: number }>;
  close(): Promise<void>;
}

/**
 * Starts the node as `corridor start` assembles it (`nodeApp` with the lanes and the web app),
 * with the arrival fixtures' bundle, Incheon's holding facility and laboratory, one staff
 * account per desk role, and two approved applications with their passes.
 */
export async function startDeskNode(dist: string): Promise<DeskNode> {
  await makeFixtures();
  await makeArrivalFixtures();
  let clock = NOW;
  const now = () => clock;
  const database = await openDatabase({ dataDir: 'memory://' });
  const lanes = new Lanes(database.db, await arrivalNode(database.db, now), now);
  await lanes.recordVersion(A.lane, laneKeysOf, ADMIN);
  await lanes.registerSponsor(SPONSOR, ADMIN);
  for (const [role, account] of Object.entries(DESK_STAFF))
    await setStaffPassword(
      database.db,
      { account, password: STAFF_PASSWORD, role: role as keyof typeof DESK_STAFF },
      { actor: ADMIN, now: NOW },
    );
  const passes: { id: string; passId: string; code: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const submitted = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN);
    const pass = await lanes.approve(submitted.id, ADMIN);
    passes.push({ id: submitted.id, passId: pass.passId, code: pass.code });
  }
  const spki = new Uint8Array(
    await globalThis.crypto.subtle.exportKey('spki', A.anchor.key.key as CryptoKey),
  );
  const anchorPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  const app = nodeApp({
    country: 'KR',
    sync: { latest: async () => undefined } as unknown as BundleSync,
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
    passes,
    setClock: (at) => {
      clock = at;
    },
    arrive: async (code, credentials, mrz, departure) => {
      await lanes.check(
        {
          pass: code,
          credentials,
          mrz,
          checkpoint: 'arrival',
          scheduledDeparture: departure,
          journey: { origin: 'CN', destination: 'KR', port: 'ICN' },
          lang: 'en',
        },
        { id: `${DESK_STAFF.checkpoint}/session`, account: DESK_STAFF.checkpoint },
      );
    },
    startMonitoring: async (passId, releasedAt) =>
      lanes.startMonitoring(passId, releasedAt, {
        id: `${DESK_STAFF.laboratory}/session`,
        account: DESK_STAFF.laboratory,
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await database.close();
    },
  };
}
