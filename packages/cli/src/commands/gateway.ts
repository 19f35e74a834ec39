import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { FORMAT_TRUST_TEXTS, labelText } from '@corridor/core/i18n';
import { fromBase64 } from '@corridor/core/lib';
import { isLang, type Lang } from '@corridor/core/report';
import { shcIssuersFromLayout } from '@corridor/core/shc';
import {
  type FormatTrustMaterial,
  formatMaterialMap,
  readFormatMaterial,
  TRUST_FORMATS,
  type TrustFormat,
} from '@corridor/core/trust';
import { coseInit, gatewayClient } from '@corridor/server/client';
import { signGatewayRequest } from '@corridor/server/gateway/signed-request';
import { countryKeys } from '../lib/country-keys.js';
import { UsageError, unreadableFile } from '../lib/usage.js';

/** Largest trust file read; the gateway takes at most 128 Ki characters of JSON, 64 KiB of DER. */
const MAX_FILE = 256 * 1024;

const text = (key: keyof typeof FORMAT_TRUST_TEXTS, lang: Lang, params?: Record<string, string>) =>
  labelText(FORMAT_TRUST_TEXTS, key, lang, params);

/**
 * `corridor gateway formats upload|withdraw|list`: a participant's trust for SMART Health
 * Cards, NZ COVID Pass, ICAO VDS-NC and DIVOC at the trust gateway (`POST /formats`,
 * `POST /formats/withdraw`, `GET /formats`; docs/formats/README.md). Uploads and withdrawals
 * are requests signed with the country's upload key, from the store `corridor start` made.
 * Exit 0 done, 1 refused by the gateway (its problem code printed), 2 usage error.
 */
