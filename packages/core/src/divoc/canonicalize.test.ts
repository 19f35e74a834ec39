import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import { canonicalizeJsonLd, contextSource } from './canonicalize.js';
import { BUNDLED_CONTEXTS } from './contexts/index.js';

const dir = vectorsDir('divoc');
const source = () => contextSource(BUNDLED_CONTEXTS);

/** The public jsonld API, with the same memory-only contexts (test only: it loads an HTTP client). */
async function publicCanonize(doc: unknown): Promise<string> {
  return jsonld.canonize(doc as object, {
    algorithm: 'URDNA2015',
    format: 'application/n-quads',
    safe: false,
    documentLoader: async (url: string) => {
      const document = BUNDLED_CONTEXTS.get(url);
      if (!document) throw new Error(`no ${url}`);
      return { contextUrl: null, documentUrl: url, document: structuredClone(document) } as never;
    },
  });
}

describe.skipIf(!dir)('canonicalizeJsonLd', () => {
  const files = [
    'egov-divoc/rsa-signed.json',
    'egov-divoc/ed25519-signed.json',
    'kde/partial-vaccination.json',
  ];

  it('gives the same N-Quads as the public jsonld.canonize (guards the pinned internal modules)', async () => {
    for (const file of files) {
      const vc = JSON.parse(readFileSync(path.join(dir!, file), 'utf8'));
      const { proof, ...document } = vc;
      const { jws: _jws, ...options } = proof;
      const proofOptions = { '@context': 'https://w3id.org/security/v2', ...options };
      for (const doc of [document, proofOptions]) {
        const ours = await canonicalizeJsonLd(doc, source());
        expect(ours.ok, file).toBe(true);
        if (ours.ok) expect(ours.value.nquads, file).toBe(await publicCanonize(doc));
      }
    }
  });

  it('agrees with jsonld.canonize on generated credentials (values, extra and missing fields)', async () => {
    const base = JSON.parse(readFileSync(path.join(dir!, 'egov-divoc/rsa-signed.json'), 'utf8'));
    delete base.proof;
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const edit = fc.record({
      where: fc.constantFrom('credentialSubject', 'evidence', 'top'),
      key: fc.constantFrom('name', 'dose', 'totalDoses', 'vaccine', 'date', 'unknownTerm', 'id'),
      value: fc.option(value, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 4 }), async (edits) => {
        const doc = structuredClone(base);
        for (const e of edits) {
          const target =
            e.where === 'top'
              ? doc
              : e.where === 'evidence'
                ? doc.evidence[0]
                : doc.credentialSubject;
          if (e.value === undefined) delete target[e.key];
          else target[e.key] = e.value;
        }
        const ours = await canonicalizeJsonLd(doc, source());
        let theirs: string | Error;
        try {
          theirs = await publicCanonize(doc);
        } catch (error) {
          theirs = error as Error;
        }
        if (theirs instanceof Error) expect(ours.ok, JSON.stringify(edits)).toBe(false);
        else expect(ours.ok && ours.value.nquads, JSON.stringify(edits)).toBe(theirs);
      }),
      { seed: 0x15_0ca1, numRuns: 60 },
    );
  });

  it('reports what it leaves out (a relative subject id is not signed)', async () => {
    const vc = JSON.parse(readFileSync(path.join(dir!, 'kde/partial-vaccination.json'), 'utf8'));
    delete vc.proof;
    const result = await canonicalizeJsonLd(vc, source());
    expect(result.ok && result.value.dropped.map((d) => d.code)).toContain(
      'relative @id reference',
    );
  });

  it('answers an unknown context URL with its code and never calls anything else', async () => {
    const result = await canonicalizeJsonLd(
      { '@context': 'https://example.org/ctx', name: 'x' },
      source(),
    );
    expect(result).toEqual({
      ok: false,
      code: 'DIVOC_CONTEXT_UNKNOWN',
      params: { url: 'https://example.org/ctx' },
    });
  });

  it('answers a JSON-LD error (a protected term redefined) with a code', async () => {
    const result = await canonicalizeJsonLd(
      { '@context': ['https://www.w3.org/2018/credentials/v1', { id: 'urn:x' }], id: 'urn:a' },
      source(),
    );
    expect(result).toMatchObject({ ok: false, code: 'DIVOC_CANONICALIZATION_FAILED' });
  });
});
