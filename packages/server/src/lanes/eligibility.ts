import type { Lane, LaneDirection } from '@corridor/core/lanes';
import { claimToPass, passportBindingText, passToClaim } from '@corridor/core/pass';
import { HttpProblem, type ProblemCode } from '../http/problem.js';

/** The traveller as the passport shows them (names in its script and the MRZ transliteration). */
export interface Traveller {
  /** MRZ primary identifier (`WANG`, `VAN<DER<BERG`). */
  primaryIdentifier: string;
  /** MRZ secondary identifier (`XIAO<MING`); empty when there is none. */
  secondaryIdentifier: string;
  familyName?: string;
  givenName?: string;
  /** `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`). */
  dateOfBirth: string;
  /** ICAO 9303 three-letter nationality (`CHN`, `D<<`). */
  nationality: string;
  /** The passport number: only the binding input, never printed on the pass. */
  documentNumber: string;
  /** `YYYY-MM-DD`. */
  passportExpiry: string;
  /** As the MRZ prints it: `F`, `M`, or `X` for `<` (unspecified). */
  sex?: 'F' | 'M' | 'X';
}

/** One stop of the closed loop (see `ItineraryStop` in `schema.ts`). */
export interface ItineraryInput {
  region: string;
  place: string;
  /** `YYYY-MM-DD`, inside the trip (entry window plus exemption days). */
  from: string;
  to: string;
}

/** Most stops in an itinerary, and the longest prevention plan text. */
export const MAX_ITINERARY_STOPS = 30;
export const MAX_PREVENTION_PLAN_CHARS = 20_000;

/** What a sponsor submits. */
export interface ApplicationInput {
  lane: string;
  /** The country the traveller leaves; the destination is the node's country. */
  origin: string;
  category: string;
  /** The visa class, when the category restricts them. */
  visaClass?: string;
  region: string;
  port: string;
  /** Planned arrival day, `YYYY-MM-DD`; the entry window starts that day (UTC). */
  arrivalDate: string;
  purpose?: string;
  traveller: Traveller;
  /** The traveller consented to the processing (required). */
  consent: boolean;
  /** Where the traveller stays and works in the closed loop (regions the lane serves). */
  itinerary?: readonly ItineraryInput[];
  /** The sponsor's prevention plan as text (or attach a PDF after submission). */
  preventionPlan?: string;
}

/** The trip an eligible application asks for, derived from the lane version. */
export interface EligibleTrip {
  lane: Lane;
  direction: LaneDirection;
  /** First instant of the entry window: the arrival day, 00:00 UTC. */
  validFrom: Date;
  /** End (exclusive) of the entry window. */
  validUntil: Date;
}

const DAY = 86_400_000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function refuse(code: ProblemCode, detail: string, path: string): never {
  throw new HttpProblem(422, code, detail, [{ path, code, message: detail }]);
}

const UNCLEAN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text a database and a printed pass can hold: no NUL or control character, no lone surrogate. */
function cleanText(value: string): boolean {
  return !UNCLEAN.test(value);
}

/** The UTC calendar day of `at`, as `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Checks an application against the lane version in force (`lane`, already chosen at `now`)
 * and returns the trip it asks for. Each rule refuses with its own 422 code and the field in
 * `errors`: `APPLICATION_INVALID` (malformed fields, the pass could not carry them),
 * `CONSENT_MISSING`, `LANE_DIRECTION_NOT_SERVED`, `LANE_CATEGORY_NOT_ELIGIBLE`,
 * `LANE_VISA_CLASS_NOT_ACCEPTED`, `LANE_REGION_NOT_SERVED`, `LANE_PORT_NOT_SERVED`,
 * `LANE_LEAD_TIME_TOO_SHORT`, `LANE_ENTRY_WINDOW_OUTSIDE` (the window leaves the lane
 * version's period or outlives the passport). Pure: no database, no clock.
 */
