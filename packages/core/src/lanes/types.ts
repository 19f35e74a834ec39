/**
 * The fast-track lane document: what two countries agree, co-sign and amend by new versions.
 * Every field is documented here; `docs/lanes.md` describes the model as a whole and the CBOR
 * form (`encode.ts`) names each field in snake_case.
 */

import type { Policy } from '../policy/types.js';
import type { Lang } from '../report/finding.js';
import type { BreakerSpec } from './breaker/spec.js';

/** A name in every language Corridor speaks. */
export type LaneNames = Record<Lang, string>;

/**
 * An eligibility category: who may travel on the lane. The 2020 lane had four (business,
 * logistics, production, technical service); administrators add others by amendment.
 */
export interface LaneCategory {
  /** Stable code, upper-case letters, digits and `-` (`BUSINESS`, `TECHNICAL-SERVICE`). */
  code: string;
  names: LaneNames;
  /**
   * Visa classes the destination accepts for this category (Korea 2020: `B`, `C-1`, `C-3`,
   * `C-4`). Absent: any visa, or visa-free travel; the visa itself is checked by the consulate
   * and at the border, not by Corridor.
   */
  visaClasses?: string[];
}

/** A laboratory the destination accepts pre-departure tests from (its id as the lab's DCC `tc`). */
export interface LaneLaboratory {
  id: string;
  name: string;
}

/**
 * Daily quotas of one direction; any may be absent (no limit of that kind). Quotas are
 * enforced by the approving node when it reserves a pass, never by a verifier offline.
 */
export interface LaneQuota {
  /** Passes per calendar day of arrival for the whole direction. */
  perDay?: number;
  /** Passes per port of entry and day. */
  perPortPerDay?: number;
  /** Passes per sponsor organisation and day. */
  perSponsorPerDay?: number;
}

/** The health requirements of one direction, checked at boarding and at arrival. */
export interface LaneHealth {
  /**
   * A Corridor policy (`policy/README.md`) over the credentials presented with the pass. Its
   * age windows are counted from the scheduled departure, in hours (`maxAgeHours`) or in
   * calendar days of a named time zone (`maxAgeCalendarDays` + `timeZone`).
   */
  policy: Policy;
  /**
   * `true`: the destination's CertLogic business rules (from the trust data) are applied to
   * every health certificate as well, with the scheduled departure as the validation clock.
   */
  destinationRules: boolean;
}

/** What happens on arrival (W6 of the research notes). */
export interface ArrivalProtocol {
  /** An arrival test is ordered. */
  test: boolean;
  /** LOINC code of the test type ordered (`LP6464-4` NAAT); only with `test`. */
  testType?: string;
  /** Hours the traveller is held at a designated facility awaiting the result (2020: 24–48). */
  holdHours: number;
  /** Days of health monitoring after release (2020: 14). */
  monitoringDays: number;
}

/** One direction of travel, `origin` → `destination` (the destination decides its rules). */
export interface LaneDirection {
  /** ISO 3166-1 alpha-2 of the country travellers leave. */
  origin: string;
  /** ISO 3166-1 alpha-2 of the country they enter; one of the parties, not the origin. */
  destination: string;
  /**
   * Regions of the destination the lane serves, as ISO 3166-2 subdivision codes of the
   * destination (`CN-SH` or `CN-31` for Shanghai, `KR-11` for Seoul). Order has no meaning.
   */
  regions: string[];
  /** Ports of entry: IATA airport codes (`ICN`, `PVG`) or UN/LOCODEs of sea ports (`KRPUS`). */
  ports: string[];
  /** Designated laboratories for pre-departure tests; empty when any laboratory is accepted. */
  laboratories: LaneLaboratory[];
  /** Eligibility categories; at least one. */
  categories: LaneCategory[];
  quota: LaneQuota;
  /** Days an application must be submitted before the planned arrival (2021: ≥ 14). */
  leadTimeDays: number;
  /** Days an entry pass stays valid for entry, from its first day (2020: ≤ 7). */
  entryWindowDays: number;
  /** Days of quarantine exemption a pass grants (2020: ≤ 14). */
  exemptionDays: number;
  health: LaneHealth;
  arrival: ArrivalProtocol;
}

/**
 * A lane version: valid only as a countersigned document of both parties' lane administrators
 * (`signLane`, `countersignLane`, `readCountersignedLane`). An amendment is a new version of
 * the same `id` that names the version it supersedes and applies from its `effectiveFrom`.
 */
export interface Lane {
  /** Stable identifier of the lane across versions (`CN-KR-FAST-TRACK`). */
  id: string;
  /** 1 for the first agreement, then one more for each amendment. */
  version: number;
  /** The version this one amends; required from version 2 on, and lower than `version`. */
  supersedes?: number;
  /** The two countries (ISO 3166-1 alpha-2), in no particular order. */
  parties: [string, string];
  /** NumericDate seconds: from when this version applies, and until when (exclusive). */
  effectiveFrom: number;
  effectiveTo: number;
  /** One or both directions; at most one per (origin, destination). */
  directions: LaneDirection[];
  /**
   * The lane's circuit breakers (`lanes/breaker/spec.ts`, `docs/breakers.md`), each with its
   * scope and the grandfathering of passes already issued. Checked with `parseBreakers` when
   * the lane is signed or read (`LANE_BREAKERS_INVALID`); absent or empty: no breaker.
   */
  breakers?: BreakerSpec[];
}
