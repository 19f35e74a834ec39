import { KeyObject } from 'node:crypto';
import type { CryptoProvider } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import type { LaneSignals } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import type { PassParty } from '@corridor/core/pass';
import type { BusinessRule } from '@corridor/core/rules';
import type { TrustSource } from '@corridor/core/trust';
import { HttpProblem } from '../http/problem.js';
import type { SigningAlg } from '../pki/algorithms.js';
import { type CertificateInfo, readCertificate } from '../pki/certificate.js';

/** A DSC that may sign entry passes (extended key usage `entry-pass`) and its private key. */
export interface EntryPassDsc {
  /** Key store label; names the DSC on pass rows and in errors. */
  label: string;
  /** The DSC, DER or PEM. */
  certificate: Uint8Array | string;
  /** A node:crypto `KeyObject` or a WebCrypto `CryptoKey` (wrapped with `KeyObject.from`). */
  privateKey: CryptoKey | KeyObject;
  /** Set when the DSC has been revoked: it no longer signs. */
  revoked?: boolean;
}

/** The trust data a checkpoint decides with: the node's current bundle (keys, revocations, lanes, rules). */
export type CheckpointTrust = TrustSource & { rules?(): readonly BusinessRule[] };

/** Where travellers arriving at a port are held and tested. */
export interface ArrivalSite {
  /** The designated facility where the traveller is held (named on the arrival). */
  facility: string;
  /** The account id (role `laboratory`) of the designated laboratory that tests on arrival. */
  lab: string;
}

/** The arrival protocol's local side: sites per port and the escalation deadlines. */
export interface ArrivalConfig {
  /** Sites by port of entry (`ICN`); `*` is the site of any other port. */
  sites: Readonly<Record<string, ArrivalSite>>;
  /** Hours after the arrival check within which the lab must record the sample. Default 6. */
  noShowHours?: number;
  /** Hours after the end of the hold within which the result must be posted. Default 12. */
  resultGraceHours?: number;
}

/** Everything the lane domain needs besides the database and the clock. */
export interface LanesConfig {
  /** The node's country (ISO 3166-1 alpha-2): the destination of the passes it issues. */
  country: string;
  /** The approving authority this node speaks for, as named on passes. */
  authority: PassParty;
  /** Entry-pass DSCs; the newest one valid and within its key usage period signs. */
  dscs: readonly EntryPassDsc[];
  /**
   * Days after the end of the trip (the last day of the entry window plus the exemption days)
   * before the traveller's personal data is purged. Default 30.
   */
  retentionGraceDays?: number;
  /** Default node:crypto (`nodeCryptoProvider`). */
  crypto?: CryptoProvider;
  /**
   * The node's current trust bundle (`() => sync.trust()` of its `BundleSync`, opened with
   * the same `crypto` provider): checkpoint decisions and HC1 arrival results are verified
   * against it. Without it, checks answer 503.
   */
  trust?: () => Promise<CheckpointTrust | undefined>;
  /** Arrival sites and deadlines. Without it, admitted arrivals cannot be recorded (503). */
  arrival?: ArrivalConfig;
  /**
   * The signed indicators and breaker overrides the node knows, from its synced trust bundle
   * (`async () => (await sync.trust())?.laneSignals() ?? NO_SIGNALS`). While a breaker of a
   * lane blocks applications or new passes, the node refuses them. Absent: nothing published.
   */
  breakerSignals?: () => LaneSignals | Promise<LaneSignals>;
}

/** The key that signs one entry pass. */
export interface PassSigner {
  label: string;
  alg: SigningAlg;
  kid: Uint8Array;
  kidBase64: string;
  privateKey: KeyObject;
}

