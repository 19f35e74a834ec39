/** How a typed client reaches its server. */
export interface ClientOptions {
  /** The `fetch` to use: a test's `app.request`, a proxy, or the platform's (the default). */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response>;
  /** Headers on every request, e.g. `{ authorization: 'Bearer …' }`; a function is called each time. */
  headers?:
    | Record<string, string>
    | (() => Record<string, string> | Promise<Record<string, string>>);
}

/** `options` in the shape `hc` takes (no `undefined` members). */
export function hcOptions(options: ClientOptions): {
  fetch?: ClientOptions['fetch'];
  headers?: ClientOptions['headers'];
} {
  return {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}
