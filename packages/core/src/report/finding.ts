/**
 * Findings: the coded, localised statements a verification makes. Every layer of the
 * pipeline reports through these types; callers branch on `code`, never on `message`.
 */

/** Languages every message exists in. */
export const LANGS = ['en', 'zh', 'ko'] as const;
export type Lang = (typeof LANGS)[number];

/** The pipeline layer a finding comes from, outermost first. */
export type Layer =
  | 'input'
  | 'qr'
  | 'prefix'
  | 'numeric'
  | 'base45'
  | 'base32'
  | 'json'
  | 'compression'
  | 'cbor'
  | 'cose'
  | 'cwt'
  | 'jws'
  | 'schema'
  | 'valueset'
  | 'trust'
  | 'signature'
  | 'validity'
  | 'key-usage'
  | 'revocation'
  | 'rules'
  | 'mrz'
  | 'lane';

export type Severity = 'error' | 'warning' | 'info';

/** How a module declares one finding code: where it comes from and what it says. */
export interface FindingDefinition {
  layer: Layer;
  severity: Severity;
  /** Message templates; `{name}` is replaced by the parameter of that name. */
  messages: Record<Lang, string>;
}

export type FindingParams = Record<string, string | number>;

/** One coded statement in a `Report`. */
export interface Finding {
  /** Stable code, e.g. `HC1_BASE45_INVALID`; safe to branch on. */
  code: string;
  layer: Layer;
  severity: Severity;
  /** Human-readable, in the language the report was made for. */
  message: string;
  /** The values interpolated into the message, kept for re-localisation and for machines. */
  params?: FindingParams;
  /** A JSON-pointer-like path into the decoded credential, for payload findings. */
  path?: string;
}

/** Replaces `{name}` placeholders with parameters; unknown placeholders are left visible. */
export function formatMessage(template: string, params: FindingParams | undefined): string {
  if (!params) return template;
  const parts = templateParts(template);
  if (parts.length === 1) return template;
  // Even entries are literal text, odd ones placeholder names.
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in params ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * Templates split at their placeholders once: messages come from a fixed set of tables and
 * are rendered for every finding and explanation. Bounded.
 */
const splitTemplates = new Map<string, readonly string[]>();
const MAX_SPLIT_TEMPLATES = 4096;
const PLACEHOLDER = /\{(\w+)\}/g;

function templateParts(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (parts) return parts;
  // `split` with a capturing group keeps the names at the odd positions.
  parts = template.split(PLACEHOLDER);
  if (splitTemplates.size >= MAX_SPLIT_TEMPLATES) splitTemplates.clear();
  splitTemplates.set(template, parts);
  return parts;
}

/** `true` when `lang` is one of the supported languages. */
export function isLang(lang: unknown): lang is Lang {
  return typeof lang === 'string' && (LANGS as readonly string[]).includes(lang);
}

/**
 * Builds a finding for `code` from a module's table of definitions, in `lang`. Every table
 * (core's catalog, a server module's own codes) renders through here.
 */
export function findingFrom<C extends string>(
  table: Readonly<Record<C, FindingDefinition>>,
  code: C,
  lang: Lang = 'en',
  params?: FindingParams,
  path?: string,
): Finding {
  const def: FindingDefinition = table[code];
  const finding: Finding = {
    code,
    layer: def.layer,
    severity: def.severity,
    message: formatMessage(def.messages[lang], params),
  };
  if (params) finding.params = params;
  if (path !== undefined) finding.path = path;
  return finding;
}

/** A {@link findingFrom} bound to one module's table, for that module's own findings. */
export function findingMaker<C extends string>(
  table: Readonly<Record<C, FindingDefinition>>,
): (code: C, lang?: Lang, params?: FindingParams, path?: string) => Finding {
  return (code, lang, params, path) => findingFrom(table, code, lang, params, path);
}
