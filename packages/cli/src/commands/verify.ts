import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { evaluatePolicy } from '@corridor/core/policy';
import type { Report } from '@corridor/core/report';
import { isLang, type Lang, makeFinding } from '@corridor/core/report';
import type { BusinessRule } from '@corridor/core/rules';
import { type VerifyContext, verify } from '@corridor/core/verify';
import { openBundleForCommand } from '../lib/bundle-files.js';
import { formatPolicyDecision, formatReport } from '../lib/format-report.js';
import { loadFormatTrustFiles, trustFileOptions } from '../lib/format-trust-files.js';
import { resolveInput } from '../lib/input.js';
import { loadPolicy, loadRules, loadValueSets, parseDestination } from '../lib/rule-files.js';
import { UsageError } from '../lib/usage.js';

/** `corridor verify`: one code to a decision, or `--batch` for a file of codes. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      trust: { type: 'string', multiple: true, default: [] },
      'trust-issuer': { type: 'string' },
      'trust-method': { type: 'string' },
      at: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      workers: { type: 'string' },
      destination: { type: 'string' },
      rules: { type: 'string' },
      valuesets: { type: 'string' },
      policy: { type: 'string' },
      bundle: { type: 'string' },
      anchor: { type: 'string', multiple: true, default: [] },
      'bundle-state': { type: 'string' },
      verifier: { type: 'string' },
    },
  });
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  const at = parseAt(values.at);
  const wantsRules = values.destination !== undefined || values.rules !== undefined;
  if (values.rules !== undefined && values.destination === undefined)
    throw new UsageError('--rules needs --destination');
  if (values.destination !== undefined && values.rules === undefined && values.bundle === undefined)
    throw new UsageError(
      "--destination needs --rules DIR, or a --bundle that carries the destination's rules",
    );
  if (values.valuesets !== undefined && !wantsRules)
    throw new UsageError('--valuesets needs --destination');
  if (values.batch !== undefined) {
    if (wantsRules || values.policy !== undefined)
      throw new UsageError('--batch does not take --destination, --rules or --policy');
    if (positionals.length > 0) throw new UsageError('--batch takes no INPUT argument');
    if (values['trust-issuer'] !== undefined || values['trust-method'] !== undefined)
      throw new UsageError(
        '--batch verifies HC1 codes: it takes DSCs, not --trust-issuer or --trust-method',
      );
    const { verifyBatch } = await import('./verify-batch.js');
    const workers = values.workers === undefined ? undefined : Number.parseInt(values.workers, 10);
    if (workers !== undefined && !(workers >= 1))
      throw new UsageError('--workers must be a positive number');
    return verifyBatch({ file: values.batch, trustFiles: values.trust, at, lang, workers });
  }
  if (values.policy === undefined && positionals.length !== 1)
    throw new UsageError('verify takes exactly one INPUT (several only with --policy)');
  if (values.policy !== undefined && positionals.length === 0)
    throw new UsageError('--policy takes one or more INPUTs');
  const policy = values.policy === undefined ? undefined : await loadPolicy(values.policy);
  const crypto = nodeCryptoProvider();
  if (values.bundle !== undefined && values.trust.length > 0)
    throw new UsageError('use either --trust or --bundle');
  if (values.verifier !== undefined && !/^[A-Z]{2}$/.test(values.verifier))
    throw new UsageError('--verifier is a country code such as KR');
  let trust: VerifyContext['trust'];
  if (values.bundle !== undefined) {
    const bundle = await openBundleForCommand(
      { ...values, bundle: values.bundle },
      { at, crypto, lang },
    );
    if (!bundle) return 1;
    trust = bundle;
  } else {
    trust = await loadFormatTrustFiles(values.trust, trustFileOptions(values), crypto);
  }
  const context: VerifyContext = { trust, at, lang, crypto };
  if (values.verifier !== undefined) context.verifier = values.verifier;
  if (wantsRules) {
    context.destination = parseDestination(values.destination!);
    // Without --rules, the destination's rules come from the signed bundle (each rule set
    // checked against its country's authority certificate when the bundle was opened).
    context.rules =
      values.rules !== undefined
        ? await loadRules(values.rules)
        : [...((trust as { rules?: () => readonly BusinessRule[] }).rules?.() ?? [])];
    // Loaded here: the issuance module takes a third of a second to load, and a verification
    // without a destination never needs it.
    const euValueSets = async () => (await import('@corridor/server/issuance')).euValueSets();
    const valueSets =
      (await loadValueSets(values.valuesets, values.rules)) ??
      Object.fromEntries(
        (await euValueSets()).map((set) => [set.valueSetId, Object.keys(set.valueSetValues)]),
      );
    context.valueSets = valueSets;
  }
  const reports: Report[] = [];
  for (const positional of positionals) {
    const input = await resolveInput(positional);
    reports.push(
      input.ok
        ? await verify(input.binary ?? input.text, context)
        : pictureFailure(input.code, at, lang),
    );
  }
  if (policy) {
    const decision = evaluatePolicy(policy, reports, { at, lang });
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ decision, reports }, null, 2)}\n`
        : formatPolicyDecision(decision, reports, positionals, lang),
    );
    return decision.satisfied ? 0 : 1;
  }
  const report = reports[0]!;
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
