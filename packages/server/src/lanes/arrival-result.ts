import { compareNames, sameBirthDate } from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import { verify } from '@corridor/core/verify';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { ArrivalResult } from './arrivals.js';
import type { LanesNode } from './config.js';
import type { StoredHolder } from './schema.js';

type Db = Kysely<CorridorSchema>;

/** SNOMED CT results of an EU DCC test entry (`tr`). */
const RESULTS: Record<string, 'negative' | 'positive'> = {
  '260415000': 'negative',
  '260373001': 'positive',
};

/** The DCC test entry fields read here. */
interface TestEntry {
  tr?: unknown;
  sc?: unknown;
  ci?: unknown;
}

/**
 * Reads an arrival result from an HC1 test certificate: verified against the node's trust
 * bundle at `now` as a verifier of the node's country (422 `LANE_RESULT_CERTIFICATE_INVALID`
 * with the error finding codes), an HC1 test certificate with one test (422
 * `LANE_RESULT_NOT_A_TEST`), a known result (422 `LANE_RESULT_UNKNOWN`), naming the pass holder
 * (transliterated names and date of birth against the application; 422
 * `LANE_RESULT_HOLDER_MISMATCH`), its sample taken at or after the arrival check (422
 * `LANE_RESULT_SAMPLE_BEFORE_ARRIVAL`). 404 `ARRIVAL_NOT_FOUND` when `lab` has no such
 * arrival; 409 `ARRIVAL_STATE_CONFLICT` once the application's personal data is purged.
 */
export async function readResultCertificate(
  db: Db,
  node: LanesNode,
  input: { application: string; lab: string; certificate: string; lang: Lang },
  now: Date,
): Promise<ArrivalResult> {
  const arrival = await db
    .selectFrom('lane_arrivals as a')
    .innerJoin('lane_applications as p', 'p.id', 'a.application')
    .select(['a.lab', 'a.arrived_at', 'p.holder'])
    .where('a.application', '=', input.application)
    .executeTakeFirst();
  if (!arrival || arrival.lab !== input.lab)
    throw new HttpProblem(
      404,
      'ARRIVAL_NOT_FOUND',
      `no arrival ${input.application} at this laboratory`,
    );
  const holder = arrival.holder as StoredHolder | null;
  if (!holder)
    throw new HttpProblem(
      409,
      'ARRIVAL_STATE_CONFLICT',
      `the personal data of ${input.application} is purged`,
    );
  const report = await verify(input.certificate, {
    trust: await node.trust(),
    at: now,
    lang: input.lang,
    crypto: node.crypto,
    verifier: node.country,
  });
  const errors = report.findings.filter((f) => f.severity === 'error');
  if (report.status !== 'valid' || errors.length > 0)
    throw new HttpProblem(
      422,
      'LANE_RESULT_CERTIFICATE_INVALID',
      'the result certificate does not verify',
      errors.map((f) => ({ path: '/certificate', code: f.code, message: f.message })),
    );
  const credential = report.credential;
  const tests =
    credential?.format === 'hcert' && credential.type === 'test'
      ? (credential.dcc as { t?: TestEntry[] } | undefined)?.t
      : undefined;
  if (!Array.isArray(tests) || tests.length !== 1)
    throw new HttpProblem(
      422,
      'LANE_RESULT_NOT_A_TEST',
      'an arrival result certificate is an HC1 test certificate with one test',
    );
  const test = tests[0]!;
  const result =
    typeof test.tr === 'string' && Object.hasOwn(RESULTS, test.tr) ? RESULTS[test.tr] : undefined;
  if (!result)
    throw new HttpProblem(422, 'LANE_RESULT_UNKNOWN', `unknown test result ${String(test.tr)}`);
  const named = credential?.holder;
  const differs =
    !named?.dateOfBirth ||
    !sameBirthDate(named.dateOfBirth, holder.dateOfBirth) ||
    named.familyNameTransliterated === undefined ||
    compareNames(named.familyNameTransliterated, holder.primaryIdentifier) === 'different' ||
    compareNames(named.givenNameTransliterated ?? '', holder.secondaryIdentifier) === 'different';
  if (differs)
    throw new HttpProblem(
      422,
      'LANE_RESULT_HOLDER_MISMATCH',
      'the result certificate names another person than the entry pass',
    );
  const sampledAt = typeof test.sc === 'string' ? new Date(test.sc) : undefined;
  if (!sampledAt || Number.isNaN(sampledAt.getTime()) || sampledAt < arrival.arrived_at)
    throw new HttpProblem(
      422,
      'LANE_RESULT_SAMPLE_BEFORE_ARRIVAL',
      `the sample was taken before the arrival check at ${arrival.arrived_at.toISOString()}`,
    );
  return {
    result,
    source: 'hc1',
    sampledAt,
    ...(typeof test.ci === 'string' ? { certificate: test.ci.slice(0, 80) } : {}),
  };
}
