import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startCorridor } from '@corridor/server/corridor';
import { webApp } from '@corridor/server/http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ensureWebBuild, WEB_DIR } from './build.js';

/**
 * Runs the app against a real corridor on this machine, for trying it by hand:
 * `npx tsx --conditions=source packages/web/test-support/serve-demo.ts [port]`.
 * Starts `corridor start`'s gateway and CN/KR nodes (data in `packages/web/.corridor-demo`,
 * ports 8410-8412), and serves the app as Korea's border would, with the node's `GET /bundle`
 * passed through on the same origin (the nodes send no CORS headers). Prints the URLs and the
 * sample certificates to scan or paste.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 8420);
  const dist = await ensureWebBuild();
  const corridor = await startCorridor({
    dir: path.join(WEB_DIR, '.corridor-demo'),
    ports: { gateway: 8410, CN: 8411, KR: 8412 },
    log: (line) => console.log(`corridor: ${line}`),
  });
  const anchor = await readFile(corridor.anchorFile, 'utf8');
  const app = new Hono();
  app.get('/bundle', async (c) => {
    const upstream = await fetch(`${corridor.nodes.KR}/bundle`, {
      headers: c.req.header('if-none-match')
        ? { 'if-none-match': c.req.header('if-none-match')! }
        : {},
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'x-bundle-version']) {
      const value = upstream.headers.get(name);
      if (value) headers[name] = value;
    }
    if (upstream.status === 304) return c.body(null, 304, headers);
    return c.body(await upstream.arrayBuffer(), upstream.status === 200 ? 200 : 502, headers);
  });
  app.route(
    '/',
    webApp({
      dist,
      config: { node: '', anchors: [anchor], country: 'KR', destinations: ['KR', 'CN'] },
    }),
  );
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  console.log(
    `\nweb app: http://127.0.0.1:${port}/app/  (scanner: /app/border/scan, wallet: /app/wallet/certificates)`,
  );
  for (const sample of corridor.samples)
    console.log(
      `sample ${sample.country} ${sample.kind}: ${sample.pngFile} (text in ${sample.textFile})`,
    );
  const stop = async () => {
    await corridor.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