export function checkEligibility(
  lane: Lane,
  destination: string,
  input: ApplicationInput,
  now: Date,
): EligibleTrip {
  if (input.consent !== true)
    refuse('CONSENT_MISSING', 'the traveller must consent to the processing', '/consent');
  checkApplicationShape(input);
  const t = input.traveller;
  const direction = lane.directions.find(
    (d) => d.origin === input.origin && d.destination === destination,
  );
  if (!direction)
    refuse(
      'LANE_DIRECTION_NOT_SERVED',
      `lane ${lane.id} v${lane.version} has no direction ${input.origin}→${destination}`,
      '/origin',
    );
  // Everything the pass will carry must be carriable: the core claim reader is the judge.
  const probe = claimToPass(
    passToClaim({
      id: 'PROBE',
      lane: { id: lane.id, version: lane.version },
      origin: input.origin,
      destination,
      category: input.category,
      port: input.port,
      region: input.region,
      exemptionDays: direction.exemptionDays,
      sponsor: { id: 'PROBE', name: 'probe' },
      authority: { id: 'PROBE', name: 'probe' },
      holder: {
        primaryIdentifier: t.primaryIdentifier,
        secondaryIdentifier: t.secondaryIdentifier,
        ...(t.familyName !== undefined ? { familyName: t.familyName } : {}),
        ...(t.givenName !== undefined ? { givenName: t.givenName } : {}),
        dateOfBirth: t.dateOfBirth,
      },
      binding: { salt: new Uint8Array(16), hash: new Uint8Array(32) },
    }),
  );
  if (!probe.ok)
    refuse('APPLICATION_INVALID', `not carriable on a pass: ${String(probe.params?.reason)}`, '');
  const category = direction.categories.find((c) => c.code === input.category);
  if (!category)
    refuse(
      'LANE_CATEGORY_NOT_ELIGIBLE',
      `category ${input.category} is not eligible on ${lane.id} v${lane.version}`,
      '/category',
    );
  if (
    category.visaClasses &&
    (input.visaClass === undefined || !category.visaClasses.includes(input.visaClass))
  )
    refuse(
      'LANE_VISA_CLASS_NOT_ACCEPTED',
      `category ${category.code} accepts visa classes ${category.visaClasses.join(', ')}`,
      '/visaClass',
    );
  if (!direction.regions.includes(input.region))
    refuse('LANE_REGION_NOT_SERVED', `region ${input.region} is not served by the lane`, '/region');
  if (!direction.ports.includes(input.port))
    refuse('LANE_PORT_NOT_SERVED', `port ${input.port} is not a port of the lane`, '/port');
  const validFrom = new Date(`${input.arrivalDate}T00:00:00Z`);
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const leadDays = Math.round((validFrom.getTime() - today) / DAY);
  if (leadDays < direction.leadTimeDays)
    refuse(
      'LANE_LEAD_TIME_TOO_SHORT',
      `arrival must be at least ${direction.leadTimeDays} days after submission (it is ${leadDays})`,
      '/arrivalDate',
    );
  const validUntil = new Date(validFrom.getTime() + direction.entryWindowDays * DAY);
  if (
    validFrom.getTime() < lane.effectiveFrom * 1000 ||
    validUntil.getTime() > lane.effectiveTo * 1000
  )
    refuse(
      'LANE_ENTRY_WINDOW_OUTSIDE',
      `the entry window ${utcDay(validFrom)}…${utcDay(validUntil)} leaves the period of ${lane.id} v${lane.version}`,
      '/arrivalDate',
    );
  if (Date.parse(`${t.passportExpiry}T00:00:00Z`) < validUntil.getTime())
    refuse(
      'LANE_ENTRY_WINDOW_OUTSIDE',
      'the passport expires before the end of the entry window',
      '/traveller/passportExpiry',
    );
  if (input.itinerary !== undefined)
    checkItinerary(input.itinerary, direction, validFrom, validUntil);
  return { lane, direction, validFrom, validUntil };
}

/**
 * The checks of an application's content that need no lane (422 `APPLICATION_INVALID` with
 * the field's path): real calendar days, text without NUL, control characters or lone
 * surrogates, sex, passport data a pass can bind. A draft is held to them too.
 */
