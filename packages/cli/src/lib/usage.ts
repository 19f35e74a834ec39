/**
 * A mistake in how the command was called: printed as one line with a pointer to the
 * command's `--help`, exit status 2.
 */
export class UsageError extends Error {}

/**
 * A path given on the command line that does not exist. Said as such (`no such file: x.png`),
 * never as a decoding failure; a usage error (exit 2) without the pointer to `--help`, since
 * the call itself was well formed.
 */
export class MissingFileError extends UsageError {
  constructor(readonly file: string) {
    super(`no such file: ${file}`);
  }
}

/**
 * The usage error for a file that could not be read: `MissingFileError` when it does not
 * exist, otherwise a `UsageError` naming what the file was for and why it failed.
 */
export function unreadableFile(what: string, file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new MissingFileError(file);
  return new UsageError(`cannot read ${what} ${file}: ${(error as Error).message}`);
}

/**
 * The help of each command, printed by `corridor <command> --help` (and `-h`, and
 * `corridor help <command>`); `USAGE` is all of them together. Keyed by command name, in the
 * order the overview lists them.
 */
export const COMMAND_USAGE = {
  start: `  corridor start [--reset] [--dir DIR] [--port N] [--countries CN,KR,...] [--web DIST] [--once]
      A whole corridor on this machine: trust gateway (port N, default 8400) and a national
      node per country (N+1, N+2, ...; --countries, default CN,KR), on embedded databases in
      DIR (default .corridor), or on PostgreSQL when DATABASE_URL is set. Creates keys,
      onboards the countries, signs a recognition agreement for each pair, publishes entry
      rules, syncs the trust bundle and issues sample certificates. With CN and KR it runs the
      live CN-KR fast-track lane: lane v1 countersigned and carried in the bundle, a sponsor
      account, one traveller approved with an entry pass, and corridor check commands for
      boarding and arrival. Each node serves the web app under /app/ when DIST (default
      packages/web/dist, from npm run build -w @corridor/web) exists, and the gateway its
      operator console at /app/operator.
`,
  issue: `  corridor issue --csv FILE [--out RESULTS] [--dry-run] [--skip-invalid] [--country CC] [--lang en|zh|ko]
      [--data DIR] [--schema NAME] [--valuesets DIR] [--batch NAME] [--json]
      Bulk issuance (format: docs/issuance.md). Validates every row first and signs nothing
      if one is invalid (unless --skip-invalid), then issues with a progress line and writes
      RESULTS (default FILE.results.csv). Resumable: a re-run issues only what is missing.
      Keys and embedded database of DIR/<cc> (default .corridor, as corridor start makes
      them; not while corridor start runs on it), or PostgreSQL when DATABASE_URL is set.
  corridor issue --sample [--country CC] > sample.csv
      Writes a sample CSV (all three types) dated relative to today, so that its dry run
      passes on any day: corridor issue --csv sample.csv --dry-run.
`,
  verify: `  corridor verify --bundle FILE --anchor FILE [--verifier CC] [--bundle-state FILE] [...] INPUT
      Verifies against a signed trust bundle (refused when badly signed, rolled back against
      --bundle-state, or dated after the clock; expired bundles make every code invalid).
      --verifier applies the recognition agreements of that country.
  corridor verify [--trust FILE]... [--trust-issuer URL] [--trust-method ID] [--at ISO-8601]
      [--lang en|zh|ko] [--json] INPUT
      INPUT is a code of any format (HC1:, CP1:, shc:/, NZCP:/, a VDS-NC or DIVOC JSON), a
      file holding one, a PNG/JPEG picture of the QR code, a DIVOC ZIP file, or - for
      standard input. --trust repeats; each file is classified by its content: a DSC (DER,
      PEM or base64; HC1), a CA certificate or X.509 CRL (VDS-NC CSCA and its CRL), a JWK
      set or rids CRL (SMART Health Cards: issuer from the issuers/<host>/.well-known/
      layout, else --trust-issuer URL), a DID document (NZCP; its issuer is trusted), a
      DIVOC key document, or a PEM/Base58 public key (DIVOC, with --trust-method naming
      its verification method, e.g. did:india).
      Exit status: 0 valid, 1 invalid, 2 usage error.
  corridor verify --destination CC[-REGION] [--rules FILE|DIR] [--valuesets DIR] [...] INPUT
      Also applies the destination's business rules (EU format) after the cryptographic
      checks: from --rules (FILE holds one rule or an array, DIR holds <CC>/<RuleId>/rule.json),
      else the signed rule sets the --bundle carries. --valuesets DIR holds EU value-set files
      or id->codes maps (default: DIR/valuesets/valueSets.json of a rules folder, else the EU
      value sets Corridor ships). Lists each failed rule with its description and fields.
  corridor verify --policy FILE [--destination CC --rules FILE|DIR] [...] INPUT INPUT...
      Verifies every INPUT (all presented at once) and decides the entry policy in FILE
      (policy language: packages/core/src/policy/README.md). Exit 0 when satisfied, 1 not.
  corridor verify --batch FILE|- [--trust FILE]... [--at ISO-8601] [--workers N]
      One HC1 text per line (- reads standard input), streamed and verified on all cores;
      one JSON report per line on standard output, in input order (a blank line gets one
      too; blank lines at the end do not), progress on standard error.
`,
  check: `  corridor check --boarding|--arrival --pass FILE|TEXT [--mrz FILE|TEXT]
      (--bundle FILE --anchor FILE | --trust FILE... --lane FILE...) [--departure ISO-8601]
      [--journey CN-KR[:PORT]] [--rules FILE|DIR [--valuesets DIR]] [--at ISO-8601]
      [--lang en|zh|ko] [--json] CREDENTIAL...
      One traveller at a fast-track lane checkpoint, offline: the entry pass (CP1:), the
      passport MRZ (two TD3 lines) and the health credentials, against a trust bundle or
      against --trust certificates (DSCs, the pass signer, both parties' authority
      certificates) plus --lane countersigned lane documents. Prints ADMIT, REFUSE or
      REFER with every reason in the chosen language, and at arrival the arrival protocol.
      --departure is the scheduled departure health windows count from (default: --at).
      Exit status: 0 admit, 1 refuse, 3 refer (an officer must look), 2 usage error.
`,
  lane: `  corridor lane status --bundle FILE --anchor FILE [--lane ID] [--at ISO-8601] [--lang en|zh|ko] [--json]
      The state of each lane's circuit breakers at --at (default now), offline, from the lane
      versions, signed indicators and signed overrides the trust bundle carries: phase, what
      is blocked, each breaker's effective time and planned end, the latest history in the
      chosen language. Exit status: 0, or 1 when a breaker blocks something then.
  corridor lane indicators publish --gateway URL --country CC --indicator NAME --tz ZONE
      --seq N [--lane ID] [--at ISO-8601] [--data DIR] (DATE=VALUE... | --points FILE)
      Signs an indicator document (values whole numbers or fractions N/D) with the country's
      authority key and publishes it through the gateway (docs/breakers.md §1).
  corridor lane breaker trigger|delay|cancel|end --gateway URL --country CC --lane ID
      --breaker ID --id ID --reason-en TEXT [--reason-zh TEXT] [--reason-ko TEXT]
      [--at ISO-8601] [--effective ISO-8601] [--until ISO-8601] [--data DIR]
      A signed override of a breaker: never without a reason and the authority key.
      Keys: the store corridor start made in DIR/<cc>/keys (default .corridor).
      Exit status: 0 published, 1 refused by the gateway (its problem code), 2 usage error.
`,
  gateway: `  corridor gateway formats upload --gateway URL --country CC --format shc|nzcp|vds-nc|divoc
      [--iss URL] [--crl FILE]... [--method ID] [--issuer ID] [--data DIR] [--json] FILE
      Publishes the country's trust for another credential format at the trust gateway, in a
      request signed with its upload key (the store corridor start made in DIR/<cc>/keys,
      default .corridor); the signed trust bundle then carries it to every verifier.
      FILE per format: shc a JWK set (issuer from the issuers/<host>/.well-known/jwks.json
      layout, else --iss URL; --crl repeats for its revocation lists); nzcp the issuer's
      DID document; vds-nc the CSCA certificate, PEM or DER (--crl its CRLs); divoc a PEM or
      Base58 public key with --method ID (its proof.verificationMethod), or a key document
      {id, publicKeyPem|publicKeyBase58}; --issuer binds the key to one credential issuer.
      An upload for a subject the country already has replaces it.
  corridor gateway formats withdraw --gateway URL --country CC --format F --subject SUBJECT [--data DIR]
      Withdraws one upload (SUBJECT as the upload or list printed it).
  corridor gateway formats list --gateway URL [--country CC] [--format F] [--json]
      The live entries (country, format, trust version, subject).
      Exit status: 0 done, 1 refused by the gateway (its problem code printed), 2 usage error.
`,
  conformance: `  corridor conformance dgc DIR [--json]
      Runs the EU dgc-testdata files under DIR and compares every EXPECTED* flag.
  corridor conformance certlogic DIR [--json]
  corridor conformance rules DIR [--json]
  corridor conformance formats DIR [--json]
      Every entry of the SHC, NZCP, VDS-NC and DIVOC manifests under DIR (or one format's folder)
      through verify(): agreement per format; --json prints {passed, failed, failures, formats}.
`,
  bundle: `  corridor bundle fetch URL --anchor FILE [--out FILE] [--state FILE]
  corridor bundle inspect FILE --anchor FILE [--json]
  corridor bundle verify FILE --anchor FILE [--at ISO-8601] [--state FILE]
      A signed trust bundle: fetch downloads one from a gateway and checks it against the
      trust anchors (rollback-protected with --state); inspect and verify read a saved one.
  corridor bundle export FILE --anchor FILE --format eu|did [--did DID] [--out FILE]
      Writes the verified bundle's CSCAs and DSCs as the EU DCC gateway trust list (eu) or a
      WHO GDHCN DID trust-list document (did; --did names it, e.g.
      did:web:gw.example:v2:trustlist:-:-). The gateway serves both: docs/interop.md.
`,
  keys: `  corridor keys csca create --country CC [--alg ES256|PS256] [--name CN] [--label L] [--store DIR] [--json]
  corridor keys dsc create --country CC --usage vaccination,test,recovery[,entry-pass,lane-document]
      [--alg ES256|PS256] [--csca LABEL] [--name CN] [--label L] [--signing-from ISO-8601] [--store DIR] [--json]
  corridor keys upload create --country CC [--csca LABEL] [--store DIR] [--json]
  corridor keys authority create --country CC [--csca LABEL] [--store DIR] [--json]
  corridor keys list [--store DIR] [--json] [--warn-days N] [--overlap-days N]
  corridor keys export LABEL [--store DIR]
      Country keys in a passphrase-protected store (default .corridor/keys). The passphrase
      comes from CORRIDOR_KEY_PASSPHRASE. list shows which DSC signs now and expiry warnings;
      export prints a certificate as PEM.
`,
  rules: `  corridor rules validate FILE
  corridor rules test DIR
      validate checks EU-format business rules (one rule or an array); test runs the
      rule test cases under DIR and reports each failure.
`,
  bench: `  corridor bench verify [--json] [--seconds N] [--bounds] [--vectors DIR]
      Full verification on the default path a library user gets (no provider passed: on
      Node the package condition picks node:crypto) against bare node:crypto signature
      verification, ES256 and PS256, in alternating rounds over N seconds per algorithm
      (default 3); medians compared.
      --bounds also measures two ceilings in the same rounds: the bare check behind an
      await, and that plus JSON.parse of the payload (no real decoder can do less).
  corridor bench verify --format shc|nzcp|vds-nc|divoc [--json] [--seconds N] [--vectors DIR]
      The same comparison for another format: the valid single-QR codes of its shared
      manifest, full verify() against bare node:crypto checks of the same signed bytes,
      alternating rounds, medians compared; DIVOC also shows JSON-LD canonicalisation apart.
  corridor bench lane [--json] [--seconds N]
      A boarding decision of a fast-track lane offline (entry pass, one HC1 test, MRZ, lane
      policy, the destination's rules) against its two signature checks alone (bare
      node:crypto), alternating rounds, medians compared; time ratio, target <= 1.5.
  corridor bench breaker [--json] [--days N] [--rounds N] [--country-only]
      One evaluation of a lane's circuit breakers over N days (default 365) of signed
      indicators (unlinked cases of both sides, and the lane's arrivals and positives on
      arrival unless --country-only; two signed overrides), beside one bare node:crypto
      ES256 check: median microseconds and their ratio (target under 1,000 µs), for the
      same document list evaluated again (as a verifier holding a bundle does) and for the
      first evaluation of a list.
  corridor bench lane --database-url URL [--json] [--seconds N] [--count N]
      The node's side on a fresh PostgreSQL schema: approvals with pass signing per second
      (target >= 300; N approvals, default 1000, 8 at a time through the node's grouped
      path, and as many each in a transaction of its own, in alternating rounds) and
      application submission latency over loopback HTTP at 100 requests/s for N seconds
      (default 10; target p99 < 50 ms).
  corridor bench lane --quota-race --database-url URL [--json] [--rounds N]
      4 node processes approving 1,000 applications for a quota of 100, N rounds (default
      10), each checked in SQL: exactly 100 passes, no pass without its record, no
      reservation without a pass, audit chain valid. Exit 1 if a check fails.
  corridor bench qr [--json] [--vectors DIR]
      Milliseconds per QR picture decoded (the vector set's PNGs).
  corridor bench batch [--json] [--vectors DIR] [--count N] [--rounds N]
      --batch throughput with one worker thread and with two, over N codes (default
      100,000), beside bare node:crypto ES256 in one and two threads; alternating rounds
      (default 3), medians compared.
  corridor bench memory [--json] [--vectors DIR]
      Peak resident memory of one process verifying 100,000 codes.
  corridor bench rules [--json] [--vectors DIR]
      Microseconds per evaluation of a ~20-rule set against one certificate, beside
      microseconds per bare node:crypto ES256 signature check.
  corridor bench gateway [--json] [--database-url URL]
      Trust gateway with 10,000 DSCs of 100 countries (embedded PGlite in a temporary folder,
      or a fresh schema at URL, dropped afterwards): bundle build-and-sign time, and delta
      trust-list download latency at 200 requests/s over loopback (autocannon).
  corridor bench issue [--json] [--database-url URL] [--count N]
      Sustained issuance (sign + store, one process) on PGlite or a fresh schema at URL,
      in certificates per second, beside bare node:crypto ES256 signing.
  corridor bench events [--json] [--database-url URL] [--count N]
      Lane event fan-out: N events (default 50) from the outbox to 100 webhook receivers on
      loopback, signed, in events and deliveries per second, beside the same number of bare
      signed POSTs without a database (the ratio is the outbox's cost).
  corridor bench reports [--json] [--database-url URL] [--seconds N]
      Monitoring report submission at 100 requests/s for N seconds (default 10) over
      loopback HTTP, each with its own traveller's report link: p50, p99 and max latency.
  corridor bench issue --http [--json] [--database-url URL] [--connections N] [--seconds S]
      [--rounds N]
      POST /certificates over loopback HTTP on N connections (default 20) against in-process
      one-by-one issuance, alternating rounds (default 3 of 4 s): the ratio (target >= 0.5),
      p50 and p99 latency, and the requests each transaction carried (group commit).
  corridor bench web [--json] [--quick] [--rounds N]
      The web app in Chromium (Playwright, the fake camera from ffmpeg, loopback; from a
      checkout with its development dependencies): the scanner's frame-to-decision median
      for a vector QR (target <= 150 ms), verify() in the page against a bare WebCrypto
      check of the same code (a ratio), the scanner page's JavaScript gzipped without the
      wasm (target <= 250 KB), the app shell's ready time (target <= 2 s). N rounds
      (default 30; --quick: 5, a smoke run), with the machine's load average.
`,
  findings: `  corridor findings [--markdown]
      Every finding code with its layer, severity and message (en, zh, ko).
`,
  problems: `  corridor problems
      Every HTTP problem code of the services, its statuses and meaning (docs/problems.md).
`,
  help: `  corridor help [COMMAND]
      This overview, or the help of COMMAND (the same as corridor COMMAND --help).
`,
} as const satisfies Record<string, string>;

/** A command of the `corridor` command line. */
export type CommandName = keyof typeof COMMAND_USAGE;

/** Whether `name` is a command with its own help. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}

/** The help of one command, as `corridor <command> --help` prints it. */
export function commandUsage(name: CommandName): string {
  return `Usage:\n${COMMAND_USAGE[name]}`;
}

/** The whole overview: every command with its options, printed by `corridor --help`. */
export const USAGE = `corridor: verify health-certificate QR codes, run conformance suites and benchmarks

Usage:
${Object.values(COMMAND_USAGE).join('')}
Run 'corridor COMMAND --help' for the help of one command.
`;
