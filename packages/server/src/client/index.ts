/**
 * Typed HTTP clients of Corridor's APIs (`hono/client` over each app's route types), for the
 * CLI, the tests and the web app. Browser-safe: the server code enters only as types.
 */

export type { LanesApi } from '../lanes/app.js';
export { type LanesClient, lanesClient } from './lanes.js';
export type { ClientOptions } from './options.js';
