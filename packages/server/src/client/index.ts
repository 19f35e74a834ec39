/**
 * Typed HTTP clients of Corridor's APIs (`hono/client` over each app's route types), for the
 * CLI, the tests and the web app. Browser-safe: the server code enters only as types.
 */

export type { GatewayApi } from '../gateway/app.js';
export type { IssuanceApi } from '../issuance/app.js';
export type { LanesApi } from '../lanes/app.js';
export type { NodeApi } from '../node/app.js';
export { coseInit, type GatewayClient, gatewayClient } from './gateway.js';
export { type IssuanceClient, issuanceClient } from './issuance.js';
export { type LanesClient, lanesClient } from './lanes.js';
export { type NodeClient, nodeClient } from './node.js';
export type { ClientOptions } from './options.js';
