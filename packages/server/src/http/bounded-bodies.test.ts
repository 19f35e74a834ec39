import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedBodies, noStore, useProblems } from './errors.js';
import { HttpProblem } from './problem.js';

const LIMIT = 1024;
let server: ReturnType<typeof serve>;
let base: string;
/** Whether the route's request was still @hono/node-server's own (no WHATWG Request built). */
const builtRequests: boolean[] = [];

beforeAll(async () => {
  const app = new OpenAPIHono();
  useProblems(app, 'test');
  app.use('*', ...boundedBodies(LIMIT));
  app.post('/echo', async (c) => {
    const text = await c.req.text();
    builtRequests.push(
      Object.getOwnPropertySymbols(c.req.raw).some(
        (s) => s.description === 'requestCache' && (c.req.raw as never)[s] !== undefined,
      ),
    );
    return c.json({ bytes: Buffer.byteLength(text), text });
  });
  app.get('/echo', (c) => c.json({ ok: true }));
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
  });
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A body of `size` bytes sent without Content-Length (chunked). */
function chunked(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(256, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

describe('boundedBodies on a Node server', () => {
  it('reads a body within its declared length directly, without a web-stream Request', async () => {
    builtRequests.length = 0;
    const body = JSON.stringify({ note: 'é'.repeat(100) });
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: Buffer.byteLength(body), text: body });
    expect(builtRequests).toEqual([false]);
  });

  it('answers 413 BODY_TOO_LARGE to a declared length over the limit', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'a'.repeat(LIMIT + 1),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { title: string }).title).toBe('BODY_TOO_LARGE');
  });

  it('takes a declared length of exactly the limit', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'a'.repeat(LIMIT),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { bytes: number }).bytes).toBe(LIMIT);
  });

  it('counts a chunked body as it arrives: 413 over the limit, read whole within it', async () => {
    const over = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: chunked(LIMIT * 4),
      duplex: 'half',
    } as RequestInit);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { title: string }).title).toBe('BODY_TOO_LARGE');
    const within = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: chunked(LIMIT - 10),
      duplex: 'half',
    } as RequestInit);
    expect(within.status).toBe(200);
    expect(((await within.json()) as { bytes: number }).bytes).toBe(LIMIT - 10);
  });

  it('still refuses JSON nested too deep (400 REQUEST_TOO_DEEP) within the limit', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `${'['.repeat(200)}${']'.repeat(200)}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { title: string }).title).toBe('REQUEST_TOO_DEEP');
  });

  it('lets a GET through whatever length it declares', async () => {
    const res = await fetch(`${base}/echo`);
    expect(res.status).toBe(200);
  });
});

describe('noStore', () => {
  const app = new OpenAPIHono();
  useProblems(app, 'test');
  app.use('*', noStore());
  app.get('/json', (c) => c.json({ ok: true }));
  app.get('/bare', () => new Response('bare', { headers: { 'x-kind': 'bare' } }));
  app.get('/own', (c) => {
    c.header('cache-control', 'public, max-age=60');
    return c.text('own');
  });
  app.get('/fails', () => {
    throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', 'no such thing');
  });

  it('marks every answer no-store: built by the context, bare, with its own header, a problem', async () => {
    for (const [path, status] of [
      ['/json', 200],
      ['/bare', 200],
      ['/own', 200],
      ['/fails', 404],
    ] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const bare = await app.request('/bare');
    expect(bare.headers.get('x-kind')).toBe('bare');
    expect(await bare.text()).toBe('bare');
    expect(await (await app.request('/json')).json()).toEqual({ ok: true });
  });
});
