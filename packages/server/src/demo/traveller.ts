import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { qrPng, qrSvg } from '@corridor/core/qr';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { createToken } from '../issuance/accounts.js';
import type { Issuance } from '../issuance/service.js';
import type { ApplicationInput } from '../lanes/eligibility.js';
import type { Lanes } from '../lanes/service.js';
import {
  DEMO_BREAKER,
  DEMO_LANE,
  DEMO_TIME_ZONES,
  demoSequence,
  localDate,
  SPIKE_VALUE,
} from './lanes.js';
import { isoSeconds, START_ACTOR } from './samples.js';
import { expectOk } from './trust.js';

/** The demo's sponsor: a Korean company inviting an engineer from China. */
export const DEMO_SPONSOR = { id: 'SP-DEMO-0001', name: 'Hanbit Semiconductor Co. (demo)' };

/**
 * The demo traveller's passport: ICAO 9303 specimen-style data with valid check digits (names
 * in the passport's script for the certificates, the MRZ transliteration for the pass).
 */
const TRAVELLER = {
  primaryIdentifier: 'WANG',
  secondaryIdentifier: 'XIAO<MING',
  familyName: '王',
  givenName: '小明',
  dateOfBirth: '1985-07-21',
  nationality: 'CHN',
  documentNumber: 'EA1234567',
  passportExpiry: '2031-01-01',
} as const;
const MRZ = [
  'P<CHNWANG<<XIAO<MING<<<<<<<<<<<<<<<<<<<<<<<<',
  'EA12345676CHN8507217M3101012<<<<<<<<<<<<<<04',
];

/** One printed `corridor check` command and the decision it must reach. */
export interface DemoCheck {
  title: string;
  /** The arguments after `corridor` (absolute paths). */
  args: string[];
  expect: 'admit' | 'refuse';
}

/** What the lane demo made: accounts, the traveller's files, and the commands that check them. */
export interface LaneDemo {
  lane: { id: string; version: number };
  sponsor: { id: string; name: string };
  sponsorTokenFile: string;
  authorityTokenFile: string;
  applicationId: string;
  passId: string;
  window: { validFrom: string; validUntil: string };
  files: {
    passText: string;
    /** A second pass of the traveller, issued after the breaker demo's announcement. */
    newPassText: string;
    passPng: string;
    passSvg: string;
    passPdf?: string;
    test: string;
    oldTest: string;
    mrz: string;
  };
  departure: string;
  checks: DemoCheck[];
  /** The circuit breaker, step by step: the arguments after `corridor`, run in order. */
  breaker: DemoStep[];
}

/** One printed command of the breaker demo and the exit code it must have. */
export interface DemoStep {
  title: string;
  args: string[];
  /** 0 admitted/open/published, 1 refused/blocked. */
  exit: 0 | 1;
}

/**
 * An account's token, kept in a file of mode 0600 (like admin tokens): made with the account at
 * the first start, and made anew for the same account when the file is gone (the node keeps
 * tokens only as hashes, so a lost one cannot be written again).
 */
async function tokenFile(
  db: Kysely<CorridorSchema>,
  file: string,
  account: { account: string; role: 'sponsor' | 'authority'; scope: 'lane.apply' | 'lane.decide' },
  now: Date,
  log: (line: string) => void,
): Promise<void> {
  if (existsSync(file)) return;
  const created = await createToken(
    db,
    {
      account: account.account,
      role: account.role,
      scopes: [account.scope],
      label: 'corridor start',
    },
    { actor: START_ACTOR, now },
  );
  await writeFileAtomic(file, `${created.token}\n`, { mode: 0o600 });
  log(`${account.role} token of ${account.account} written to ${file}`);
}

/**
 * One traveller through the live CN→KR lane, as the people involved would do it over the
 * Korean node's HTTP API: the authority registers the sponsor (once) and gives it an account;
 * the sponsor applies for the traveller, arriving today; the authority approves and the pass
 * is signed. The Chinese node issues the traveller's NAAT test (taken 30 h before the
 * scheduled departure) and, for the refusal, one taken 100 h before. Writes the pass (text,
 * PNG, SVG and, from the node's print route, PDF), the tests and the MRZ to `lanes/`, and
 * returns the `corridor check` commands for boarding, arrival and the refusal.
 */