/** A loaded lane configuration. */
export interface LanesNode {
  readonly config: LanesConfig;
  readonly country: string;
  readonly crypto: CryptoProvider;
  readonly retentionGraceDays: number;
  /** The entry-pass DSCs as read (DER), for uploading to the gateway like other DSCs. */
  readonly dscCertificates: readonly { label: string; der: Uint8Array; revoked: boolean }[];
  /** The arrival deadlines with their defaults applied. */
  readonly arrival: { noShowHours: number; resultGraceHours: number };
  /** The site at `port`, or `*`'s; undefined when none is configured. */
  site(port: string): ArrivalSite | undefined;
  /** The trust bundle now; 503 `LANE_TRUST_UNAVAILABLE` when the node holds none. */
  trust(): Promise<CheckpointTrust>;
  /**
   * The entry-pass signer at `at`. Throws 503 `LANE_NO_PASS_SIGNER` when no DSC with the
   * entry-pass usage is valid, unrevoked and within its private-key usage period.
   */
  signer(at: Date): PassSigner;
}

interface LoadedDsc {
  label: string;
  info: CertificateInfo;
  alg: SigningAlg;
  privateKey: KeyObject;
  revoked: boolean;
}

/**
 * Prepares the lane configuration: reads the DSCs and refuses (throws) one that is of another
 * country, has an unsupported key or lacks the entry-pass usage, a configuration error better
 * found at start than at the first approval.
 */
export async function createLanesNode(config: LanesConfig): Promise<LanesNode> {
  if (!/^[A-Z]{2}$/.test(config.country)) throw new Error('country must be ISO 3166-1 alpha-2');
  for (const hours of [config.arrival?.noShowHours, config.arrival?.resultGraceHours])
    if (hours !== undefined && !(Number.isInteger(hours) && hours >= 0 && hours <= 24 * 30))
      throw new Error('arrival deadlines are whole hours from 0 to 720');
  const dscs: LoadedDsc[] = [];
  for (const dsc of config.dscs) {
    const info = await readCertificate(dsc.certificate);
    if (info.country !== config.country)
      throw new Error(
        `DSC ${dsc.label} is of ${info.country ?? 'no country'}, not ${config.country}`,
      );
    if (!info.keyAlg) throw new Error(`DSC ${dsc.label} has an unsupported key`);
    if (!info.usages.includes('entry-pass'))
      throw new Error(`DSC ${dsc.label} lacks the entry-pass extended key usage`);
    const privateKey =
      dsc.privateKey instanceof KeyObject ? dsc.privateKey : KeyObject.from(dsc.privateKey);
    dscs.push({
      label: dsc.label,
      info,
      alg: info.keyAlg,
      privateKey,
      revoked: dsc.revoked ?? false,
    });
  }
  return {
    config,
    country: config.country,
    crypto: config.crypto ?? nodeCryptoProvider(),
    retentionGraceDays: config.retentionGraceDays ?? 30,
    dscCertificates: dscs.map((d) => ({ label: d.label, der: d.info.der, revoked: d.revoked })),
    arrival: {
      noShowHours: config.arrival?.noShowHours ?? 6,
      resultGraceHours: config.arrival?.resultGraceHours ?? 12,
    },
    site(port) {
      const sites = config.arrival?.sites ?? {};
      return Object.hasOwn(sites, port) ? sites[port] : sites['*'];
    },
    async trust() {
      const trust = await config.trust?.();
      if (!trust)
        throw new HttpProblem(
          503,
          'LANE_TRUST_UNAVAILABLE',
          'this node holds no trust bundle to decide with yet',
        );
      return trust;
    },
    signer(at) {
      const t = at.getTime();
      const usable = dscs
        .filter((d) => {
          if (d.revoked) return false;
          const from = Math.max(
            d.info.notBefore.getTime(),
            d.info.privateKeyUsage?.notBefore?.getTime() ?? Number.NEGATIVE_INFINITY,
          );
          const until = Math.min(
            d.info.notAfter.getTime(),
            d.info.privateKeyUsage?.notAfter?.getTime() ?? Number.POSITIVE_INFINITY,
          );
          return from <= t && t < until;
        })
        .sort((a, b) => b.info.notBefore.getTime() - a.info.notBefore.getTime());
      const d = usable[0];
      if (!d)
        throw new HttpProblem(
          503,
          'LANE_NO_PASS_SIGNER',
          `no entry-pass DSC of ${config.country} may sign at ${at.toISOString()}`,
        );
      return {
        label: d.label,
        alg: d.alg,
        kid: d.info.kid,
        kidBase64: toBase64(d.info.kid),
        privateKey: d.privateKey,
      };
    },
  };
}
