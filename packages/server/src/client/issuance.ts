import { hc } from 'hono/client';
import type { IssuanceApi } from '../issuance/app.js';
import { type ClientOptions, hcOptions } from './options.js';

/**
 * The typed client of a node's issuance API (`hono/client` over `IssuanceApi`): issue
 * (`client.certificates.$post({ json, header })`), read, fetch the QR code or PDF, revoke,
 * and create or revoke tokens. The headers option carries the bearer token.
 */
export function issuanceClient(baseUrl: string, options: ClientOptions = {}) {
  return hc<IssuanceApi>(baseUrl, hcOptions(options));
}

/** The issuance client's type. */
export type IssuanceClient = ReturnType<typeof issuanceClient>;
