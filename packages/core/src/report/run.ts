import { type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { isoInstant } from '../lib/iso-time.js';
import type { Result } from '../lib/result.js';
import { type FindingCode, makeFinding } from './catalog.js';
import type { Finding, FindingParams, Lang } from './finding.js';
import type { Credential, Report, SignerInfo, StepName, StepOutcome } from './report.js';

/** What every format verifier's options share: the instant, the language, the crypto. */
export interface FormatRunOptions {
  /** The verification instant; core never reads the clock. */
  at: Date;
  lang?: Lang;
  crypto?: CryptoProvider;
}

/**
 * Throws the usage error of a verifier called without a valid `at` (`who` names the function,
 * `where` the option, as in `verifyNzcp() needs a valid Date as options.at`).
 */
export function requireAt(at: unknown, who: string, where = 'options.at'): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError(`${who} needs a valid Date as ${where}`);
  }
}

/** The defaults themselves when nothing is overridden (no object per verification). */
export function withDefaults<L extends object>(defaults: L, overrides: Partial<L> | undefined): L {
  return overrides ? { ...defaults, ...overrides } : defaults;
}

/**
 * The state one verification of one format builds up: findings in the caller's language, step
 * outcomes, the credential and signer read so far, and the report made of them. Each format's
 * run extends it with its own pipeline (`execute`); `status` is `valid` exactly when
 * {@link FormatRun.signatureVerified} and no finding is an error.
 */
export abstract class FormatRun<C extends Credential, L> {
  readonly lang: Lang;
  readonly crypto: CryptoProvider;
  readonly findings: Finding[] = [];
  readonly steps: Partial<Record<StepName, StepOutcome>> = {};
  credential: C | undefined;

  constructor(
    readonly at: Date,
    options: Omit<FormatRunOptions, 'at'>,
    readonly limits: L,
  ) {
    this.lang = options.lang ?? 'en';
    this.crypto = options.crypto ?? defaultCrypto();
  }

  add(code: FindingCode, params?: FindingParams, path?: string): void {
    this.findings.push(makeFinding(code, this.lang, params, path));
  }

  /** Marks `step` failed with its finding; `undefined` so a stage can `return this.fail(…)`. */
  fail(step: StepName, code: FindingCode, params?: FindingParams): undefined {
    this.steps[step] = 'failed';
    this.add(code, params);
    return undefined;
  }

  /** Records a stage's outcome; returns the value, or `undefined` after adding its finding. */
  stage<T>(step: StepName, result: Result<T>): T | undefined {
    if (result.ok) {
      this.steps[step] = 'passed';
      return result.value;
    }
    return this.fail(step, result.code as FindingCode, result.params);
  }

  /** Adds `INPUT_EMPTY` or `INPUT_TOO_LARGE` (against `max`); `true` when the size is fine. */
  sizeFits(size: number, max: number): boolean {
    if (size === 0) this.add('INPUT_EMPTY');
    else if (size > max) this.add('INPUT_TOO_LARGE', { size, limit: max });
    else return true;
    return false;
  }

  /** Whether the signature verified; by default the `signature` step passed. */
  signatureVerified(): boolean {
    return this.steps.signature === 'passed';
  }

  /** The signer the report names; none by default. */
  signerInfo(): SignerInfo | undefined {
    return undefined;
  }

  report(): Report {
    const valid = this.signatureVerified() && !this.findings.some((f) => f.severity === 'error');
    const report: Report = {
      status: valid ? 'valid' : 'invalid',
      at: isoInstant(this.at),
      lang: this.lang,
      findings: this.findings,
      steps: this.steps,
    };
    if (this.credential) report.credential = this.credential;
    const signer = this.signerInfo();
    if (signer) report.signer = signer;
    return report;
  }
}
