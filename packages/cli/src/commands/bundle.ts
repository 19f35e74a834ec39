import { parseArgs } from 'node:util';
import { toBase64, toHex } from '@corridor/core/lib/bytes';
import { isLang } from '@corridor/core/report/finding';
import type { TrustBundle } from '@corridor/core/trust/bundle';
import { nodeCryptoProvider } from '@corridor/server/crypto/node-crypto';
import { writeFileAtomic } from '@corridor/server/fs/atomic-write';
import { BundleRefused, loadAnchors, openBundleFile } from '../lib/bundle-files.js';
import { UsageError } from '../lib/usage.js';
import { parseAt } from './verify.js';

/**
 * `corridor bundle fetch URL --anchor FILE [--out FILE] [--state FILE]`,
 * `corridor bundle inspect FILE --anchor FILE [--json]`,
 * `corridor bundle verify FILE --anchor FILE [--at ISO] [--state FILE]`.
 */
export async function bundleCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      anchor: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      state: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
    },
  });
  const [action, target] = positionals;
  if (!action || !target || positionals.length !== 2)
    throw new UsageError('bundle takes fetch URL, inspect FILE or verify FILE');
  if (!isLang(values.lang)) throw new UsageError('--lang must be en, zh or ko');
  const crypto = nodeCryptoProvider();
  const anchors = await loadAnchors(values.anchor, crypto);
  const at = parseAt(values.at);
  let file = target;
  if (action === 'fetch') {
    let url: URL;
    try {
      url = new URL('/bundle', target);
    } catch {
      throw new UsageError(`"${target}" is not a URL`);
    }
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch(
      (error: Error) => {
        throw new UsageError(`cannot reach ${url}: ${error.message}`);
      },
    );
    if (response.status !== 200) {
      process.stderr.write(`corridor bundle fetch: ${url} answered ${response.status}\n`);
      return 1;
    }
    file = values.out ?? 'bundle.cose';
    await writeFileAtomic(file, new Uint8Array(await response.arrayBuffer()));
  } else if (action !== 'inspect' && action !== 'verify') {
    throw new UsageError(`unknown bundle action "${action}"`);
  }
  let bundle: TrustBundle;
  try {
    bundle = await openBundleFile(file, {
      anchors,
      at,
      crypto,
      stateFile: values.state,
      lang: values.lang,
    });
  } catch (error) {
    if (error instanceof BundleRefused) {
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ status: 'refused', code: error.code, message: error.message })}\n`
          : `✘ ${error.message} [${error.code}]\n`,
      );
      return 1;
    }
    throw error;
  }
  const summary = describeBundle(bundle, at);
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const c = bundle.content;
    const lines = [
      `${summary.problems.length === 0 ? '✔' : '✘'} trust bundle version ${c.version} from ${c.gateway}${action === 'fetch' ? ` saved to ${file}` : ''}`,
      `  issued ${summary.issuedAt}, expires ${summary.expiresAt}`,
      ...summary.countries.map((x) => `  ${x.country}: ${x.cscas} CSCA, ${x.dscs} DSC trusted`),
      `  revoked DSCs: ${c.revokedKids.length}; revoked certificate hashes: ${summary.revocationHashes}`,
      ...summary.agreements.map((a) => `  agreement ${a.id} (${a.parties.join('⇄')}): ${a.status}`),
      ...summary.rejected.map((r) => `  ! left out ${r.what}: ${r.reason}`),
      ...summary.problems.map((p) => `  ✘ ${p}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return summary.problems.length === 0 ? 0 : 1;
}

function describeBundle(bundle: TrustBundle, at: Date) {
  const c = bundle.content;
  return {
    status: bundle.problems(at).length === 0 ? 'accepted' : 'stale',
    version: c.version,
    gateway: c.gateway,
    hash: bundle.hash,
    issuedAt: new Date(c.issuedAt * 1000).toISOString(),
    expiresAt: new Date(c.expiresAt * 1000).toISOString(),
    countries: c.countries.map((x) => ({
      country: x.country,
      cscas: x.cscas.length,
      dscs: x.dscs.length,
      kids: x.dscs.map((d) => toBase64(d.kid)),
    })),
    revokedKids: c.revokedKids.map((r) => ({ country: r.country, kid: toBase64(r.kid) })),
    revocationHashes: c.revocations.reduce((n, r) => n + r.hashes.length, 0),
    agreements: bundle.listAgreements().map((a) => ({
      id: a.agreement.id,
      parties: a.agreement.parties,
      status: a.status,
      recognitions: a.agreement.recognitions,
    })),
    treeHead: c.treeHead ? toHex(c.treeHead).slice(0, 16) : undefined,
    rejected: bundle.rejected,
    problems: bundle.problems(at).map((p) => p.code),
  };
}
