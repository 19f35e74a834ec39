import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataFolderInUse, PortInUse, startCorridor } from '@corridor/server/corridor/start';
import { UsageError } from '../lib/usage.js';

/**
 * Where `npm run build -w @corridor/web` puts the app: `packages/web/dist`, found from this file
 * (`packages/cli/src/commands` or `packages/cli/dist/commands`, both three levels below it).
 */
const DEFAULT_WEB_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

/**
 * The app's pages for each role, as `corridor start` prints them: the scanner and the wallet
 * work in this phase; the others are landing pages until their issue lands (the list mirrors
 * `packages/web/src/roles/roles.ts`).
 */
const WEB_ROLES = [
  { label: 'Border scanner', path: 'border/scan' },
  { label: 'Traveller wallet', path: 'wallet/certificates' },
  { label: 'Issuer console', path: 'issuer' },
  { label: 'Lane sponsor', path: 'sponsor' },
  { label: 'Lane authority', path: 'authority' },
  { label: 'Testing lab', path: 'lab' },
  { label: 'Monitoring', path: 'monitoring' },
  { label: 'Dashboard', path: 'dashboard' },
  { label: 'Gateway operator', path: 'operator' },
] as const;

/**
 * `corridor start [--reset] [--dir DIR] [--port N] [--web DIST] [--once]`: the whole corridor on this
 * machine (gateway, China and Korea nodes) on embedded databases, or on PostgreSQL with
 * `DATABASE_URL`. Runs until interrupted; `--once` sets everything up, prints, and exits.
 */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      reset: { type: 'boolean', default: false },
      dir: { type: 'string', default: '.corridor' },
      port: { type: 'string', default: '8400' },
      host: { type: 'string', default: '127.0.0.1' },
      once: { type: 'boolean', default: false },
      web: { type: 'string', default: DEFAULT_WEB_DIST },
    },
  });
  // Each node serves the web app when it has been built; building it is left to the user
  // (Vite takes ~20 s), and the summary says how.
  const webDist = path.resolve(values.web);
  const webBuilt = existsSync(path.join(webDist, 'index.html'));
  const base = Number.parseInt(values.port, 10);
  if (!(base > 0 && base < 65533))
    throw new UsageError('--port takes the first of three free ports, e.g. 8400');
  const log = (line: string) => process.stderr.write(`  · ${line}\n`);
  process.stderr.write(
    `Starting a corridor in ${path.resolve(values.dir)}${values.reset ? ' (afresh)' : ''}\n`,
  );
  const started = performance.now();
  let corridor: Awaited<ReturnType<typeof startCorridor>>;
  try {
    corridor = await startCorridor({
      dir: values.dir,
      reset: values.reset,
      host: values.host,
      ports: { gateway: base, CN: base + 1, KR: base + 2 },
      log,
      ...(webBuilt ? { webDist } : {}),
      ...(process.env.CORRIDOR_KEY_PASSPHRASE
        ? { passphrase: process.env.CORRIDOR_KEY_PASSPHRASE }
        : {}),
      ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    });
  } catch (error) {
    if (error instanceof DataFolderInUse || error instanceof PortInUse) {
      process.stderr.write(`corridor start: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const sample = corridor.samples.find((s) => s.country === 'CN')!;
  const kr = corridor.samples.find((s) => s.country === 'KR')!;
  const apps = corridor.apps;
  const width = Math.max(...WEB_ROLES.map((r) => `${apps?.CN ?? ''}${r.path}`.length));
  const web = apps
    ? `Web app, served by each node (offline after the first load):

${WEB_ROLES.map((r) => `  ${r.label.padEnd(19)} CN ${`${apps.CN}${r.path}`.padEnd(width)}  KR ${apps.KR}${r.path}`).join('\n')}

Staff sign-in (demo accounts, new passwords every start):
${corridor.staff.CN.map((d, i) => `  ${d.role.padEnd(14)} ${d.page.padEnd(10)} CN ${d.account} / ${d.password}   KR ${corridor.staff.KR[i]!.account} / ${corridor.staff.KR[i]!.password}`).join('\n')}
`
    : `Web app: not built (${rel(webDist)} is missing). Build it with
  npm run build -w @corridor/web
and start again: each node then serves it under /app/ (border scanner, traveller wallet, ...).
`;
  process.stdout.write(`
Corridor is running (ready in ${((performance.now() - started) / 1000).toFixed(1)} s).

  Trust gateway       ${corridor.gatewayUrl}/            (API page; OpenAPI: ${corridor.gatewayUrl}/openapi.json)
  China node (CN)     ${corridor.nodes.CN}/            (API page; OpenAPI: ${corridor.nodes.CN}/openapi.json)
  Korea node (KR)     ${corridor.nodes.KR}/            (API page; OpenAPI: ${corridor.nodes.KR}/openapi.json)
  Interactive docs    ${corridor.gatewayUrl}/docs/ (and /docs/ of each node; Swagger UI, offline)
  Gateway anchor key  ${rel(corridor.anchorFile)}
  Sample certificates ${corridor.samples.map((s) => rel(s.pngFile)).join(', ')}

${web}
Verify China's sample at a Korean border desk, offline, against the bundle Korea synced:

  npx corridor verify --bundle ${rel(corridor.bundleFiles.KR)} --anchor ${rel(corridor.anchorFile)} --verifier KR ${rel(sample.pngFile)}

and Korea's sample in China, in Chinese:

  npx corridor verify --lang zh --bundle ${rel(corridor.bundleFiles.CN)} --anchor ${rel(corridor.anchorFile)} --verifier CN ${rel(kr.pngFile)}

Print China's sample (administrator token of the China node in ${rel(corridor.adminTokenFiles.CN)}):

  curl -H "authorization: Bearer $(cat ${rel(corridor.adminTokenFiles.CN)})" -o cn-sample.pdf \\
    '${corridor.nodes.CN}/certificates/${encodeURIComponent(sample.uci)}/pdf'

`);
  if (values.once) {
    await corridor.stop();
    return 0;
  }
  process.stdout.write(
    'Press Ctrl-C to stop. A second start reuses the data; --reset begins afresh.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('\nStopping...\n');
  await corridor.stop();
  return 0;
}
