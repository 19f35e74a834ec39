import { KeyObject } from 'node:crypto';
import { toBase64 } from '@corridor/core/lib';
import type { IssuedCertificateType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { SigningAlg } from '../pki/algorithms.js';
import { type CertificateInfo, readCertificate } from '../pki/certificate.js';
import { planRotation, type RotationPlan, signingDsc } from '../pki/rotation.js';

/** A DSC the node may sign health certificates with, and its private key. */
export interface IssuanceDsc {
  /** Key store label; names the DSC in plans, errors and the issued-certificate rows. */
  label: string;
  /** The DSC, DER or PEM. */
  certificate: Uint8Array | string;
  /**
   * The private key: a node:crypto `KeyObject` (fastest) or a WebCrypto `CryptoKey`, which is
   * turned into a `KeyObject` with `KeyObject.from` (works for non-extractable keys too: the
   * key material stays inside the process, nothing is exported).
   */
  privateKey: CryptoKey | KeyObject;
  /** Set when the DSC has been revoked (at the gateway or by the operator). */
  revoked?: boolean;
}

/** The key that signs one certificate. */
export interface SelectedSigner {
  label: string;
  alg: SigningAlg;
  kid: Uint8Array;
  /** base64 of `kid`, as the gateway names DSCs. */
  kidBase64: string;
  privateKey: KeyObject;
  /** End of the DSC's validity: no certificate it signs may outlive it. */
  notAfter: Date;
}

interface LoadedDsc {
  label: string;
  info: CertificateInfo;
  alg: SigningAlg;
  privateKey: KeyObject;
  revoked: boolean;
}

/**
 * The DSCs of a node and which one signs each certificate type at a given instant: pki
 * rotation's choice (`planRotation`/`signingDsc`: the newest DSC whose private-key usage
 * period has begun and whose certificate is valid) among the DSCs that are not revoked. The
 * plan is cached for the interval in which no DSC date is crossed, so issuing in a loop does
 * not re-read certificates.
 */
export class DscSigners {
  private cache: { from: number; until: number; plan: RotationPlan } | undefined;

  private constructor(
    readonly country: string,
    private readonly dscs: LoadedDsc[],
  ) {}

  /** Reads the certificates and prepares the keys. Throws when a DSC is unreadable or of another country. */
  static async create(country: string, dscs: readonly IssuanceDsc[]): Promise<DscSigners> {
    const loaded: LoadedDsc[] = [];
    for (const dsc of dscs) {
      const info = await readCertificate(dsc.certificate);
      if (info.country !== country)
        throw new Error(`DSC ${dsc.label} is of ${info.country ?? 'no country'}, not ${country}`);
      if (!info.keyAlg) throw new Error(`DSC ${dsc.label} has an unsupported key`);
      const privateKey =
        dsc.privateKey instanceof KeyObject ? dsc.privateKey : KeyObject.from(dsc.privateKey);
      loaded.push({
        label: dsc.label,
        info,
        alg: info.keyAlg,
        privateKey,
        revoked: dsc.revoked ?? false,
      });
    }
    return new DscSigners(country, loaded);
  }

  /** Marks a DSC revoked (or not): it no longer signs. */
  setRevoked(label: string, revoked = true): void {
    const dsc = this.dscs.find((d) => d.label === label);
    if (!dsc) throw new Error(`no DSC ${label}`);
    dsc.revoked = revoked;
    this.cache = undefined;
  }

  /** The DSCs by label, with their kid (base64), for listing and trust lists. */
  list(): { label: string; kid: string; der: Uint8Array; revoked: boolean }[] {
    return this.dscs.map((d) => ({
      label: d.label,
      kid: toBase64(d.info.kid),
      der: d.info.der,
      revoked: d.revoked,
    }));
  }

  /**
   * The signer of `type` at `at`; with `label`, that DSC, checked the same way. Throws an
   * {@link HttpProblem} (503) `ISSUANCE_DSC_REVOKED`, `ISSUANCE_DSC_EXPIRED`,
   * `ISSUANCE_DSC_WRONG_USAGE`, `ISSUANCE_DSC_NOT_YET_USABLE` or `ISSUANCE_NO_DSC` (422
   * `ISSUANCE_DSC_UNKNOWN` for an unknown label).
   */
  async select(type: IssuedCertificateType, at: Date, label?: string): Promise<SelectedSigner> {
    const plan = await this.plan(at);
    const entries = new Map(plan.entries.map((e) => [e.label, e]));
    if (label !== undefined) {
      const dsc = this.dscs.find((d) => d.label === label);
      if (!dsc) throw new HttpProblem(422, 'ISSUANCE_DSC_UNKNOWN', `no DSC labelled ${label}`);
      this.check(dsc, type, at, entries.get(label));
      return this.signer(dsc);
    }
    const chosen = signingDsc(plan, this.country, type);
    const dsc = chosen ? this.dscs.find((d) => d.label === chosen) : undefined;
    if (dsc) return this.signer(dsc);
    // Nothing may sign: say why, about the most relevant DSC.
    const covering = this.dscs.filter((d) => entries.get(d.label)?.usages.includes(type));
    if (covering.length === 0) {
      throw new HttpProblem(
        503,
        this.dscs.length === 0 ? 'ISSUANCE_NO_DSC' : 'ISSUANCE_DSC_WRONG_USAGE',
        `no DSC of ${this.country} may sign ${type} certificates (key usage)`,
      );
    }
    for (const d of covering) this.check(d, type, at, entries.get(d.label));
    throw new HttpProblem(503, 'ISSUANCE_NO_DSC', `no DSC may sign ${type} certificates now`);
  }

  private check(
    dsc: LoadedDsc,
    type: IssuedCertificateType,
    at: Date,
    entry: RotationPlan['entries'][number] | undefined,
  ): void {
    const t = at.getTime();
    if (dsc.revoked)
      throw new HttpProblem(503, 'ISSUANCE_DSC_REVOKED', `DSC ${dsc.label} is revoked`);
    if (!entry?.usages.includes(type)) {
      throw new HttpProblem(
        503,
        'ISSUANCE_DSC_WRONG_USAGE',
        `DSC ${dsc.label} may not sign ${type} certificates (extended key usage)`,
      );
    }
    if (t > entry.notAfter.getTime() || t >= entry.signUntil.getTime()) {
      throw new HttpProblem(
        503,
        'ISSUANCE_DSC_EXPIRED',
        `DSC ${dsc.label} may sign until ${entry.signUntil.toISOString()} (certificate valid until ${entry.notAfter.toISOString()})`,
      );
    }
    if (t < entry.notBefore.getTime() || t < entry.signFrom.getTime()) {
      throw new HttpProblem(
        503,
        'ISSUANCE_DSC_NOT_YET_USABLE',
        `DSC ${dsc.label} may sign from ${entry.signFrom.toISOString()}`,
      );
    }
  }

  private signer(dsc: LoadedDsc): SelectedSigner {
    return {
      label: dsc.label,
      alg: dsc.alg,
      kid: dsc.info.kid,
      kidBase64: toBase64(dsc.info.kid),
      privateKey: dsc.privateKey,
      notAfter: dsc.info.notAfter,
    };
  }

  private async plan(at: Date): Promise<RotationPlan> {
    const t = at.getTime();
    const cached = this.cache;
    if (cached && cached.from <= t && t < cached.until) return cached.plan;
    const usable = this.dscs.filter((d) => !d.revoked);
    const plan = await planRotation(
      usable.map((d) => ({ label: d.label, certificate: d.info.der })),
      { at },
    );
    // Revoked DSCs still get an entry (for the reason in errors), but never sign.
    const revoked = this.dscs.filter((d) => d.revoked);
    if (revoked.length > 0) {
      const extra = await planRotation(
        revoked.map((d) => ({ label: d.label, certificate: d.info.der })),
        { at },
      );
      plan.entries.push(...extra.entries);
    }
    // Every instant at which some DSC starts or stops being usable bounds the cache.
    let from = Number.NEGATIVE_INFINITY;
    let until = Number.POSITIVE_INFINITY;
    for (const e of plan.entries) {
      for (const b of [
        e.notBefore.getTime(),
        e.notAfter.getTime() + 1,
        e.signFrom.getTime(),
        e.signUntil.getTime(),
      ]) {
        if (b <= t) from = Math.max(from, b);
        else until = Math.min(until, b);
      }
    }
    this.cache = { from, until, plan };
    return plan;
  }
}
