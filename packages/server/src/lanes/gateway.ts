import type { CoseSigner } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { type PushOutcome, pushRevocations } from '../issuance/revocation.js';
import type { LanesNode } from './config.js';

/** How the node reaches the gateway (the upload key signs every request). */
export interface GatewayLink {
  /** The gateway's base URL, e.g. `https://gateway.example`. */
  gatewayUrl: string;
  uploadSigner: CoseSigner;
  now: Date;
  crypto?: CryptoProvider;
  /** HTTP client; default global `fetch`. Tests pass a Hono app's `request`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * Uploads the node's unrevoked entry-pass DSCs to the gateway (`dsc.upload`, like the health
 * certificate DSCs), so bundles carry them and verifiers check passes offline; the gateway
 * also lists a pass's revocation hashes only under a DSC of the uploading country. A DSC the
 * gateway already holds (409 `DSC_DUPLICATE`) counts as done, so this runs at every start.
 * Throws `Error` with the gateway's answer on any other refusal.
 */
export async function uploadPassDscs(
  node: LanesNode,
  link: GatewayLink,
): Promise<{ uploaded: number; present: number }> {
  const send = link.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const url = new URL(
    'dscs',
    link.gatewayUrl.endsWith('/') ? link.gatewayUrl : `${link.gatewayUrl}/`,
  );
  const outcome = { uploaded: 0, present: 0 };
  for (const dsc of node.dscCertificates) {
    if (dsc.revoked) continue;
    const bytes = await signGatewayRequest(
      {
        country: node.country,
        action: 'dsc.upload',
        iat: Math.floor(link.now.getTime() / 1000),
        body: { certificate: dsc.der },
      },
      link.uploadSigner,
      link.crypto,
    );
    const res = await send(url.toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    if (res.ok) {
      outcome.uploaded++;
      continue;
    }
    const text = await res.text();
    if (res.status === 409 && text.includes('DSC_DUPLICATE')) {
      outcome.present++;
      continue;
    }
    throw new Error(`the gateway refused entry-pass DSC ${dsc.label} (${res.status}): ${text}`);
  }
  return outcome;
}

/**
 * Pushes the pass revocation queue (filled by `revokePass`) to the gateway exactly as
 * certificate revocations go: signed `revocations.upload` batches per kid and hash type,
 * claimed with a lease, marked pushed with the gateway's version (`pushRevocations`).
 */
export function pushPassRevocations(
  db: Kysely<CorridorSchema>,
  node: LanesNode,
  link: GatewayLink,
): Promise<PushOutcome> {
  return pushRevocations(db, {
    ...link,
    country: node.country,
    queue: 'lane_pass_revocation_queue',
  });
}