export function checkApplicationShape(input: Omit<ApplicationInput, 'consent' | 'lane'>): void {
  if (!calendarDate(input.arrivalDate))
    refuse('APPLICATION_INVALID', 'the arrival date is not a day YYYY-MM-DD', '/arrivalDate');
  const t = input.traveller;
  if (!calendarDate(t.passportExpiry))
    refuse(
      'APPLICATION_INVALID',
      'the passport expiry is not YYYY-MM-DD',
      '/traveller/passportExpiry',
    );
  if (input.purpose !== undefined && input.purpose.length > 2000)
    refuse('APPLICATION_INVALID', 'the purpose has at most 2000 characters', '/purpose');
  if (input.preventionPlan !== undefined && input.preventionPlan.length > MAX_PREVENTION_PLAN_CHARS)
    refuse(
      'APPLICATION_INVALID',
      `the prevention plan has at most ${MAX_PREVENTION_PLAN_CHARS} characters`,
      '/preventionPlan',
    );
  if (t.sex !== undefined && !['F', 'M', 'X'].includes(t.sex))
    refuse('APPLICATION_INVALID', 'sex is F, M or X', '/traveller/sex');
  for (const [path, value] of [
    ['/purpose', input.purpose],
    ['/traveller/familyName', input.traveller.familyName],
    ['/traveller/givenName', input.traveller.givenName],
    ['/preventionPlan', input.preventionPlan],
  ] as const)
    if (value !== undefined && !cleanText(value))
      refuse(
        'APPLICATION_INVALID',
        'text with a NUL, a control character or a lone surrogate',
        path,
      );
  try {
    passportBindingText({
      documentNumber: t.documentNumber,
      nationality: t.nationality,
      birthDate: t.dateOfBirth,
    });
  } catch (error) {
    refuse('APPLICATION_INVALID', `passport data: ${(error as Error).message}`, '/traveller');
  }
}

/** A day `YYYY-MM-DD` that exists, from 1900 to 2999 (not `2021-02-30`, `0000-01-01`). */
function calendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const year = Number(text.slice(0, 4));
  if (year < 1900 || year > 2999) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/**
 * The closed loop: at most {@link MAX_ITINERARY_STOPS} stops, each in a region the direction
 * serves (`LANE_REGION_NOT_SERVED`), with a place (1–200 clean characters) and days `from` ≤
 * `to` inside the trip: from the first day of the entry window to its end plus the exemption
 * days (`APPLICATION_INVALID`, the stop's path in `errors`).
 */
function checkItinerary(
  stops: readonly ItineraryInput[],
  direction: LaneDirection,
  validFrom: Date,
  validUntil: Date,
): void {
  if (!Array.isArray(stops) || stops.length > MAX_ITINERARY_STOPS)
    refuse(
      'APPLICATION_INVALID',
      `an itinerary has at most ${MAX_ITINERARY_STOPS} stops`,
      '/itinerary',
    );
  const first = utcDay(validFrom);
  const last = utcDay(new Date(validUntil.getTime() + direction.exemptionDays * DAY - 1));
  stops.forEach((stop, i) => {
    const at = `/itinerary/${i}`;
    if (!direction.regions.includes(stop.region))
      refuse(
        'LANE_REGION_NOT_SERVED',
        `stop ${i}: region ${stop.region} is not served`,
        `${at}/region`,
      );
    if (stop.place.length === 0 || stop.place.length > 200 || !cleanText(stop.place))
      refuse('APPLICATION_INVALID', `stop ${i}: a place has 1 to 200 characters`, `${at}/place`);
    for (const key of ['from', 'to'] as const)
      if (!DATE.test(stop[key]) || Number.isNaN(Date.parse(stop[key])))
        refuse('APPLICATION_INVALID', `stop ${i}: ${key} is not YYYY-MM-DD`, `${at}/${key}`);
    if (stop.from > stop.to || stop.from < first || stop.to > last)
      refuse(
        'APPLICATION_INVALID',
        `stop ${i}: ${stop.from}…${stop.to} is not inside the trip ${first}…${last}`,
        `${at}/from`,
      );
  });
}