export async function runLaneDemo(options: {
  dir: string;
  origin: { country: string; issuanceAt: (at: Date) => Issuance; bundleFile: string };
  destination: {
    country: string;
    url: string;
    db: Kysely<CorridorSchema>;
    dataDir: string;
    bundleFile: string;
    /** The destination node's clock. */
    now: () => Date;
    /** The destination's lane domain on a clock of its own (the pass issued after the spike). */
    lanesAt: (at: Date) => Lanes;
  };
  anchorFile: string;
  gatewayUrl: string;
  at: Date;
  log: (line: string) => void;
}): Promise<LaneDemo> {
  const { at, log, origin, destination } = options;
  const dir = path.join(options.dir, 'lanes');
  await mkdir(dir, { recursive: true });

  // ---- accounts: the approving authority's and the sponsor's (tokens kept 0600) ----
  const authorityTokenFile = path.join(destination.dataDir, 'lane-authority-token');
  const sponsorTokenFile = path.join(destination.dataDir, 'sponsor-token');
  const authorityAccount = `${destination.country.toLowerCase()}-lane-authority`;
  await tokenFile(
    destination.db,
    authorityTokenFile,
    { account: authorityAccount, role: 'authority', scope: 'lane.decide' },
    at,
    log,
  );
  await tokenFile(
    destination.db,
    sponsorTokenFile,
    { account: DEMO_SPONSOR.id, role: 'sponsor', scope: 'lane.apply' },
    at,
    log,
  );
  const read = (file: string) => readFile(file, 'utf8');
  const call = async (token: string, route: string, body?: unknown) =>
    fetch(new URL(route, destination.url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token.trim()}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const authority = await read(authorityTokenFile);
  const sponsor = await read(sponsorTokenFile);
  const registered = await destination.db
    .selectFrom('lane_sponsors')
    .select('id')
    .where('id', '=', DEMO_SPONSOR.id)
    .executeTakeFirst();
  if (!registered) {
    log(`${destination.country} node: registering sponsor ${DEMO_SPONSOR.id}`);
    await expectOk(
      await call(authority, '/lanes/sponsors', { ...DEMO_SPONSOR, country: destination.country }),
      'sponsor registration',
    );
  }

  // ---- the flight: departure in 2 h, boarding checked 1 h before, arrival 3 h after ----
  const departure = new Date(Math.ceil(at.getTime() / 60_000) * 60_000 + 2 * 3_600_000);
  const boardingAt = new Date(departure.getTime() - 3_600_000);
  const arrivalAt = new Date(departure.getTime() + 3 * 3_600_000);

  // ---- application and approval, over HTTP ----
  const input: ApplicationInput = {
    lane: DEMO_LANE.id,
    origin: origin.country,
    category: 'TECHNICAL-SERVICE',
    visaClass: 'C-3',
    region: 'KR-11',
    port: 'ICN',
    arrivalDate: boardingAt.toISOString().slice(0, 10),
    purpose: 'Installation of a lithography line (demo)',
    traveller: { ...TRAVELLER },
    consent: true,
  };
  const submitted = await call(sponsor, '/lanes/applications', input);
  await expectOk(submitted, 'application');
  const application = (await submitted.json()) as { id: string };
  const approved = await call(authority, `/lanes/applications/${application.id}/approve`, {});
  await expectOk(approved, 'approval');
  const pass = (await approved.json()) as {
    passId: string;
    code: string;
    validFrom: string;
    validUntil: string;
  };
  log(`${destination.country} node: application ${application.id} approved, pass ${pass.passId}`);
  const files: LaneDemo['files'] = {
    passText: path.join(dir, 'entry-pass.txt'),
    newPassText: path.join(dir, 'entry-pass-new.txt'),
    passPng: path.join(dir, 'entry-pass.png'),
    passSvg: path.join(dir, 'entry-pass.svg'),
    test: path.join(dir, 'traveller-test.txt'),
    oldTest: path.join(dir, 'traveller-test-100h.txt'),
    mrz: path.join(dir, 'traveller.mrz'),
  };
  await writeFileAtomic(files.passText, `${pass.code}\n`);
  await writeFileAtomic(files.passPng, qrPng(pass.code, { scale: 6 }));
  await writeFileAtomic(files.passSvg, qrSvg(pass.code));
  const pdf = await call(sponsor, `/lanes/passes/${encodeURIComponent(pass.passId)}/pdf`);
  if (pdf.ok) {
    files.passPdf = path.join(dir, 'entry-pass.pdf');
    await writeFileAtomic(files.passPdf, new Uint8Array(await pdf.arrayBuffer()));
  }
  await writeFileAtomic(files.mrz, `${MRZ.join('\n')}\n`);

  // ---- a pass issued after the breaker demo's announcement (`spikeAt`), for its refusal ----
  // The spike is dated the second after this pass was signed (the gateway takes documents up to
  // a day old, so the printed command works for a day); a second pass, signed a minute later.
  const spikeAt = new Date(Math.ceil(destination.now().getTime() / 1000) * 1000 + 1000);
  const late = destination.lanesAt(new Date(spikeAt.getTime() + 60_000));
  const again = await late.submit({ ...input, sponsor: DEMO_SPONSOR.id }, START_ACTOR);
  const newPass = await late.approve(again.id, START_ACTOR);
  await writeFileAtomic(files.newPassText, `${newPass.code}\n`);

  // ---- the traveller's NAAT tests, issued by the origin's node ----
  for (const [file, hours] of [
    [files.test, 30],
    [files.oldTest, 100],
  ] as const) {
    const sc = new Date(departure.getTime() - hours * 3_600_000);
    // Issued by the origin's node 2 h after the sample was taken, when the lab had the result.
    const issued = await origin.issuanceAt(new Date(sc.getTime() + 2 * 3_600_000)).issue(
      {
        type: 'test',
        payload: {
          ver: '1.3.0',
          nam: { fn: TRAVELLER.familyName, fnt: 'WANG', gn: TRAVELLER.givenName, gnt: 'XIAO<MING' },
          dob: TRAVELLER.dateOfBirth,
          t: [
            {
              tg: '840539006',
              tt: 'LP6464-4',
              nm: 'RT-PCR',
              sc: isoSeconds(sc),
              tr: '260415000',
              tc: 'Beijing Designated Laboratory 3 (demo)',
              co: origin.country,
            },
          ],
        },
      },
      { actor: START_ACTOR, idempotencyKey: `lane-test-${hours}h-${departure.toISOString()}` },
    );
    await writeFileAtomic(file, `${issued.hc1}\n`);
  }

  // ---- the checks: boarding in China, arrival in Korea, and a refused boarding ----
  const journey = `${origin.country}-${destination.country}`;
  const check = (
    checkpoint: 'boarding' | 'arrival',
    bundle: string,
    instant: Date,
    lang: string,
    test: string,
    passFile = files.passText,
  ) => [
    'check',
    `--${checkpoint}`,
    '--lang',
    lang,
    '--pass',
    passFile,
    '--mrz',
    files.mrz,
    '--bundle',
    bundle,
    '--anchor',
    options.anchorFile,
    '--journey',
    checkpoint === 'arrival' ? `${journey}:${input.port}` : journey,
    '--departure',
    departure.toISOString(),
    '--at',
    instant.toISOString(),
    test,
  ];
  // ---- the breaker: open, a spike of Korea's unlinked cases, then new passes refused ----
  const afterSpike = path.join(dir, 'bundle-after-spike.cose');
  const status = (bundle: string) => [
    'lane',
    'status',
    '--bundle',
    bundle,
    '--anchor',
    options.anchorFile,
    '--at',
    boardingAt.toISOString(),
  ];
  const spikeDate = localDate(spikeAt, DEMO_TIME_ZONES[destination.country]!);
  const breaker: DemoStep[] = [
    { title: 'Lane status: open', args: status(origin.bundleFile), exit: 0 },
    {
      title: `Korea's health authority publishes a spike of unlinked cases (${SPIKE_VALUE} on ${spikeDate})`,
      args: [
        ...['lane', 'indicators', 'publish', '--gateway', options.gatewayUrl],
        ...['--country', destination.country, '--data', options.dir],
        ...['--indicator', DEMO_BREAKER.indicator!, '--tz', DEMO_TIME_ZONES[destination.country]!],
        ...['--seq', String(demoSequence(spikeDate, true)), '--at', spikeAt.toISOString()],
        `${spikeDate}=${SPIKE_VALUE}`,
      ],
      exit: 0,
    },
    {
      title: 'The bundle the gateway now signs',
      args: [
        'bundle',
        'fetch',
        options.gatewayUrl,
        '--anchor',
        options.anchorFile,
        '--out',
        afterSpike,
      ],
      exit: 0,
    },
    {
      title: 'Lane status: breaker in force, new passes suspended',
      args: status(afterSpike),
      exit: 1,
    },
    {
      title: 'Boarding with a pass issued after the announcement: refused',
      args: check('boarding', afterSpike, boardingAt, 'en', files.test, files.newPassText),
      exit: 1,
    },
    {
      title: 'Boarding with the pass issued before the announcement: admitted (grandfathered)',
      args: check('boarding', afterSpike, boardingAt, 'en', files.test),
      exit: 0,
    },
  ];
  return {
    breaker,
    lane: { ...DEMO_LANE },
    sponsor: { ...DEMO_SPONSOR },
    sponsorTokenFile,
    authorityTokenFile,
    applicationId: application.id,
    passId: pass.passId,
    window: { validFrom: pass.validFrom, validUntil: pass.validUntil },
    files,
    departure: departure.toISOString(),
    checks: [
      {
        title: `Boarding in ${origin.country} (airline agent, English): admitted`,
        args: check('boarding', origin.bundleFile, boardingAt, 'en', files.test),
        expect: 'admit',
      },
      {
        title: `Arrival at ${input.port} (border health officer, Korean): admitted, arrival protocol`,
        args: check('arrival', destination.bundleFile, arrivalAt, 'ko', files.test),
        expect: 'admit',
      },
      {
        title: `Boarding with a test taken 100 h before departure (Chinese): refused`,
        args: check('boarding', origin.bundleFile, boardingAt, 'zh', files.oldTest),
        expect: 'refuse',
      },
    ],
  };
}
