import { encodeCanonicalCbor } from '../cbor/canonical.js';
import type { Lane, LaneDirection } from './types.js';

/**
 * The CBOR form of a lane version (before signing): a map with snake_case text keys, in the
 * deterministic encoding of RFC 8949 §4.2.1 (keys sorted), so both parties and every verifier
 * derive the same bytes from the same lane. The health policy is embedded as its JSON
 * document (policy language keys as they are). `docs/lanes.md` lists every key.
 */
export function encodeLane(lane: Lane): Uint8Array {
  return encodeCanonicalCbor(laneToWire(lane));
}

/** The lane as the plain CBOR map it is encoded from (and decoded to). */
export function laneToWire(lane: Lane): Record<string, unknown> {
  return {
    id: lane.id,
    version: lane.version,
    supersedes: lane.supersedes,
    parties: lane.parties,
    effective_from: lane.effectiveFrom,
    effective_to: lane.effectiveTo,
    directions: lane.directions.map(directionToWire),
    // Breakers keep their own (camelCase) keys, as `encodeBreakers` gives them; unchecked
    // input goes through as written so that validation can report it.
    breakers: lane.breakers,
  };
}

function directionToWire(d: LaneDirection): Record<string, unknown> {
  return {
    origin: d.origin,
    destination: d.destination,
    regions: d.regions,
    ports: d.ports,
    laboratories: d.laboratories.map((l) => ({ id: l.id, name: l.name })),
    categories: d.categories.map((c) => ({
      code: c.code,
      names: { en: c.names.en, zh: c.names.zh, ko: c.names.ko },
      visa_classes: c.visaClasses,
    })),
    quota: {
      per_day: d.quota.perDay,
      per_port_per_day: d.quota.perPortPerDay,
      per_sponsor_per_day: d.quota.perSponsorPerDay,
    },
    lead_time_days: d.leadTimeDays,
    entry_window_days: d.entryWindowDays,
    exemption_days: d.exemptionDays,
    health: { policy: d.health.policy, destination_rules: d.health.destinationRules },
    arrival: {
      test: d.arrival.test,
      test_type: d.arrival.testType,
      hold_hours: d.arrival.holdHours,
      monitoring_days: d.arrival.monitoringDays,
    },
  };
}
