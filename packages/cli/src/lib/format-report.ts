import { displayName } from '@corridor/core/dcc/index';
import type { Lang } from '@corridor/core/report/finding';
import type { Report } from '@corridor/core/report/report';
import { label } from './labels.js';

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
  const row = (key: Parameters<typeof label>[0], value: string | undefined) => {
    if (value) lines.push(`  ${label(key, lang).padEnd(12)} ${value}`);
  };
  if (c) {
    const h = c.holder;
    if (h) {
      const name = [h.givenName, h.familyName].filter(Boolean).join(' ');
      const translit = [h.givenNameTransliterated, h.familyNameTransliterated]
        .filter(Boolean)
        .join(' ');
      const who = [
        name || translit,
        name && translit ? `(${translit})` : '',
        h.dateOfBirth ? `${label('born', lang)} ${h.dateOfBirth}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      row('holder', who);
    }
    row('certificate', describeEntry(c.type, c.dcc, lang));
    const entry = firstEntry(c.dcc);
    const issuerParts = [
      c.issuer,
      typeof entry?.is === 'string' ? entry.is : undefined,
      typeof entry?.ci === 'string' ? entry.ci : undefined,
    ];
    row('issuer', issuerParts.filter(Boolean).join(' · '));
    row('issued', c.issuedAt);
    row('expires', c.expiresAt);
  }
  if (report.signer) row('signedBy', `${report.signer.subject} (kid ${report.signer.kid})`);
  row('checkedAt', report.at);
  if (report.findings.length === 0) {
    lines.push(`  ${label('noProblems', lang)}`);
  } else {
    lines.push(`  ${label('reasons', lang)}:`);
    for (const f of report.findings) {
      const mark =
        f.severity === 'error' ? paint(31, '✘') : f.severity === 'warning' ? paint(33, '!') : 'i';
      lines.push(`    ${mark} ${f.message} [${f.code}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function firstEntry(dcc: unknown): Record<string, unknown> | undefined {
  if (!dcc || typeof dcc !== 'object') return undefined;
  for (const key of ['v', 't', 'r']) {
    const list = (dcc as Record<string, unknown>)[key];
    if (Array.isArray(list) && list[0] && typeof list[0] === 'object')
      return list[0] as Record<string, unknown>;
  }
  return undefined;
}

function describeEntry(type: string | undefined, dcc: unknown, lang: Lang): string {
  const e = firstEntry(dcc);
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
      `${label('dose', lang)} ${e.dn}/${e.sd}`,
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
