import ContextResolver from 'jsonld/lib/ContextResolver.js';
import contextApi from 'jsonld/lib/context.js';
import expandApi from 'jsonld/lib/expand.js';
import toRdfApi from 'jsonld/lib/toRdf.js';
import { canonize } from 'rdf-canonize';
import { fail, ok, type Result } from '../lib/result.js';

/**
 * JSON-LD to canonical N-Quads (JSON-LD 1.1 expansion, RDF conversion, RDFC-1.0, which is
 * URDNA2015 under its standard name), with contexts served only from memory. The algorithms
 * are Digital Bazaar's `jsonld` and `rdf-canonize`, called below the `jsonld` entry point so
 * that no network document loader is ever loaded (see `jsonld-internals.d.ts`).
 */

/** Where context documents come from: memory only, and a cache of processed contexts. */
export interface ContextSource {
  /** Context documents by URL. */
  readonly documents: ReadonlyMap<string, unknown>;
  /**
   * Processed contexts, shared by every canonicalisation against the same documents (a URL
   * always means the same document here, so the cache never mixes two trust configurations).
   */
  readonly cache: Map<string, unknown>;
}

/** A JSON-LD processing warning: data that takes no part in the canonical form. */
export interface DroppedData {
  /** jsonld's event code, e.g. `invalid property`, `relative @id reference`. */
  code: string;
  /** The property or IRI concerned, when the event names one. */
  subject?: string;
}

/** The outcome of canonicalising one JSON-LD document. */
export interface Canonicalized {
  nquads: string;
  /** Warnings about data left out of the canonical form (so not covered by a signature). */
  dropped: DroppedData[];
}

export type CanonicalizeCode = 'DIVOC_CONTEXT_UNKNOWN' | 'DIVOC_CANONICALIZATION_FAILED';

/** Thrown by the document loader for a URL the source does not hold; carries the URL out. */
class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(`unknown context ${url}`);
  }
}

/** jsonld's "unsafe" warnings: data silently left out of the RDF (jsonld's safe-mode list). */
const DROPPING_EVENTS = new Set([
  'empty object',
  'free-floating scalar',
  'invalid @language value',
  'invalid property',
  'null @id value',
  'null @value value',
  'object with only @id',
  'object with only @language',
  'object with only @list',
  'object with only @value',
  'relative @id reference',
  'relative @type reference',
  'relative @vocab reference',
  'reserved @id value',
  'reserved @reverse value',
  'reserved term',
  'blank node predicate',
  'relative graph reference',
  'relative object reference',
  'relative predicate reference',
  'relative subject reference',
  'rdfDirection not set',
]);

/**
 * Canonicalises a JSON-LD document to RDFC-1.0 N-Quads with contexts from `source` only.
 * `maxWorkFactor` 1 bounds the blank-node comparison work linearly (rdf-canonize's default),
 * so a "poison" graph is refused instead of burning CPU. Never throws on bad input.
 *
 * @example
 * const c = await canonicalizeJsonLd(credentialWithoutProof, source);
 * if (c.ok) sha256(utf8Encode(c.value.nquads));
 */
export async function canonicalizeJsonLd(
  document: unknown,
  source: ContextSource,
): Promise<Result<Canonicalized, CanonicalizeCode>> {
  const dropped: DroppedData[] = [];
  const options: Record<string, unknown> = {
    base: '',
    keepFreeFloatingNodes: false,
    produceGeneralizedRdf: false,
    safe: false,
    documentLoader: (url: string) => {
      const doc = source.documents.get(url);
      if (doc === undefined) throw new UnknownContextError(url);
      // jsonld resolves relative context URLs in place: it gets its own copy.
      return Promise.resolve({
        contextUrl: null,
        documentUrl: url,
        document: structuredClone(doc),
      });
    },
    contextResolver: new ContextResolver({ sharedCache: source.cache }),
    eventHandler: [
      ({
        event,
      }: {
        event: { code: string; level: string; details?: Record<string, unknown> };
      }) => {
        if (event.level !== 'warning' || !DROPPING_EVENTS.has(event.code)) return;
        if (dropped.length >= 16) return;
        dropped.push({ code: event.code, ...subjectOf(event.details) });
      },
    ],
  };
  try {
    const activeCtx = contextApi.getInitialContext(options);
    let expanded = await expandApi.expand({
      activeCtx,
      element: structuredClone(document),
      options,
    });
    // As `jsonld.expand`: a lone top-level @graph is unwrapped; the result is an array.
    if (
      expanded &&
      typeof expanded === 'object' &&
      !Array.isArray(expanded) &&
      '@graph' in expanded &&
      Object.keys(expanded).length === 1
    ) {
      expanded = (expanded as Record<string, unknown>)['@graph'];
    } else if (expanded === null) {
      expanded = [];
    }
    if (!Array.isArray(expanded)) expanded = [expanded];
    const dataset = toRdfApi.toRDF(expanded, options);
    const nquads = await canonize(dataset, { algorithm: 'RDFC-1.0', maxWorkFactor: 1 });
    return ok({ nquads, dropped });
  } catch (error) {
    const unknown = unknownContextIn(error);
    if (unknown) return fail('DIVOC_CONTEXT_UNKNOWN', { url: unknown.slice(0, 200) });
    return fail('DIVOC_CANONICALIZATION_FAILED', { reason: reasonOf(error) });
  }
}

/** A fresh source over `documents` with an empty cache. */
export function contextSource(documents: ReadonlyMap<string, unknown>): ContextSource {
  return { documents, cache: new Map() };
}

function subjectOf(details: Record<string, unknown> | undefined): { subject?: string } {
  if (!details) return {};
  for (const key of ['property', 'id', 'subject', 'object', 'predicate', 'type', 'value']) {
    const value = details[key];
    if (typeof value === 'string') return { subject: value.slice(0, 100) };
  }
  return {};
}

/** Finds our loader's refusal however deep jsonld wrapped it (`details.cause`). */
function unknownContextIn(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 8 && current && typeof current === 'object'; i++) {
    if (current instanceof UnknownContextError) return current.url;
    const e = current as { cause?: unknown; details?: { cause?: unknown } };
    current = e.details?.cause ?? e.cause;
  }
  return undefined;
}

function reasonOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is too complex';
  const e = error as { message?: unknown; details?: { code?: unknown } };
  const code = typeof e?.details?.code === 'string' ? e.details.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return (code ? `${code}: ${message}` : message).slice(0, 160);
}
