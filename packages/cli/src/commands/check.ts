import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { CHECKPOINT_TEXTS, labelText } from '@corridor/core/i18n';
import {
  type Checkpoint,
  type CheckpointDecision,
  type CheckpointInput,
  decideCheckpoint,
} from '@corridor/core/lanes';
import type { Finding, Lang } from '@corridor/core/report';
import { isLang } from '@corridor/core/report';
import type { TrustSource } from '@corridor/core/trust';
import { openBundleForCommand } from '../lib/bundle-files.js';
import { padDisplay } from '../lib/format-report.js';
import { loadFormatTrustFiles, trustFileOptions } from '../lib/format-trust-files.js';
import { resolveInput } from '../lib/input.js';
import { loadLaneFiles } from '../lib/lane-files.js';
import { loadRules, loadValueSets } from '../lib/rule-files.js';
import { UsageError } from '../lib/usage.js';
import { parseAt } from './verify.js';

/** Exit status of each decision: a refer is neither a yes nor a no, so it gets its own. */
export const CHECK_EXIT = { admit: 0, refuse: 1, refer: 3 } as const;

const text = (
  key: keyof typeof CHECKPOINT_TEXTS,
  lang: Lang,
  params?: Record<string, string | number>,
) => labelText(CHECKPOINT_TEXTS, key, lang, params);

/**
 * `corridor check`: one traveller at a lane checkpoint, offline, over `decideCheckpoint`: the
 * entry pass, the passport MRZ and the health credentials against a trust bundle (or `--trust`
 * certificates plus `--lane` documents). Exit 0 admit, 1 refuse, 3 refer, 2 usage error.
 */
export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      boarding: { type: 'boolean', default: false },
      arrival: { type: 'boolean', default: false },
      pass: { type: 'string' },
      mrz: { type: 'string' },
      bundle: { type: 'string' },
      anchor: { type: 'string', multiple: true, default: [] },
      'bundle-state': { type: 'string' },
      trust: { type: 'string', multiple: true, default: [] },
      'trust-issuer': { type: 'string' },
      'trust-method': { type: 'string' },
      lane: { type: 'string', multiple: true, default: [] },
      departure: { type: 'string' },
      journey: { type: 'string' },
      rules: { type: 'string' },
      valuesets: { type: 'string' },
      at: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.boarding === values.arrival)
    throw new UsageError('check takes exactly one of --boarding and --arrival');
  const checkpoint: Checkpoint = values.boarding ? 'boarding' : 'arrival';
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  if (values.pass === undefined) throw new UsageError('check needs --pass FILE|TEXT');
  if (values.bundle !== undefined && (values.trust.length > 0 || values.lane.length > 0))
    throw new UsageError('use either --bundle or --trust with --lane');
  if (values.bundle === undefined && values.lane.length === 0)
    throw new UsageError('check needs --bundle FILE --anchor FILE, or --trust FILE... --lane FILE');
  if (values.valuesets !== undefined && values.rules === undefined)
    throw new UsageError('--valuesets needs --rules');
  const at = parseAt(values.at);
  const departure = values.departure === undefined ? at : parseAt(values.departure);
  const crypto = nodeCryptoProvider();

  let trust: TrustSource;
  if (values.bundle !== undefined) {
    const bundle = await openBundleForCommand(
      { ...values, bundle: values.bundle },
      { at, crypto, lang },
    );
    if (!bundle) return CHECK_EXIT.refuse;
    trust = bundle;
  } else {
    const list = await loadFormatTrustFiles(values.trust, trustFileOptions(values), crypto);
    const lanes = await loadLaneFiles(values.lane, list.keys, crypto);
    trust = Object.assign(list, { lanes: () => lanes });
  }

  const pass = await resolveInput(values.pass);
  const credentials: string[] = [];
  for (const positional of positionals) {
    const input = await resolveInput(positional);
    // An unreadable picture is presented as it is: the decision refers or refuses it, coded.
    credentials.push(input.ok ? input.text : '');
  }
  const input: CheckpointInput = {
    pass: pass.ok ? pass.text : '',
    credentials,
    trust,
    checkpoint,
    scheduledDeparture: departure,
    at,
    lang,
    crypto,
  };
  if (values.mrz !== undefined) input.mrz = await readMrz(values.mrz);
  if (values.journey !== undefined) input.journey = parseJourney(values.journey);
  if (values.rules !== undefined) {
    input.rules = await loadRules(values.rules);
    const valueSets = await loadValueSets(values.valuesets, values.rules);
    if (valueSets) input.valueSets = valueSets;
  }
  const decision = await decideCheckpoint(input);
  process.stdout.write(
    values.json ? `${JSON.stringify(decision, null, 2)}\n` : formatCheckpoint(decision, lang),
  );
  return CHECK_EXIT[decision.decision];
}

