import type { Finding, Lang } from '@corridor/core/report';
import { addDays, type CertificateInfo, readCertificate } from './certificate.js';
import { pkiFinding } from './findings.js';
import { DSC_USAGES, type DscUsage } from './oids.js';

/** A certificate under management, named by its key store label. */
export interface ManagedCertificate {
  label: string;
  /** DER or PEM. */
  certificate: Uint8Array | string;
}

/** Options of {@link planRotation}. */
export interface RotationOptions {
  /** The instant to plan for. */
  at: Date;
  /**
   * Lead time, in days, between publishing a successor DSC and the day the current one stops
   * signing, so that every verifier has synced the successor before it signs anything.
   * Default 14.
   */
  overlapDays?: number;
  /** Warn about DSCs whose certificate expires within this many days. Default 30. */
  warnDays?: number;
  /** Warn about CSCAs that expire within this many days. Default 365. */
  cscaWarnDays?: number;
  lang?: Lang;
}

/** Where a certificate stands at the planning instant. */
export type RotationState =
  /** A DSC that signs now (the newest whose private-key usage period has begun). */
  | 'signing'
  /** A DSC published ahead of use: valid, its private-key usage period not yet begun. */
  | 'pending'
  /** Valid for verification only: superseded, or its private-key usage period is over. */
  | 'verify-only'
  /** A CSCA whose key may still sign DSCs. */
  | 'issuing'
  | 'not-yet-valid'
  | 'expired';

/** One certificate in a {@link RotationPlan}. */
export interface RotationEntry {
  label: string;
  kind: 'csca' | 'dsc' | 'other';
  country?: string;
  /** The document types a DSC may sign (a DSC without any usage EKU may sign all HCERT types). */
  usages: DscUsage[];
  notBefore: Date;
  notAfter: Date;
  /** Start of the private-key usage period (the validity start when the extension is absent). */
  signFrom: Date;
  /** End of the private-key usage period (the validity end when absent). */
  signUntil: Date;
  state: RotationState;
}

/** The DSC that signs one kind of document for one country. */
export interface RotationSigner {
  country: string;
  usage: DscUsage;
  label: string;
}

/** A signing DSC that needs a successor. */
export interface RotationDue {
  label: string;
  country?: string;
  /** The usages it signs for which nothing takes over after it. */
  usages: DscUsage[];
  /** When it stops signing. */
  signUntil: Date;
  /** When its successor should be published: `signUntil` − `overlapDays`. */
  rotateBy: Date;
}

/** What {@link planRotation} decides. */
export interface RotationPlan {
  at: Date;
  entries: RotationEntry[];
  /** The active signer for every (country, usage) any DSC covers. */
  signers: RotationSigner[];
  /** Signing DSCs that must be replaced soon (within `overlapDays` of their signing end). */
  due: RotationDue[];
  /** Expiry and rotation warnings with `PKI_*` codes. */
  findings: Finding[];
}

const HCERT_TYPES: readonly DscUsage[] = ['test', 'vaccination', 'recovery'];
const DAY_MS = 86_400_000;

/**
 * Plans key rotation with overlap. For every country and usage, the signing DSC is the newest
 * (latest private-key usage start) whose private-key usage period contains `at` and whose
 * certificate is valid; older DSCs stay valid for verification until their certificate
 * expires. A signing DSC is due for replacement when `at` is within `overlapDays` of the end
 * of its private-key usage and no later DSC (pending or signing) covers its usages. Findings:
 * `PKI_DSC_ROTATION_DUE`, `PKI_NO_ACTIVE_DSC`, `PKI_DSC_EXPIRING` (within `warnDays`),
 * `PKI_CSCA_EXPIRING` (within `cscaWarnDays`), `PKI_CSCA_KEY_USAGE_ENDED` (a country's CSCAs
 * can no longer issue DSCs) and `PKI_CERTIFICATE_EXPIRED` (info).
 * Throws when a certificate cannot be read (it is the operator's own key store).
 */
