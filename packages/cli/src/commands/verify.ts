import { parseArgs } from 'node:util';
import { makeFinding } from '@corridor/core/report/catalog';
import { isLang, type Lang } from '@corridor/core/report/finding';
import type { Report } from '@corridor/core/report/report';
import { verify } from '@corridor/core/verify';
import { nodeCryptoProvider } from '@corridor/server/crypto/node-crypto';
import { formatReport } from '../lib/format-report.js';
import { resolveInput } from '../lib/input.js';
import { loadTrustFiles } from '../lib/trust-files.js';
import { UsageError } from '../lib/usage.js';

/** `corridor verify`: one code to a decision, or `--batch` for a file of codes. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      trust: { type: 'string', multiple: true, default: [] },
      at: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      workers: { type: 'string' },
    },
  });
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  const at = parseAt(values.at);
  if (values.batch !== undefined) {
    if (positionals.length > 0) throw new UsageError('--batch takes no INPUT argument');
    const { verifyBatch } = await import('./verify-batch.js');
    const workers = values.workers === undefined ? undefined : Number.parseInt(values.workers, 10);
    if (workers !== undefined && !(workers >= 1))
      throw new UsageError('--workers must be a positive number');
    return verifyBatch({ file: values.batch, trustFiles: values.trust, at, lang, workers });
  }
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one INPUT');
  const crypto = nodeCryptoProvider();
  const trust = await loadTrustFiles(values.trust, crypto);
  const input = await resolveInput(positionals[0]!);
  let report: Report;
  if (input.ok) {
    report = await verify(input.text, { trust, at, lang, crypto });
  } else {
    report = pictureFailure(input.code, at, lang);
  }
  process.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, lang),
  );
  return report.status === 'valid' ? 0 : 1;
}

/** `--at` as a date; the current time when absent. */
export function parseAt(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(`--at "${text}" is not an ISO-8601 date-time`);
  return at;
}

function pictureFailure(code: string, at: Date, lang: Lang): Report {
  const known = code === 'QR_NOT_FOUND' || code.startsWith('QR_');
  return {
    status: 'invalid',
    at: at.toISOString(),
    lang,
    findings: [
      known
        ? makeFinding(code as Parameters<typeof makeFinding>[0], lang)
        : makeFinding('INPUT_EMPTY', lang),
    ],
    steps: {},
  };
}
