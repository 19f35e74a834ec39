import { hc } from 'hono/client';
import type { GatewayApi } from '../gateway/app.js';
import { type ClientOptions, hcOptions } from './options.js';

/**
 * The typed client of the trust gateway (`hono/client` over `GatewayApi`): the trust routes
 * (`/bundle`, `/trustlist`, `/revocations`, `/documents/{kind}`, `/agreements`), onboarding
 * (`/participants`) and the participants' signed uploads (`/dscs`, `/rules`, `/agreements/…`),
 * the EU and GDHCN trust lists (`/trustlist/eu…`, `/v2/trustlist/…/did.json`), lane versions,
 * the transparency log and audit, the breakers' signed indicators and overrides, and other
 * formats' trust (`/formats`).
 *
 * Signed requests are `application/cose` bytes, which `hono/client` does not type: send them as
 * `client.indicators.$post({}, { init: coseInit(bytes) })`.
 */
export function gatewayClient(baseUrl: string, options: ClientOptions = {}) {
  return hc<GatewayApi>(baseUrl, hcOptions(options));
}

/** The gateway client's type. */
export type GatewayClient = ReturnType<typeof gatewayClient>;

/** The request options that send `request` (a signed gateway request) as `application/cose`. */
export function coseInit(request: Uint8Array): { init: RequestInit } {
  return {
    init: {
      headers: { 'content-type': 'application/cose' },
      body: request as Uint8Array<ArrayBuffer>,
    },
  };
}