export async function planRotation(
  certificates: readonly ManagedCertificate[],
  options: RotationOptions,
): Promise<RotationPlan> {
  const { at, lang } = options;
  const overlapDays = options.overlapDays ?? 14;
  const warnDays = options.warnDays ?? 30;
  const cscaWarnDays = options.cscaWarnDays ?? 365;
  const infos: { entry: RotationEntry; info: CertificateInfo }[] = [];
  for (const { label, certificate } of certificates) {
    const info = await readCertificate(certificate);
    infos.push({ entry: toEntry(label, info), info });
  }
  const entries = infos.map((i) => i.entry);
  const dscs = entries.filter((e) => e.kind === 'dsc');
  const findings: Finding[] = [];
  const t = at.getTime();
  const valid = (e: RotationEntry) => e.notBefore.getTime() <= t && t <= e.notAfter.getTime();
  const canSign = (e: RotationEntry) =>
    valid(e) && e.signFrom.getTime() <= t && t < e.signUntil.getTime();

  for (const e of entries) {
    if (t > e.notAfter.getTime()) e.state = 'expired';
    else if (t < e.notBefore.getTime()) e.state = 'not-yet-valid';
    else if (e.kind === 'csca') e.state = canSign(e) ? 'issuing' : 'verify-only';
    else if (e.kind === 'dsc') e.state = e.signFrom.getTime() > t ? 'pending' : 'verify-only';
    else e.state = 'verify-only';
  }

  const signers: RotationSigner[] = [];
  const slots = new Map<string, { country: string; usage: DscUsage }>();
  for (const d of dscs) {
    for (const usage of d.usages)
      slots.set(`${d.country ?? ''}/${usage}`, { country: d.country ?? '', usage });
  }
  const dueByLabel = new Map<string, RotationDue>();
  const missing = new Map<string, DscUsage[]>();
  for (const { country, usage } of [...slots.values()].sort(slotOrder)) {
    const covering = dscs.filter((d) => (d.country ?? '') === country && d.usages.includes(usage));
    const active = covering
      .filter(canSign)
      .sort(
        (a, b) =>
          b.signFrom.getTime() - a.signFrom.getTime() ||
          b.notAfter.getTime() - a.notAfter.getTime(),
      )[0];
    if (!active) {
      const list = missing.get(country) ?? [];
      list.push(usage);
      missing.set(country, list);
      continue;
    }
    active.state = 'signing';
    signers.push({ country, usage, label: active.label });
    const successor = covering.some(
      (d) =>
        d !== active &&
        d.signUntil.getTime() > active.signUntil.getTime() &&
        t <= d.notAfter.getTime(),
    );
    const rotateBy = addDays(active.signUntil, -overlapDays);
    if (!successor && t >= rotateBy.getTime()) {
      const due = dueByLabel.get(active.label) ?? {
        label: active.label,
        usages: [],
        signUntil: active.signUntil,
        rotateBy,
        ...(active.country ? { country: active.country } : {}),
      };
      due.usages.push(usage);
      dueByLabel.set(active.label, due);
    }
  }
  for (const [country, usages] of missing) {
    findings.push(
      pkiFinding(
        'PKI_NO_ACTIVE_DSC',
        { country: country || '-', usages: usages.join(', '), at: iso(at) },
        lang,
      ),
    );
  }
  const due = [...dueByLabel.values()];
  for (const d of due) {
    findings.push(
      pkiFinding(
        'PKI_DSC_ROTATION_DUE',
        { label: d.label, signUntil: iso(d.signUntil), rotateBy: iso(d.rotateBy) },
        lang,
      ),
    );
  }
  for (const e of entries) {
    const days = Math.floor((e.notAfter.getTime() - t) / DAY_MS);
    if (e.state === 'expired') {
      findings.push(
        pkiFinding('PKI_CERTIFICATE_EXPIRED', { label: e.label, notAfter: iso(e.notAfter) }, lang),
      );
    } else if (e.kind === 'dsc' && days <= warnDays) {
      findings.push(
        pkiFinding('PKI_DSC_EXPIRING', { label: e.label, notAfter: iso(e.notAfter), days }, lang),
      );
    } else if (e.kind === 'csca' && days <= cscaWarnDays) {
      findings.push(
        pkiFinding('PKI_CSCA_EXPIRING', { label: e.label, notAfter: iso(e.notAfter), days }, lang),
      );
    }
  }
  const cscas = entries.filter((e) => e.kind === 'csca' && e.state !== 'expired');
  for (const country of new Set(cscas.map((c) => c.country))) {
    const own = cscas.filter((c) => c.country === country);
    if (own.some((c) => c.state === 'issuing' || c.state === 'not-yet-valid')) continue;
    const latest = own.sort((a, b) => b.signUntil.getTime() - a.signUntil.getTime())[0];
    if (latest && latest.signUntil.getTime() <= t) {
      findings.push(
        pkiFinding(
          'PKI_CSCA_KEY_USAGE_ENDED',
          { label: latest.label, signUntil: iso(latest.signUntil) },
          lang,
        ),
      );
    }
  }
  return { at, entries, signers, due, findings };
}

/**
 * The label of the DSC that signs `usage` for `country` in a plan, or `undefined` when none
 * may sign (see `PKI_NO_ACTIVE_DSC`).
 */
export function signingDsc(
  plan: RotationPlan,
  country: string,
  usage: DscUsage,
): string | undefined {
  return plan.signers.find((s) => s.country === country && s.usage === usage)?.label;
}

function toEntry(label: string, info: CertificateInfo): RotationEntry {
  const kind: RotationEntry['kind'] = info.ca
    ? 'csca'
    : info.usages.length > 0 || info.extendedKeyUsage.length === 0
      ? 'dsc'
      : 'other';
  let usages: DscUsage[] = [];
  if (kind === 'dsc') {
    // Only a DSC without any usage may sign every HCERT type (Annex A.4); one limited to
    // Corridor documents is not picked to sign health certificates.
    const hcertOpen = info.usages.length === 0;
    const set = new Set<DscUsage>(info.usages);
    if (hcertOpen) for (const u of HCERT_TYPES) set.add(u);
    usages = DSC_USAGES.filter((u) => set.has(u));
  }
  const signFrom = info.privateKeyUsage?.notBefore ?? info.notBefore;
  const signUntil = info.privateKeyUsage?.notAfter ?? info.notAfter;
  const entry: RotationEntry = {
    label,
    kind,
    usages,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    signFrom: later(signFrom, info.notBefore),
    signUntil: earlier(signUntil, info.notAfter),
    state: 'verify-only',
  };
  if (info.country) entry.country = info.country;
  return entry;
}

function slotOrder(
  a: { country: string; usage: DscUsage },
  b: { country: string; usage: DscUsage },
): number {
  return (
    a.country.localeCompare(b.country) || DSC_USAGES.indexOf(a.usage) - DSC_USAGES.indexOf(b.usage)
  );
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function iso(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
