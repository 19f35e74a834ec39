import { verifyHcert } from './hcert/verify.js';
import { utf8Decode } from './lib/bytes.js';
import { verifyEntryPass } from './pass/verify.js';
import type { Report } from './report/report.js';
import { applyRules } from './rules/apply.js';
import type { FormatTrust } from './trust/trust-list.js';
import type { VerifyContext } from './verify-context.js';

export { verifyCose } from './hcert/verify.js';
export { isoSeconds } from './lib/iso-time.js';
export {
  DEFAULT_VERIFY_LIMITS,
  type VerifyContext,
  type VerifyLimits,
} from './verify-context.js';

/** The credential formats `verify()` tells apart. */
export type CredentialFormat = 'hcert' | 'entry-pass' | 'shc' | 'nzcp' | 'vds-nc' | 'divoc';

/** One format's pipeline: how to recognise its input, and how to verify it. */
export interface FormatPipeline {
  format: CredentialFormat;
  /** Whether `input` is in this format (by prefix or shape; cheap, never decodes). */
  recognises(input: string): boolean;
  verify(input: string, context: VerifyContext): Promise<Report>;
}

/** The trust of one format in a context; an empty one when the source carries none. */
function formatTrust<K extends keyof FormatTrust>(
  context: VerifyContext,
  format: K,
): NonNullable<FormatTrust[K]> | Promise<NonNullable<FormatTrust[K]>> {
  const own = context.trust.formats?.[format];
  // Returned as is, not wrapped in a promise: this runs on every verification.
  if (own) return own as NonNullable<FormatTrust[K]>;
  return emptyTrust(format);
}

async function emptyTrust<K extends keyof FormatTrust>(
  format: K,
): Promise<NonNullable<FormatTrust[K]>> {
  let empty = emptyTrusts.get(format);
  if (!empty) {
    empty = EMPTY_TRUST[format]();
    emptyTrusts.set(format, empty);
  }
  return (await empty) as NonNullable<FormatTrust[K]>;
}
const emptyTrusts = new Map<keyof FormatTrust, Promise<unknown>>();
const EMPTY_TRUST: { [K in keyof FormatTrust]-?: () => Promise<FormatTrust[K]> } = {
  shc: async () => (await import('./shc/trust.js')).ShcTrust.create({ issuers: [] }),
  nzcp: async () =>
    (await import('./nzcp/trust.js')).NzcpTrust.create({ didDocuments: [], trustedIssuers: [] }),
  vdsNc: async () => (await import('./vds-nc/trust.js')).VdsNcTrust.create({ cscas: [], crls: [] }),
  divoc: async () => (await import('./divoc/trust.js')).DivocTrust.create({ keys: [] }),
};

/** A module imported on first use and then reused; `now` gives it without waiting once loaded. */
interface LazyModule<T> {
  (): Promise<T>;
  /** The module when it has loaded, so a verification does not wait a turn for it. */
  now(): T | undefined;
}

/**
 * A module imported on first use and then reused. `import()` is cached by the module loader,
 * but each call still walks the loader (about 5 % of an SHC verification in a profile); the
 * promise is kept instead, and the module itself once it has loaded (`now`), so the common
 * path does not even wait a microtask for it. A failed load (a chunk the page could not fetch)
 * is tried again.
 */