/**
 * `--mrz`: a file holding the two TD3 lines, or the lines themselves (separated by a newline,
 * `|`, or nothing: 88 characters are split in two).
 */
async function readMrz(value: string): Promise<string> {
  let text = value;
  try {
    const info = await stat(value);
    if (info.isFile()) {
      if (info.size > 4096) throw new UsageError(`--mrz file ${value} is too large for an MRZ`);
      text = await readFile(value, 'utf8');
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // not a file: the MRZ itself
  }
  const lines = text
    .trim()
    .split(/[\r\n|]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 1 && lines[0]!.length === 88)
    return `${lines[0]!.slice(0, 44)}\n${lines[0]!.slice(44)}`;
  return lines.join('\n');
}

/** `--journey CN-KR` or `CN-KR:ICN`: origin, destination, and at arrival the actual port. */
function parseJourney(value: string): NonNullable<CheckpointInput['journey']> {
  const m = /^([A-Z]{2})-([A-Z]{2})(?::([A-Z0-9]{3,5}))?$/.exec(value);
  if (!m) throw new UsageError(`--journey is ORIGIN-DESTINATION[:PORT], such as CN-KR:ICN`);
  return m[3]
    ? { origin: m[1]!, destination: m[2]!, port: m[3] }
    : { origin: m[1]!, destination: m[2]! };
}

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * The decision screen: the decision first, large and coloured, then every reason, what each
 * document said, the health policy and, at arrival, the protocol to apply.
 */
export function formatCheckpoint(d: CheckpointDecision, lang: Lang): string {
  const lines: string[] = [];
  const head = `${text(d.decision, lang)} · ${text(d.checkpoint, lang)}`;
  lines.push(
    d.decision === 'admit'
      ? paint(32, `✔ ${head}`)
      : d.decision === 'refuse'
        ? paint(31, `✘ ${head}`)
        : paint(33, `? ${head}`),
  );
  const row = (title: string, value: string) => lines.push(`  ${padDisplay(title, 14)} ${value}`);
  if (d.lane) row(text('lane', lang), `${d.lane.id} ${text('version', lang)} ${d.lane.version}`);
  lines.push(`  ${text('reasons', lang)}:`);
  for (const f of d.reasons) lines.push(`    ${mark(f)} ${f.message} [${f.code}]`);
  const status = (ok: boolean) =>
    ok ? paint(32, `✔ ${text('valid', lang)}`) : paint(31, `✘ ${text('invalid', lang)}`);
  row(text('pass', lang), status(d.pass.status === 'valid'));
  d.credentials.forEach((c, i) => {
    row(
      text('credential', lang, { i: i + 1 }),
      `${status(c.status === 'valid')}${c.credential?.format ? ` (${c.credential.format})` : ''}`,
    );
  });
  if (d.policy)
    row(
      text('policy', lang),
      `${d.policy.policy}: ${text(d.policy.satisfied ? 'satisfied' : 'notSatisfied', lang)}`,
    );
  const p = d.arrivalProtocol;
  if (p) {
    const parts = [
      p.test ? text('test', lang, { type: p.testType ?? '-' }) : text('noTest', lang),
      p.holdHours > 0 ? text('hold', lang, { h: p.holdHours }) : undefined,
      p.monitoringDays > 0 ? text('monitoring', lang, { d: p.monitoringDays }) : undefined,
    ];
    row(text('protocol', lang), parts.filter(Boolean).join(' · '));
  }
  return `${lines.join('\n')}\n`;
}

function mark(f: Finding): string {
  return f.severity === 'error' ? paint(31, '✘') : f.severity === 'warning' ? paint(33, '!') : 'i';
}
