/**
 * Types for the parts of `jsonld` (Digital Bazaar, BSD-3-Clause) that core imports directly:
 * context processing, expansion and RDF conversion. The package's entry point also loads its
 * network document loaders (an HTTP client in Node, XHR in browsers); a verifier that must
 * never reach the network imports the algorithms alone, as `qr/` does with `qrcode`. The
 * version is pinned exactly in package.json, and `canonicalize.test.ts` checks these modules
 * against the public `jsonld.canonize` so an upgrade that moves them fails loudly.
 */
declare module 'jsonld/lib/context.js' {
  const api: {
    getInitialContext(options: Record<string, unknown>): unknown;
  };
  export default api;
}

declare module 'jsonld/lib/expand.js' {
  const api: {
    expand(args: {
      activeCtx: unknown;
      element: unknown;
      options: Record<string, unknown>;
    }): Promise<unknown>;
  };
  export default api;
}

declare module 'jsonld/lib/toRdf.js' {
  const api: {
    toRDF(input: unknown, options: Record<string, unknown>): unknown[];
  };
  export default api;
}

declare module 'jsonld/lib/ContextResolver.js' {
  /** Resolves and caches `@context` values; `sharedCache` needs `get` and `set` only. */
  export default class ContextResolver {
    constructor(args: {
      sharedCache: { get(key: string): unknown; set(key: string, value: unknown): unknown };
    });
  }
}

declare module 'rdf-canonize' {
  /** RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) to canonical N-Quads. */
  export function canonize(
    dataset: unknown,
    options: { algorithm: 'RDFC-1.0'; maxWorkFactor?: number; format?: 'application/n-quads' },
  ): Promise<string>;
}

declare module 'jsonld' {
  /** The public API, used by tests only (its entry point loads network document loaders). */
  const jsonld: {
    canonize(input: object, options: Record<string, unknown>): Promise<string>;
  };
  export default jsonld;
}
