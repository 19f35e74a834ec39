import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataFolderInUse, PortInUse, startCorridor } from '@corridor/server/corridor';
import {
  CountriesInvalid,
  consecutivePorts,
  corridorSummary,
  parseCountries,
} from '@corridor/server/demo';
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
 * `corridor start [--reset] [--dir DIR] [--port N] [--countries CN,KR,...] [--web DIST] [--once]`:
 * the whole corridor on this machine (gateway, a node per country: China and Korea by default,
 * with the live CN⇄KR lane) on embedded databases, or on PostgreSQL with `DATABASE_URL`. Runs
 * until interrupted; `--once` sets everything up, prints, and exits.
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
      countries: { type: 'string' },
    },
  });
  let countries: string[];
  try {
    countries = parseCountries(values.countries);
  } catch (error) {
    if (error instanceof CountriesInvalid) throw new UsageError(`--countries: ${error.message}`);
    throw error;
  }
  // Each node serves the web app when it has been built; building it is left to the user
  // (Vite takes ~20 s), and the summary says how.
  const webDist = path.resolve(values.web);
  const webBuilt = existsSync(path.join(webDist, 'index.html'));
  const base = Number.parseInt(values.port, 10);
  if (!(base > 0 && base + countries.length < 65536))
    throw new UsageError(`--port takes the first of ${countries.length + 1} free ports, e.g. 8400`);
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
      countries,
      ports: consecutivePorts(base, countries),
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
  process.stdout.write(
    corridorSummary(corridor, {
      cwd: process.cwd(),
      seconds: (performance.now() - started) / 1000,
      webDist,
    }),
  );
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
