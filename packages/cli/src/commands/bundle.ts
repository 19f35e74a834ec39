import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { bundleTrustListEntries, toDidTrustList, toEuTrustList } from '@corridor/core/interop';
import { toBase64, toHex } from '@corridor/core/lib';
import { isLang } from '@corridor/core/report';
import type { TrustBundle } from '@corridor/core/trust';
import { gatewayClient } from '@corridor/server/client';
import { writeFileAtomic } from '@corridor/server/fs';
import { BundleRefused, loadAnchors, openBundleFile } from '../lib/bundle-files.js';
import { UsageError } from '../lib/usage.js';
import { parseAt } from './verify.js';

/**
 * `corridor bundle fetch URL --anchor FILE [--out FILE] [--state FILE]`,
 * `corridor bundle inspect FILE --anchor FILE [--json]`,
 * `corridor bundle verify FILE --anchor FILE [--at ISO] [--state FILE]`,
 * `corridor bundle export FILE --anchor FILE --format eu|did [--did DID] [--out FILE]`.
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
      format: { type: 'string' },
      did: { type: 'string' },
    },
  });
  const [action, target] = positionals;
  if (!action || !target || positionals.length !== 2)
    throw new UsageError('bundle takes fetch URL, inspect FILE, verify FILE or export FILE');
  if (!isLang(values.lang)) throw new UsageError('--lang must be en, zh or ko');
  const crypto = nodeCryptoProvider();
  const anchors = await loadAnchors(values.anchor, crypto);
  let at = parseAt(values.at);
  let file = target;
  if (action === 'fetch') {
    let origin: string;
    try {
      // The gateway's or node's address; a path (`…/bundle`) is ignored, as it always was.
      origin = new URL(target).origin;
    } catch {
      throw new UsageError(`"${target}" is not a URL`);
    }
    // The gateway's typed client (`GET /bundle`, which a node serves too); a refusal is its
    // problem code on one line.
    const client = gatewayClient(origin);
    const url = client.bundle.$url();
    const response = await client.bundle
      .$get(undefined, { init: { signal: AbortSignal.timeout(30_000) } })
      .catch((error: Error) => {
        throw new UsageError(`cannot reach ${url}: ${error.message}`);
      });
    if (response.status !== 200) {
      const problem = (await response.json().catch(() => ({}))) as { title?: unknown };
      const code = typeof problem.title === 'string' ? ` ${problem.title}` : '';
      process.stderr.write(`corridor bundle fetch: ${url} answered ${response.status}${code}\n`);
      return 1;
    }
    file = values.out ?? 'bundle.cose';
    await writeFileAtomic(file, new Uint8Array(await response.arrayBuffer()));
    // Checked at the instant it arrived, not when the command started: a bundle the gateway
    // signed during the download is no "clock before issue" (BUNDLE_CLOCK_BEFORE_ISSUE).
    if (values.at === undefined) at = new Date();
  } else if (action === 'export') {
    checkExportOptions(values.format, values.did);
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
  if (action === 'export')
    return exportTrustList(bundle, { format: values.format!, did: values.did, out: values.out });
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

/** Refuses an export without a format, or a DID list without its DID, before any file is read. */
function checkExportOptions(format: string | undefined, did: string | undefined): void {
  if (format !== 'eu' && format !== 'did')
    throw new UsageError('bundle export needs --format eu or --format did');
  if (format === 'did' && !did?.startsWith('did:'))
    throw new UsageError(
      'bundle export --format did needs --did did:web:HOST:PATH (the id of the published document)',
    );
  if (format === 'eu' && did !== undefined) throw new UsageError('--did belongs to --format did');
}

/**
 * Writes a verified bundle's CSCAs and DSCs as the EU DCC gateway trust list or a WHO GDHCN
 * DID trust-list document (to `out`, else standard output). DSCs this verifier left out of
 * the bundle (`rejected`: not chained to their CSCA, wrong country) are left out of the list
 * too, so the export never vouches for a key the bundle does not.
 */
async function exportTrustList(
  bundle: TrustBundle,
  options: { format: string; did: string | undefined; out: string | undefined },
): Promise<number> {
  const entries = (await bundleTrustListEntries(bundle.content)).filter(
    (e) => e.kind !== 'DSC' || bundle.lookup(e.kid).length > 0,
  );
  const list =
    options.format === 'eu'
      ? await toEuTrustList(entries)
      : toDidTrustList(entries, { did: options.did! });
  const text = `${JSON.stringify(list, null, 2)}\n`;
  if (options.out === undefined) process.stdout.write(text);
  else {
    await writeFileAtomic(options.out, new TextEncoder().encode(text));
    process.stderr.write(
      `corridor bundle export: ${entries.length} certificates of bundle version ${bundle.content.version} written to ${options.out} (${options.format})\n`,
    );
  }
  for (const r of bundle.rejected) process.stderr.write(`  ! left out ${r.what}: ${r.reason}\n`);
  return 0;
}
