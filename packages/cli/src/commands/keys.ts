import path from 'node:path';
import { parseArgs } from 'node:util';
import { toHex } from '@corridor/core/lib';
import { FileKeyStore, type KeyRecord, KeyStoreError } from '@corridor/server/keystore';
import {
  createAuthorityCertificate,
  createCsca,
  createDsc,
  createUploadCertificate,
  DSC_USAGES,
  type DscUsage,
  isDscUsage,
  isSigningAlg,
  type ManagedCertificate,
  PkiError,
  planRotation,
  readCertificate,
  type SigningAlg,
} from '@corridor/server/pki';
import { UsageError } from '../lib/usage.js';

/** The `keys` lines of the command-line help. */

/** The environment variable holding the key store passphrase. */
export const PASSPHRASE_ENV = 'CORRIDOR_KEY_PASSPHRASE';
/** Where keys live unless `--store` says otherwise, relative to the current directory. */
export const DEFAULT_STORE = path.join('.corridor', 'keys');

const OPTIONS = {
  country: { type: 'string' },
  alg: { type: 'string' },
  usage: { type: 'string' },
  store: { type: 'string' },
  label: { type: 'string' },
  name: { type: 'string' },
  csca: { type: 'string' },
  'signing-from': { type: 'string' },
  'warn-days': { type: 'string' },
  'overlap-days': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/**
 * `corridor keys ...`: creates CSCAs and DSCs in a key store, lists them with the rotation
 * plan and expiry warnings, exports certificates. Returns the exit status: 0 done, 1 failed
 * (wrong passphrase, no usable CSCA, unknown label), 2 no passphrase. Usage mistakes throw
 * `UsageError` (exit 2 in `main`).
 */
export async function keysCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  const [what, action, ...rest] = positionals;
  const command = what && KINDS.includes(what) ? `${what} ${action ?? ''}`.trim() : (what ?? '');
  const extra = what && KINDS.includes(what) ? rest : positionals.slice(what === 'export' ? 2 : 1);
  const commands = [
    'csca create',
    'dsc create',
    'upload create',
    'authority create',
    'list',
    'export',
  ];
  if (!commands.includes(command)) {
    throw new UsageError(
      what
        ? `unknown keys action "${positionals.join(' ')}"`
        : 'keys takes csca create, dsc create, upload create, authority create, list or export',
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const passphrase = process.env[PASSPHRASE_ENV];
  if (!passphrase) {
    process.stderr.write(
      `corridor keys: set ${PASSPHRASE_ENV} to the key store passphrase; refusing to run without one\n`,
    );
    return 2;
  }
  const dir = path.resolve(values.store ?? DEFAULT_STORE);
  const store = new FileKeyStore({ dir, passphrase });
  try {
    if (command === 'csca create') return await createCscaCommand(store, values);
    if (command === 'dsc create') return await createDscCommand(store, values);
    if (command === 'upload create') return await createServiceCommand(store, values, 'upload');
    if (command === 'authority create')
      return await createServiceCommand(store, values, 'authority');
    if (command === 'list') return await listCommand(store, values);
    const label = action;
    if (!label) throw new UsageError('keys export takes a LABEL');
    return await exportCommand(store, label);
  } catch (error) {
    if (error instanceof KeyStoreError || error instanceof PkiError) {
      process.stderr.write(`corridor keys: ${error.message} (${error.code})\n`);
      return 1;
    }
    throw error;
  }
}

const KINDS = ['csca', 'dsc', 'upload', 'authority'];

/**
 * An upload key (signs requests to the gateway) or an authority key (signs agreements, rule
 * sets and value sets), certified by the country's CSCA.
 */
async function createServiceCommand(
  store: FileKeyStore,
  values: Values,
  kind: 'upload' | 'authority',
): Promise<number> {
  const country = countryOption(values);
  const alg = algOption(values);
  const now = new Date();
  const cscaRecord = values.csca
    ? await store.describe(values.csca)
    : await pickCsca(store, country, now);
  const cscaPem = cscaRecord?.metadata.certificate;
  if (cscaRecord?.metadata.kind !== 'csca' || typeof cscaPem !== 'string') {
    process.stderr.write(
      `corridor keys: no CSCA for ${country} may sign now; run "corridor keys csca create --country ${country}" first\n`,
    );
    return 1;
  }
  const cscaKeys = await store.get(cscaRecord.label);
  const label =
    values.label ?? (await freeLabel(store, `${kind}-${country.toLowerCase()}-${day(now)}`));
  const commonName = values.name ?? `Corridor ${kind} ${country}`;
  const make = kind === 'upload' ? createUploadCertificate : createAuthorityCertificate;
  const csca = { certificate: cscaPem, privateKey: cscaKeys.privateKey };
  await make({ country, commonName, alg, now, csca });
  const keys = await store.create(label, { alg, metadata: { kind, country } });
  const issued = await make({ country, commonName, keys, now, csca });
  const info = await readCertificate(issued.der);
  await store.updateMetadata(label, {
    commonName,
    certificate: issued.pem,
    issuer: cscaRecord.label,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  });
  if (values.json)
    writeJson({
      label,
      kind,
      country,
      alg,
      issuer: cscaRecord.label,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
    });
  else
    process.stdout.write(
      `Created ${kind} key ${label} (${alg}) for ${country}, certified by ${cscaRecord.label}, valid ${day(info.notBefore)} to ${day(info.notAfter)}\n`,
    );
  return 0;
}

async function createCscaCommand(store: FileKeyStore, values: Values): Promise<number> {
  const country = countryOption(values);
  const alg = algOption(values);
  const now = new Date();
  const label =
    values.label ?? (await freeLabel(store, `csca-${country.toLowerCase()}-${day(now)}`));
  const keys = await store.create(label, { alg, metadata: { kind: 'csca', country } });
  const commonName = values.name ?? `Corridor CSCA ${country}`;
  const csca = await createCsca({ country, commonName, keys, now });
  const info = await readCertificate(csca.der);
  await store.updateMetadata(label, {
    commonName,
    certificate: csca.pem,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  });
  const signUntil = info.privateKeyUsage?.notAfter ?? info.notAfter;
  if (values.json) {
    writeJson({
      label,
      kind: 'csca',
      country,
      alg,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      signUntil,
    });
  } else {
    process.stdout.write(
      `Created CSCA ${label} (${alg}) for ${country}: valid ${day(info.notBefore)} to ${day(info.notAfter)}, ` +
        `signs DSCs until ${day(signUntil)}\n`,
    );
  }
  return 0;
}

async function createDscCommand(store: FileKeyStore, values: Values): Promise<number> {
  const country = countryOption(values);
  const alg = algOption(values);
  if (!values.usage)
    throw new UsageError('dsc create needs --usage (e.g. vaccination,test,recovery)');
  const usages = values.usage
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const usage of usages) {
    if (!isDscUsage(usage))
      throw new UsageError(`unknown usage "${usage}" (one of ${DSC_USAGES.join(', ')})`);
  }
  const now = new Date();
  let signingFrom: Date | undefined;
  if (values['signing-from']) {
    signingFrom = new Date(values['signing-from']);
    if (Number.isNaN(signingFrom.getTime()))
      throw new UsageError('--signing-from takes an ISO-8601 instant');
  }
  const cscaRecord = values.csca
    ? await store.describe(values.csca)
    : await pickCsca(store, country, now);
  if (!cscaRecord) {
    process.stderr.write(
      `corridor keys: no CSCA for ${country} may sign now; run "corridor keys csca create --country ${country}" first\n`,
    );
    return 1;
  }
  const cscaPem = cscaRecord.metadata.certificate;
  if (cscaRecord.metadata.kind !== 'csca' || typeof cscaPem !== 'string') {
    process.stderr.write(`corridor keys: ${cscaRecord.label} is not a CSCA with a certificate\n`);
    return 1;
  }
  const cscaKeys = await store.get(cscaRecord.label);
  const label =
    values.label ?? (await freeLabel(store, `dsc-${country.toLowerCase()}-${day(now)}`));
  if (await store.exists(label))
    throw new KeyStoreError('KEYSTORE_KEY_EXISTS', `a key labelled "${label}" already exists`);
  const commonName = values.name ?? `Corridor DSC ${country} ${day(now)}`;
  // Make the certificate with a throw-away key first, so a refused DSC leaves no key behind.
  await createDsc({
    csca: { certificate: cscaPem, privateKey: cscaKeys.privateKey },
    country,
    commonName,
    usages: usages as DscUsage[],
    alg,
    now,
    ...(signingFrom ? { privateKeyUsage: { notBefore: signingFrom } } : {}),
  });
  const keys = await store.create(label, { alg, metadata: { kind: 'dsc', country } });
  const dsc = await createDsc({
    csca: { certificate: cscaPem, privateKey: cscaKeys.privateKey },
    country,
    commonName,
    usages: usages as DscUsage[],
    keys,
    now,
    ...(signingFrom ? { privateKeyUsage: { notBefore: signingFrom } } : {}),
  });
  const info = await readCertificate(dsc.der);
  const kid = Buffer.from(dsc.kid).toString('base64');
  await store.updateMetadata(label, {
    commonName,
    certificate: dsc.pem,
    usages: info.usages,
    issuer: cscaRecord.label,
    kid,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
  });
  const signFrom = info.privateKeyUsage?.notBefore ?? info.notBefore;
  const signUntil = info.privateKeyUsage?.notAfter ?? info.notAfter;
  if (values.json) {
    writeJson({
      label,
      kind: 'dsc',
      country,
      alg,
      usages: info.usages,
      kid,
      kidHex: toHex(dsc.kid),
      issuer: cscaRecord.label,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      signFrom,
      signUntil,
    });
  } else {
    process.stdout.write(
      `Created DSC ${label} (${alg}) for ${country}, ${info.usages.join(', ')}, issued by ${cscaRecord.label}: ` +
        `kid ${kid}, valid ${day(info.notBefore)} to ${day(info.notAfter)}, signs ${day(signFrom)} to ${day(signUntil)}\n`,
    );
  }
  return 0;
}

async function listCommand(store: FileKeyStore, values: Values): Promise<number> {
  const records = await store.list();
  const managed: ManagedCertificate[] = records
    .filter((r) => typeof r.metadata.certificate === 'string')
    .map((r) => ({ label: r.label, certificate: r.metadata.certificate as string }));
  const plan = await planRotation(managed, {
    at: new Date(),
    ...(values['warn-days'] ? { warnDays: dayCount(values['warn-days'], '--warn-days') } : {}),
    ...(values['overlap-days']
      ? { overlapDays: dayCount(values['overlap-days'], '--overlap-days') }
      : {}),
  });
  const byLabel = new Map(plan.entries.map((e) => [e.label, e]));
  const keys = records.map((r) => {
    const entry = byLabel.get(r.label);
    return {
      label: r.label,
      kind: typeof r.metadata.kind === 'string' ? r.metadata.kind : (entry?.kind ?? 'key'),
      alg: r.alg,
      country:
        entry?.country ?? (typeof r.metadata.country === 'string' ? r.metadata.country : undefined),
      state: entry?.state ?? 'no certificate',
      usages: entry?.usages ?? [],
      notBefore: entry?.notBefore,
      notAfter: entry?.notAfter,
      signFrom: entry?.signFrom,
      signUntil: entry?.signUntil,
      createdAt: r.createdAt,
    };
  });
  if (values.json) {
    writeJson({ at: plan.at, keys, signers: plan.signers, due: plan.due, findings: plan.findings });
    return 0;
  }
  if (keys.length === 0) {
    process.stdout.write('No keys in this store.\n');
    return 0;
  }
  const rows = [
    ['LABEL', 'KIND', 'CC', 'ALG', 'STATE', 'SIGNS UNTIL', 'EXPIRES', 'USAGES'],
    ...keys.map((k) => [
      k.label,
      k.kind,
      k.country ?? '-',
      k.alg,
      k.state,
      k.signUntil ? day(k.signUntil) : '-',
      k.notAfter ? day(k.notAfter) : '-',
      k.usages.join(',') || '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) {
    process.stdout.write(
      `${row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  for (const f of plan.findings) process.stdout.write(`${f.severity} ${f.code}: ${f.message}\n`);
  return 0;
}

async function exportCommand(store: FileKeyStore, label: string): Promise<number> {
  const record = await store.describe(label);
  const pem = record.metadata.certificate;
  if (typeof pem !== 'string') {
    process.stderr.write(`corridor keys: key ${label} has no certificate\n`);
    return 1;
  }
  process.stdout.write(pem.endsWith('\n') ? pem : `${pem}\n`);
  return 0;
}

/** The newest CSCA of `country` whose key may sign DSCs at `now`. */
async function pickCsca(
  store: FileKeyStore,
  country: string,
  now: Date,
): Promise<KeyRecord | undefined> {
  let best: { record: KeyRecord; from: Date } | undefined;
  for (const record of await store.list()) {
    const pem = record.metadata.certificate;
    if (record.metadata.kind !== 'csca' || typeof pem !== 'string') continue;
    const info = await readCertificate(pem);
    if (!info.ca || info.country !== country) continue;
    const from = info.privateKeyUsage?.notBefore ?? info.notBefore;
    const until = info.privateKeyUsage?.notAfter ?? info.notAfter;
    if (now < info.notBefore || now > info.notAfter || now < from || now >= until) continue;
    if (!best || from > best.from) best = { record, from };
  }
  return best?.record;
}

async function freeLabel(store: FileKeyStore, base: string): Promise<string> {
  if (!(await store.exists(base))) return base;
  for (let n = 2; ; n++) {
    const label = `${base}-${n}`;
    if (!(await store.exists(label))) return label;
  }
}

function countryOption(values: Values): string {
  const country = values.country;
  if (!country) throw new UsageError('--country CC is required');
  if (!/^[A-Za-z]{2}$/.test(country))
    throw new UsageError(`--country takes an ISO 3166-1 alpha-2 code, not "${country}"`);
  return country.toUpperCase();
}

function algOption(values: Values): SigningAlg {
  const alg = values.alg ?? 'ES256';
  if (!isSigningAlg(alg)) throw new UsageError(`--alg takes ES256 or PS256, not "${alg}"`);
  return alg;
}

function dayCount(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} takes a whole number of days`);
  return n;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
