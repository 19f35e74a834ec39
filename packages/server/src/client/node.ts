import { hc } from 'hono/client';
import type { NodeApi } from '../node/app.js';
import { type ClientOptions, hcOptions } from './options.js';

/**
 * The typed client of a national node's own routes (`hono/client` over `NodeApi`): the trust
 * bundle it serves its verifiers (`client.bundle.$get()`, bytes in `await res.arrayBuffer()`)
 * and the administrator's `client.bundle.sync.$post()`. The issuance and lanes APIs a node
 * mounts have their own clients (`issuanceClient`, `lanesClient`) on the same base URL.
 */
export function nodeClient(baseUrl: string, options: ClientOptions = {}) {
  return hc<NodeApi>(baseUrl, hcOptions(options));
}

/** The node client's type. */
export type NodeClient = ReturnType<typeof nodeClient>;
