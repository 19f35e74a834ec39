/** A mistake in how the command was called: printed with the usage, exit status 2. */
export class UsageError extends Error {}

export const USAGE = `corridor: verify health-certificate QR codes, run conformance suites and benchmarks

Usage:
  corridor verify [--trust FILE]... [--at ISO-8601] [--lang en|zh|ko] [--json] INPUT
      INPUT is an HC1 text, a file holding one, a PNG/JPEG picture of the QR code, or -
      for standard input. --trust takes a DSC (DER, PEM or base64) and may repeat.
      Exit status: 0 valid, 1 invalid, 2 usage error.
  corridor verify --destination CC[-REGION] --rules FILE|DIR [--valuesets DIR] [...] INPUT
      Also applies the destination's business rules (EU format) after the cryptographic
      checks: FILE holds one rule or an array, DIR holds <CC>/<RuleId>/rule.json. --valuesets
      DIR holds EU value-set files or id->codes maps (default: DIR/valuesets/valueSets.json of
      a rules folder). Lists each failed rule with its description and the fields it read.
  corridor verify --policy FILE [--destination CC --rules FILE|DIR] [...] INPUT INPUT...
      Verifies every INPUT (all presented at once) and decides the entry policy in FILE
      (policy language: packages/core/src/policy/README.md). Exit 0 when satisfied, 1 not.
  corridor verify --batch FILE [--trust FILE]... [--at ISO-8601] [--workers N]
      One HC1 text per line, verified on all cores; one JSON report per line on standard
      output, progress on standard error.
  corridor conformance dgc DIR [--json]
      Runs the EU dgc-testdata files under DIR and compares every EXPECTED* flag.
  corridor conformance certlogic DIR [--json]
  corridor conformance rules DIR [--json]
  corridor rules validate FILE
  corridor rules test DIR
  corridor bench verify [--json] [--vectors DIR]
      Full verification against bare node:crypto signature verification, ES256 and PS256.
  corridor bench qr [--json] [--vectors DIR]
  corridor bench rules [--json] [--vectors DIR]
      Microseconds per evaluation of a ~20-rule set against one certificate, beside
      microseconds per bare node:crypto ES256 signature check.
  corridor help
`;
