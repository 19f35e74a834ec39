import { hc } from 'hono/client';
import type { LanesApi } from '../lanes/app.js';
import { type ClientOptions, hcOptions } from './options.js';

/**
 * The typed client of the lanes API (`hono/client` over `LanesApi`): paths, methods, bodies,
 * queries and answers are the routes' own types, so a wrong body or a misspelt path fails to
 * compile. `client.lanes.applications.$post({ json })` sends, `await res.json()` is typed by
 * the status checked (`if (res.status === 201)`).
 *
 * Browser-safe: only `hono/client` is bundled; `LanesApi` is a type.
 */
export function lanesClient(baseUrl: string, options: ClientOptions = {}) {
  return hc<LanesApi>(baseUrl, hcOptions(options));
}

/** The lanes client's type. */
export type LanesClient = ReturnType<typeof lanesClient>;