export async function gatewayCommand(args: string[]): Promise<number> {
  const [group, action, ...rest] = args;
  if (group !== 'formats')
    throw new UsageError('gateway takes formats upload, formats withdraw or formats list');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      gateway: { type: 'string' },
      country: { type: 'string' },
      format: { type: 'string' },
      data: { type: 'string', default: '.corridor' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
      iss: { type: 'string' },
      crl: { type: 'string', multiple: true },
      method: { type: 'string' },
      issuer: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  const gateway = values.gateway;
  if (!gateway) throw new UsageError(`gateway formats ${action ?? ''} needs --gateway URL`.trim());
  let origin: string;
  try {
    origin = new URL(gateway).origin;
  } catch {
    throw new UsageError(`--gateway must be a URL, not "${gateway}"`);
  }
  const client = gatewayClient(origin);
  const format = values.format;
  if (format !== undefined && !TRUST_FORMATS.includes(format as TrustFormat))
    throw new UsageError(`--format is ${TRUST_FORMATS.join(', ')}`);

  if (action === 'list') {
    if (positionals.length > 0) throw new UsageError('gateway formats list takes no files');
    const res = await client.formats.$get({
      query: {
        ...(values.country ? { country: values.country } : {}),
        ...(format ? { format: format as TrustFormat } : {}),
      },
    });
    const body = (await res.json().catch(() => ({}))) as unknown;
    return answer(res, body, values.json, lang, () => {
      const entries = body as {
        country: string;
        format: string;
        subject: string;
        version: number;
      }[];
      if (entries.length === 0) return `${text('none', lang)}\n`;
      return entries
        .map((e) => `${e.country}  ${e.format.padEnd(6)}  v${e.version}  ${e.subject}\n`)
        .join('');
    });
  }
  if (action !== 'upload' && action !== 'withdraw')
    throw new UsageError('gateway formats takes upload, withdraw or list');
  const country = values.country;
  if (!country || !/^[A-Z]{2}$/.test(country))
    throw new UsageError(`gateway formats ${action} needs --country CC (ISO 3166-1 alpha-2)`);
  if (!format)
    throw new UsageError(`gateway formats ${action} needs --format ${TRUST_FORMATS.join('|')}`);

  let body: Record<string, unknown>;
  if (action === 'upload') {
    if (positionals.length !== 1)
      throw new UsageError(`gateway formats upload takes one FILE (the ${format} trust)`);
    const { iss, crl, method, issuer } = values;
    const material = await readMaterial(format as TrustFormat, positionals[0]!, {
      iss,
      crl,
      method,
      issuer,
    });
    const map = formatMaterialMap(material);
    // The gateway's own reading of the shape (sizes, fields), before anything is signed.
    const shape = readFormatMaterial(map);
    if (typeof shape === 'string') throw new UsageError(`${positionals[0]}: ${shape}`);
    body = map;
  } else {
    if (!values.subject || positionals.length > 0)
      throw new UsageError(
        'gateway formats withdraw needs --subject SUBJECT (as the upload or list named it) and no FILE',
      );
    body = { format, subject: values.subject };
  }
  const keys = await countryKeys(values.data, country, ['upload']);
  const crypto = nodeCryptoProvider();
  const request = await signGatewayRequest(
    { country, action: `formats.${action}`, iat: Math.floor(Date.now() / 1000), body },
    keys.upload.signer,
    crypto,
  );
  const res =
    action === 'upload'
      ? await client.formats.$post({}, coseInit(request))
      : await client.formats.withdraw.$post({}, coseInit(request));
  const answered = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return answer(res, answered, values.json, lang, () => {
    const params = {
      format,
      subject: String(answered.subject ?? values.subject ?? ''),
      version: String(answered.version),
    };
    const key = action === 'withdraw' ? 'withdrawn' : answered.replaced ? 'replaced' : 'uploaded';
    return `✔ ${text(key, lang, params)}\n`;
  });
}

/** Prints the gateway's answer (its coded problem when refused); the exit status. */
function answer(
  res: Response,
  body: unknown,
  json: boolean,
  lang: Lang,
  done: () => string,
): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ status: res.status, answer: body })}\n`);
    return res.ok ? 0 : 1;
  }
  if (!res.ok) {
    const problem = (body ?? {}) as { title?: unknown; detail?: unknown };
    const code = String(problem.title ?? res.status);
    process.stdout.write(
      `✘ ${text('refused', lang, { code, detail: String(problem.detail ?? res.statusText) })}\n`,
    );
    return 1;
  }
  process.stdout.write(done());
  return 0;
}

/**
 * The upload's material from FILE (and `--iss`, `--crl`, `--method`, `--issuer`), in the form
 * the gateway takes: SHC a JWK set (its issuer from `--iss` or from the published layout
 * `issuers/<host>/.well-known/jwks.json`) with revocation lists; NZCP a DID document; VDS-NC a
 * CSCA certificate (PEM or DER) with CRLs; DIVOC a public key (PEM, Base58, or a key document
 * `{id, publicKeyPem|publicKeyBase58}` that names its verification method).
 */
async function readMaterial(
  format: TrustFormat,
  file: string,
  flags: { iss?: string; crl?: string[]; method?: string; issuer?: string },
): Promise<FormatTrustMaterial> {
  const only = (allowed: string[]) => {
    for (const [flag, value] of Object.entries(flags))
      if (value !== undefined && !allowed.includes(flag))
        throw new UsageError(`--${flag} does not apply to --format ${format}`);
  };
  const crls = flags.crl ?? [];
  if (format === 'shc') {
    only(['iss', 'crl']);
    const jwks = await jsonText(file, 'a JWK set', (o) => Array.isArray(o.keys));
    const laidOut = shcIssuersFromLayout([{ path: file.replaceAll('\\', '/'), content: '' }]);
    const iss = (flags.iss ?? laidOut.issuers[0]?.iss)?.replace(/\/+$/, '');
    if (!iss)
      throw new UsageError(
        `${file} is outside the issuers/<host>/.well-known/ layout: name its issuer with --iss URL`,
      );
    const lists: string[] = [];
    for (const crl of crls)
      lists.push(await jsonText(crl, 'an SHC revocation list', (o) => Array.isArray(o.rids)));
    return { format: 'shc', iss, jwks, crls: lists };
  }
  if (format === 'nzcp') {
    only([]);
    const didDocument = await jsonText(
      file,
      'a DID document',
      (o) => typeof o.id === 'string' && o.id.startsWith('did:'),
    );
    return { format: 'nzcp', didDocument };
  }
  if (format === 'vds-nc') {
    only(['crl']);
    const csca = await derOf(file, 'CERTIFICATE');
    const lists: Uint8Array[] = [];
    for (const crl of crls) lists.push(await derOf(crl, 'X509 CRL'));
    return { format: 'vds-nc', csca, crls: lists };
  }
  only(['method', 'issuer']);
  const content = (await readSmall(file)).toString('utf8').trim();
  const material: FormatTrustMaterial = { format: 'divoc', verificationMethod: '' };
  if (content.startsWith('{')) {
    const o = parseObject(file, content);
    if (typeof o.publicKeyPem === 'string') material.publicKeyPem = o.publicKeyPem;
    else if (typeof o.publicKeyBase58 === 'string') material.publicKeyBase58 = o.publicKeyBase58;
    else throw new UsageError(`${file} is a JSON document without publicKeyPem or publicKeyBase58`);
    if (typeof o.id === 'string') material.verificationMethod = o.id;
  } else if (content.includes('-----BEGIN PUBLIC KEY-----')) {
    material.publicKeyPem = content;
  } else if (/^[1-9A-HJ-NP-Za-km-z]{32,50}$/.test(content)) {
    material.publicKeyBase58 = content;
  } else {
    throw new UsageError(`${file} is neither a PEM public key, a Base58 key nor a key document`);
  }
  if (flags.method !== undefined) material.verificationMethod = flags.method;
  if (!material.verificationMethod)
    throw new UsageError(
      `${file}: name the key's verification method with --method ID (e.g. did:india)`,
    );
  if (flags.issuer !== undefined) material.issuer = flags.issuer;
  return material;
}

async function readSmall(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE) throw new UsageError(`${file} is larger than ${MAX_FILE} bytes`);
    return await readFile(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadableFile('trust file', file, error);
  }
}

function parseObject(file: string, content: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** A JSON file's text, after checking it is the kind of document the format takes. */
async function jsonText(
  file: string,
  what: string,
  fits: (o: Record<string, unknown>) => boolean,
): Promise<string> {
  const content = (await readSmall(file)).toString('utf8');
  if (!fits(parseObject(file, content))) throw new UsageError(`${file} is not ${what}`);
  return content;
}

/** A certificate or CRL file as DER: PEM (`label`), base64 text, or DER itself. */
async function derOf(file: string, label: 'CERTIFICATE' | 'X509 CRL'): Promise<Uint8Array> {
  const bytes = await readSmall(file);
  if (bytes[0] === 0x30) return new Uint8Array(bytes);
  const content = bytes.toString('latin1');
  const pem = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(
    content,
  );
  try {
    const der = fromBase64(pem ? pem[1]! : content.trim());
    if (der[0] === 0x30) return der;
  } catch {
    // Not base64: said below.
  }
  const kind = label === 'CERTIFICATE' ? 'a certificate' : 'an X.509 CRL';
  throw new UsageError(`${file} is not ${kind} (PEM or DER)`);
}