function once<T>(load: () => Promise<T>): LazyModule<T> {
  let loading: Promise<T> | undefined;
  let module: T | undefined;
  const get = () => {
    if (!loading) {
      loading = load().then((m) => {
        module = m;
        return m;
      });
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
  return Object.assign(get, { now: () => module });
}

/** Each format's verifier, loaded lazily (the scanner's first chunk stays small). */
const MODULES = {
  shc: once(() => import('./shc/verify.js')),
  nzcp: once(() => import('./nzcp/verify.js')),
  vdsNc: once(() => import('./vds-nc/verify.js')),
  divoc: once(() => import('./divoc/verify.js')),
};

/**
 * The options every other format's verifier takes, from the shared context and the format's
 * trust. Always the same shape (absent `lang` and `crypto` as `undefined`, which the verifiers
 * read as their defaults): this runs on every verification.
 */
function optionsOf<T>(context: VerifyContext, trust: T) {
  return { at: context.at, lang: context.lang, crypto: context.crypto, trust };
}

/** A JSON document whose first member names suggest a VDS-NC seal (`data` + `sig`). */
function looksLikeSeal(input: string): boolean {
  const t = input.trimStart();
  return t.startsWith('{') && t.includes('"sig"') && t.includes('"hdr"');
}

/** A JSON-LD verifiable credential (DIVOC carries one, bare or zipped). */
function looksLikeCredential(input: string): boolean {
  const t = input.trimStart();
  return t.startsWith('{') && t.includes('"@context"') && t.includes('"proof"');
}

/**
 * The pipelines `verify()` chooses from, in order; the first that recognises the input runs.
 * HC1 comes last: it also answers input no pipeline recognises, with its prefix finding
 * (`HC1_PREFIX_MISSING`, `HC1_PREFIX_UNSUPPORTED`). A new format is one entry here and a
 * folder of its own.
 */
const PIPELINES: readonly FormatPipeline[] = [
  { format: 'entry-pass', recognises: (i) => i.startsWith('CP1:'), verify: verifyEntryPass },
  {
    format: 'shc',
    recognises: (i) => /^shc:\//i.test(i),
    verify: (i, c) => {
      // The usual path once loaded: no turn waited for the module or the trust.
      const module = MODULES.shc.now();
      const trust = c.trust.formats?.shc;
      if (module && trust)
        return module.verifyShc(i, optionsOf(c, trust)).then((r) => withRules(r, c));
      return (async () => {
        const { verifyShc } = await MODULES.shc();
        return withRules(await verifyShc(i, optionsOf(c, await formatTrust(c, 'shc'))), c);
      })();
    },
  },
  {
    format: 'nzcp',
    recognises: (i) => i.startsWith('NZCP:/'),
    verify: (i, c) => {
      const module = MODULES.nzcp.now();
      const trust = c.trust.formats?.nzcp;
      if (module && trust) return module.verifyNzcp(i, optionsOf(c, trust));
      return (async () => {
        const { verifyNzcp } = await MODULES.nzcp();
        return verifyNzcp(i, optionsOf(c, await formatTrust(c, 'nzcp')));
      })();
    },
  },
  {
    format: 'vds-nc',
    recognises: looksLikeSeal,
    verify: async (i, c) => {
      const { verifyVdsNc } = await MODULES.vdsNc();
      return withRules(await verifyVdsNc(i, optionsOf(c, await formatTrust(c, 'vdsNc'))), c);
    },
  },
  {
    format: 'divoc',
    recognises: looksLikeCredential,
    verify: (i, c) => divocBytes(i, c),
  },
  { format: 'hcert', recognises: (i) => i.startsWith('HC1:'), verify: verifyHcert },
];

/**
 * The destination's rules over another format's normalised credential, as the HC1 pipeline
 * applies them over its own (`report.rules`, step `rules`, `RULE_FAILED`/`RULE_OPEN`).
 */
function withRules(report: Report, context: VerifyContext): Report {
  const { destination, rules, valueSets } = context;
  const credential = report.credential;
  if (!destination || !rules || !credential || credential.dcc === undefined) return report;
  const applied = applyRules(credential as Parameters<typeof applyRules>[0], {
    destination,
    rules,
    valueSets,
    at: context.at,
    lang: report.lang,
  });
  report.steps.rules = applied.step;
  report.findings.push(...applied.findings);
  report.rules = applied.results;
  if (report.findings.some((f) => f.severity === 'error')) report.status = 'invalid';
  return report;
}

/** The format `input` is in, as `verify()` would choose it. */
export function detectFormat(input: string | Uint8Array): CredentialFormat {
  if (input instanceof Uint8Array) return isZip(input) ? 'divoc' : detectFormat(utf8Decode(input));
  return PIPELINES.find((p) => p.recognises(input))?.format ?? 'hcert';
}

/** `PK\x03\x04`: a ZIP archive (a DIVOC QR's bytes). */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Verifies a credential code offline and explains the decision: the one entry point that the
 * CLI, the servers and the web app call. It chooses the pipeline by the code's prefix or shape
 * — HC1 health certificates (EU DCC and WHO DDCC payloads), Corridor entry passes (`CP1:`),
 * SMART Health Cards (`shc:/`), NZ COVID Passes (`NZCP:/`), ICAO VDS-NC seals (JSON) and
 * DIVOC credentials (JSON or the ZIP a DIVOC QR holds, as bytes) — and returns one `Report`
 * with coded findings. Trust for the other formats comes from `context.trust.formats`; without
 * it, their signers are unknown. With `context.destination` and `context.rules`, the
 * destination's rules are applied to the normalised credential. Never throws on bad input.
 *
 * @example
 * const trust = await DscTrustList.create([dscPem]);
 * const report = await verify(qrText, { trust, at: new Date() });
 * report.status // 'valid'
 */
export function verify(input: string | Uint8Array, context: VerifyContext): Promise<Report> {
  if (input instanceof Uint8Array) {
    if (isZip(input)) return divocBytes(input, context);
    return verify(utf8Decode(input), context);
  }
  if (typeof input === 'string') {
    for (const pipeline of PIPELINES) {
      if (pipeline.recognises(input)) return pipeline.verify(input, context);
    }
  }
  return verifyHcert(input, context);
}

/**
 * A DIVOC credential (JSON text or ZIP bytes). DIVOC and the other formats besides HC1 and the
 * entry pass load on first use: a page that scans HC1 codes never downloads JSON-LD.
 */
async function divocBytes(input: string | Uint8Array, context: VerifyContext): Promise<Report> {
  const { verifyDivoc } = await MODULES.divoc();
  return withRules(
    await verifyDivoc(input, optionsOf(context, await formatTrust(context, 'divoc'))),
    context,
  );
}
