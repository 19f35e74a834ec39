import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createCountryKeys } from '../gateway/fixtures.js';
import { bootstrapAdministrator } from './accounts.js';
import { issuanceApp } from './app.js';
import { createIssuanceNode } from './config.js';
import { euValueSets } from './eu-valuesets.js';
import { Issuance } from './service.js';

// The curl examples of docs/issuance.md are sent, in order, to a real issuance API: each
// answer's status, content type and fields must be those the document shows, and every
// operation of the API must have an example.

const DOC = readFileSync(new URL('../../../../docs/issuance.md', import.meta.url), 'utf8');
const NOW = new Date('2026-03-01T09:00:00Z');
/** Documented routes of the node itself rather than of the issuance API. */
const NODE_ONLY = ['/bundle/sync'];

/** One documented request and the answer shown under it. */
interface Example {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  contentType?: string;
  answer?: unknown;
}

/** Splits a shell command line into words, honouring single and double quotes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(pattern)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Every `curl` of a ```sh block of the examples section, with the ```http block after it. */
function examples(doc: string): Example[] {
  const section = doc.slice(doc.indexOf('### Examples: every route'));
  const blocks = [...section.matchAll(/```(sh|http)\n([\s\S]*?)```/g)];
  const out: Example[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const [, kind, text] = blocks[i]!;
    // The command runs from its line to the block's end (a quoted body may span lines).
    const joined = text!.replace(/\\\n/g, ' ');
    const start = joined.search(/^curl /m);
    if (kind !== 'sh' || start < 0) continue;
    const curl = joined.slice(start);
    const answer = blocks[i + 1];
    if (answer?.[1] !== 'http') throw new Error(`no answer after ${curl}`);
    const words = shellWords(curl);
    const example: Example = { method: 'GET', path: '', headers: {}, status: 0 };
    for (let w = 1; w < words.length; w++) {
      const word = words[w]!;
      if (word === '-X') example.method = words[++w]!;
      else if (word === '-H') {
        const [name, ...value] = words[++w]!.split(':');
        example.headers[name!.toLowerCase()] = value.join(':').trim();
      } else if (word === '-d') example.body = words[++w];
      else if (word === '-o') w++;
      else if (word.startsWith('$NODE')) example.path = word.slice('$NODE'.length);
    }
    const [head, body] = answer[2]!.split(/\n\n/);
    const lines = head!.split('\n');
    example.status = Number(lines[0]!.split(' ')[1]);
    example.contentType = lines
      .find((l) => /^content-type:/i.test(l))
      ?.split(':')[1]
      ?.trim();
    if (body?.trim()) example.answer = JSON.parse(body);
    out.push(example);
  }
  return out;
}

/** The shape of a JSON value: its object keys at every depth (array items by their first). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  return typeof value;
}

forEachEngine('docs/issuance.md examples', (engine) => {
  let database: Database;
  let app: ReturnType<typeof issuanceApp>;
  const vars: Record<string, string> = { NODE: '' };

  beforeAll(async () => {
    database = await engine.open();
    const kr = await createCountryKeys('KR', new Date(NOW.getTime() - 86_400_000));
    const node = await createIssuanceNode({
      country: 'KR',
      issuerName: 'KDCA',
      dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
      nodeSecret: new Uint8Array(32).fill(7),
      valueSets: euValueSets(),
    });
    app = issuanceApp(new Issuance(database.db, node, () => NOW));
    vars.ADMIN_TOKEN = (await bootstrapAdministrator(database.db, 'admin', NOW))!.token;
  }, 180_000);

  it('has an example of every operation of the issuance API', () => {
    const documented = new Set(
      examples(DOC).map(
        (e) =>
          `${e.method} ${e.path.split('?')[0]!.replace('$UCI_PATH', '{uci}').replace('$TOKEN_ID', '{id}')}`,
      ),
    );
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(5);
    expect(operations.filter((o) => !documented.has(o))).toEqual([]);
  });

  it('answers every example as the document shows', async () => {
    const fill = (text: string) =>
      text.replace(/\$([A-Z_]+)/g, (m, name: string) => vars[name] ?? m);
    const list = examples(DOC);
    expect(list.length).toBeGreaterThanOrEqual(9);
    for (const example of list) {
      // POST /bundle/sync is the node's (nodeApp), beside the issuance API: it needs a gateway
      // to push to and pull from, so it is documented but not sent here.
      if (NODE_ONLY.includes(example.path)) continue;
      const label = `${example.method} ${example.path}`;
      const res = await app.request(fill(example.path), {
        method: example.method,
        headers: Object.fromEntries(Object.entries(example.headers).map(([k, v]) => [k, fill(v)])),
        ...(example.body !== undefined ? { body: example.body } : {}),
      });
      expect(res.status, label).toBe(example.status);
      if (example.contentType)
        expect(res.headers.get('content-type'), label).toContain(example.contentType);
      const text = await res.text();
      if (example.answer !== undefined) {
        const answer = JSON.parse(text) as Record<string, unknown>;
        expect(shape(answer), `${label}\n${JSON.stringify(answer, null, 2)}`).toEqual(
          shape(example.answer),
        );
        // What later examples refer to: the clinic's token and its id, the certificate's UCI.
        if (example.path === '/tokens') {
          vars.ISSUER_TOKEN = answer.token as string;
          vars.TOKEN_ID = String(answer.id);
        }
        if (example.path === '/certificates' && typeof answer.uci === 'string')
          vars.UCI_PATH = encodeURIComponent(answer.uci);
      }
    }
  });
});
