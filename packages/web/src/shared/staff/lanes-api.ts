import { lanesClient } from '@corridor/server/client';
import type { ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { readAnswer, staffFetch } from './api.js';

/**
 * The node's lanes API as the staff pages call it: the typed client (`@corridor/server/client`,
 * only `hono/client` enters the bundle) on the page's origin, through {@link staffFetch}.
 */
export const lanesApi = lanesClient(globalThis.location?.origin ?? 'http://localhost', {
  fetch: staffFetch,
});

/** The success answer of a typed call, as its route declares it. */
export type Answer<R> =
  R extends ClientResponse<infer T, infer S, 'json'>
    ? S extends SuccessStatusCode
      ? T
      : never
    : never;

/** Awaits a typed call: its success answer, or the refusal thrown as an `ApiProblem`. */
export async function answerOf<R extends ClientResponse<unknown, number, string>>(
  call: Promise<R>,
): Promise<Answer<R>> {
  return readAnswer<Answer<R>>((await call) as unknown as Response);
}
