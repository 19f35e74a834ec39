import { displayName, firstDccEntry } from '@corridor/core/dcc';
import { labelText, REPORT_TEXTS } from '@corridor/core/i18n';
import type { PolicyDecision, PolicyExplanation } from '@corridor/core/policy';
import type { Lang, Report } from '@corridor/core/report';
import { label } from './labels.js';

const text = (
  key: keyof typeof REPORT_TEXTS,
  lang: Lang,
  params?: Record<string, string | number>,
) => labelText(REPORT_TEXTS, key, lang, params);

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

/**
 * The decision as a person reads it: status first, then who, what, who issued and signed it,
 * the dates, and every reason, in the officer's language.
 */
export function formatReport(report: Report, lang: Lang): string {
  const lines: string[] = [];
  const valid = report.status === 'valid';
  lines.push(
    valid ? paint(32, `✔ ${label('valid', lang)}`) : paint(31, `✘ ${label('invalid', lang)}`),
  );
  const c = report.credential;
  const titled = (title: string, value: string | undefined) => {
    if (value) lines.push(`  ${padDisplay(title, 12)} ${value}`);
  };
  const row = (key: Parameters<typeof label>[0], value: string | undefined) => {
    titled(label(key, lang), value);
  };
  if (c) {
    const h = c.holder;
    if (h) {
      // Chinese and Korean names read family name first, without a space (王芳, 김민준).
      const cjk = CJK.test(`${h.familyName ?? ''}${h.givenName ?? ''}`);
      const name = cjk
        ? `${h.familyName ?? ''}${h.givenName ?? ''}`
        : [h.givenName, h.familyName].filter(Boolean).join(' ');
      const translitParts = [h.givenNameTransliterated, h.familyNameTransliterated];
      if (cjk) translitParts.reverse();
      const translit = translitParts.filter(Boolean).join(' ');
      const who = [
        name || translit,
        name && translit ? `(${translit})` : '',
        h.dateOfBirth ? `${label('born', lang)} ${h.dateOfBirth}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      row('holder', who);
    }
    const other = c.format === 'hcert' || c.format === 'entry-pass' ? undefined : c.format;
    if (other) titled(text('format', lang), text(other, lang));
    if (c.format === 'nzcp') {
      row('certificate', text('passNoDetails', lang, { type: c.passType ?? 'PublicCovidPass' }));
    } else if (c.format !== 'entry-pass') {
      row('certificate', describeEntry(c.type, c.dcc, lang));
    }
    const entry = firstDccEntry(c.dcc);
    row('issuer', describeIssuer(c, entry, lang));
    row('issued', c.issuedAt);
    row('expires', c.expiresAt);
  }
  if (report.signer) row('signedBy', `${report.signer.subject} (kid ${report.signer.kid})`);
  else if (c && 'kid' in c && typeof c.kid === 'string' && c.format !== 'hcert')
    titled(text('key', lang), `${c.kid}${c.alg ? ` (${c.alg})` : ''}`);
  row('checkedAt', report.at);
  if (report.rules) {
    const count = (status: string) => report.rules!.filter((r) => r.status === status).length;
    const summary =
      report.rules.length === 0
        ? text('noRules', lang)
        : text('applied', lang, {
            n: report.rules.length,
            passed: count('passed'),
            failed: count('failed'),
            open: count('open'),
          });
    lines.push(`  ${padDisplay(text('rules', lang), 12)} ${summary}`);
    for (const rule of report.rules) {
      if (rule.status === 'passed') continue;
      const mark = rule.status === 'failed' ? paint(31, '✘') : paint(33, '?');
      lines.push(`    ${mark} ${rule.identifier} (${rule.version}): ${rule.description}`);
      lines.push(`        ${text('fieldsRead', lang)}: ${rule.affectedFields.join(', ') || '-'}`);
    }
  }
  // Failed and open rules are listed above with the fields they read.
  const findings = report.rules
    ? report.findings.filter((f) => f.code !== 'RULE_FAILED' && f.code !== 'RULE_OPEN')
    : report.findings;
  if (findings.length === 0) {
    if (valid || !report.rules) lines.push(`  ${label('noProblems', lang)}`);
  } else {
    lines.push(`  ${label('reasons', lang)}:`);
    for (const f of findings) {
      const mark =
        f.severity === 'error' ? paint(31, '✘') : f.severity === 'warning' ? paint(33, '!') : 'i';
      lines.push(`    ${mark} ${f.message} [${f.code}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Who issued it: the country by name when known, then the issuer's own identifier (an SHC
 * `iss` URL, an NZCP DID, a DIVOC issuer) and the certificate's issuer and identifier fields,
 * each once.
 */
function describeIssuer(
  c: NonNullable<Report['credential']>,
  entry: Record<string, unknown> | undefined,
  lang: Lang,
): string {
  const parts: (string | undefined)[] = [];
  if (c.issuer && /^[A-Z]{2}$/.test(c.issuer))
    parts.push(`${displayName('country-2-codes', c.issuer, lang)} (${c.issuer})`);
  else parts.push(c.issuer);
  if ('issuerId' in c && typeof c.issuerId === 'string') parts.push(c.issuerId);
  parts.push(typeof entry?.is === 'string' ? entry.is : undefined);
  parts.push(typeof entry?.ci === 'string' ? entry.ci : undefined);
  return [...new Set(parts.filter((p): p is string => Boolean(p)))].join(' · ');
}

function describeEntry(type: string | undefined, dcc: unknown, lang: Lang): string {
  const e = firstDccEntry(dcc);
  const kind =
    type === 'vaccination' || type === 'test' || type === 'recovery'
      ? label(type, lang)
      : label('unknownType', lang);
  if (!e) return kind;
  const name = (set: string, code: unknown) =>
    typeof code === 'string' ? displayName(set, code, lang) : undefined;
  const parts = [kind, name('disease-agent-targeted', e.tg)];
  if (type === 'vaccination') {
    parts.push(
      name('vaccine-medicinal-product', e.mp),
      e.dn === undefined
        ? undefined
        : `${label('dose', lang)} ${e.dn}${e.sd === undefined ? '' : `/${e.sd}`}`,
      String(e.dt ?? ''),
    );
  } else if (type === 'test') {
    parts.push(
      name('test-type', e.tt),
      `${label('result', lang)} ${name('test-result', e.tr) ?? ''}`,
      `${label('sampled', lang)} ${e.sc ?? ''}`,
    );
  } else if (type === 'recovery') {
    parts.push(
      `${label('firstPositive', lang)} ${e.fr ?? ''}`,
      `${label('validFrom', lang)} ${e.df ?? ''} ${label('until', lang)} ${e.du ?? ''}`,
    );
  }
  return parts.filter(Boolean).join(' · ');
}

/**
 * A policy decision over several presented credentials, as a person reads it: the decision,
 * each credential with its status, the requirement tree with what met each requirement or why
 * nothing did, and the coded findings.
 */
export function formatPolicyDecision(
  decision: PolicyDecision,
  reports: readonly Report[],
  inputs: readonly string[],
  lang: Lang,
): string {
  const lines: string[] = [];
  lines.push(
    decision.satisfied
      ? paint(32, `✔ ${text('satisfied', lang)}: ${decision.policy}`)
      : paint(31, `✘ ${text('notSatisfied', lang)}: ${decision.policy}`),
  );
  lines.push(`  ${text('presented', lang)}:`);
  reports.forEach((report, i) => {
    const c = report.credential;
    const kind =
      c?.format === 'entry-pass'
        ? [text('entryPass', lang), c.issuer].filter(Boolean).join(' · ')
        : describeEntry(c?.type, c?.dcc, lang) || label('unknownType', lang);
    const status = report.status === 'valid' ? paint(32, '✔') : paint(31, '✘');
    const source = inputs[i] && inputs[i]!.length <= 60 ? ` (${inputs[i]})` : '';
    lines.push(`    #${i + 1} ${status} ${kind}${source}`);
    for (const f of report.findings) {
      if (f.severity === 'error') lines.push(`        ${f.message} [${f.code}]`);
    }
    for (const rule of report.rules ?? []) {
      if (rule.status === 'passed') continue;
      lines.push(
        `        ${text('fieldsRead', lang)} (${rule.identifier}): ${rule.affectedFields.join(', ') || '-'}`,
      );
    }
  });
  lines.push(`  ${text('requirements', lang)}:`);
  const walk = (node: PolicyExplanation, depth: number) => {
    const pad = '  '.repeat(depth + 2);
    const mark = node.satisfied ? paint(32, '✔') : paint(31, '✘');
    const by =
      node.kind === 'requirement' && node.satisfied && node.satisfiedBy?.length
        ? ` ← ${text('metBy', lang)} ${node.satisfiedBy.map((n) => `#${n + 1}`).join(', ')}`
        : '';
    lines.push(`${pad}${mark} ${node.text}${by}`);
    for (const reason of node.reasons ?? []) lines.push(`${pad}    ${reason}`);
    for (const child of node.children ?? []) walk(child, depth + 1);
  };
  walk(decision.explanation, 0);
  lines.push(`  ${label('reasons', lang)}:`);
  for (const f of decision.findings) {
    const mark =
      f.severity === 'error' ? paint(31, '✘') : f.severity === 'warning' ? paint(33, '!') : 'i';
    lines.push(`    ${mark} ${f.message} [${f.code}]`);
  }
  return `${lines.join('\n')}\n`;
}

const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/;

/** Pads to `width` terminal columns: CJK characters take two. */
export function padDisplay(text: string, width: number): string {
  let columns = 0;
  for (const ch of text) columns += WIDE.test(ch) ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - columns));
}
