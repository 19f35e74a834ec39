import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { LANE_STATUS_TEXTS, labelText } from '@corridor/core/i18n';
import type { LaneBreakerState } from '@corridor/core/lanes';
import { laneAt, laneBreakerState, transitionFinding } from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import { isLang } from '@corridor/core/report';
import type { TrustBundle } from '@corridor/core/trust';
import { BundleRefused, loadAnchors, openBundleFile } from '../lib/bundle-files.js';
import { UsageError } from '../lib/usage.js';
import { parseAt } from './verify.js';

const text = (
  key: keyof typeof LANE_STATUS_TEXTS,
  lang: Lang,
  params?: Record<string, string | number>,
) => labelText(LANE_STATUS_TEXTS, key, lang, params);

/** History lines printed per breaker without `--json` (the newest). */
const HISTORY_LINES = 10;

/**
 * `corridor lane status|indicators|breaker ...`: a lane's circuit breakers from a trust bundle,
 * offline (`status`), and the signed documents a health authority or lane administrator
 * publishes through the gateway (`indicators publish`, `breaker trigger|delay|cancel|end`).
 */
export async function laneCommand(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'status') return laneStatus(rest);
  if (what === 'indicators' || what === 'breaker') {
    const { lanePublish } = await import('./lane-publish.js');
    return lanePublish(what, rest);
  }
  throw new UsageError(
    'lane takes status, indicators publish, or breaker trigger|delay|cancel|end',
  );
}

/** One lane's state, as `--json` prints it. */
interface LaneStatus {
  lane: string;
  version?: number;
  at: string;
  state?: LaneBreakerState;
}

/**
 * `corridor lane status --bundle FILE --anchor FILE [--lane ID] [--at ISO] [--lang] [--json]`:
 * the state of each lane's breakers at `--at` (default now), computed offline from the lane
 * versions, signed indicators and signed overrides the bundle carries: the same state a
 * checkpoint applies. Exit 0, or 1 when a breaker blocks something at that instant.
 */
async function laneStatus(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      bundle: { type: 'string' },
      anchor: { type: 'string', multiple: true, default: [] },
      'bundle-state': { type: 'string' },
      lane: { type: 'string' },
      at: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
    },
  });
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  if (values.bundle === undefined || values.anchor.length === 0)
    throw new UsageError('lane status needs --bundle FILE --anchor FILE');
  const at = parseAt(values.at);
  const crypto = nodeCryptoProvider();
  let bundle: TrustBundle;
  try {
    bundle = await openBundleFile(values.bundle, {
      anchors: await loadAnchors(values.anchor, crypto),
      at,
      crypto,
      stateFile: values['bundle-state'],
      lang,
    });
  } catch (error) {
    if (!(error instanceof BundleRefused)) throw error;
    process.stdout.write(`✘ ${error.message} [${error.code}]\n`);
    return 1;
  }
  const ids = values.lane ? [values.lane] : [...new Set(bundle.lanes().map((l) => l.id))];
  const statuses: LaneStatus[] = ids.map((id) => {
    const versions = bundle.lanes().filter((l) => l.id === id);
    const inForce = versions.length > 0 ? laneAt(versions, at) : undefined;
    const evaluated = laneBreakerState(versions, bundle.laneSignals(), at);
    return {
      lane: id,
      ...(inForce ? { version: inForce.version } : {}),
      at: at.toISOString(),
      ...(evaluated ? { state: evaluated.state } : {}),
    };
  });
  const blocking = statuses.some((s) => (s.state?.blocked.length ?? 0) > 0);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    return blocking ? 1 : 0;
  }
  const signals = bundle.laneSignals();
  const out: string[] = [];
  if (ids.length === 0) out.push(text('noLanes', lang));
  for (const s of statuses) {
    if (s.version === undefined) {
      out.push(text('noLane', lang, { lane: s.lane, at: s.at }));
      continue;
    }
    out.push(
      `${text('lane', lang, { lane: s.lane, version: s.version })}, ${text('at', lang, { at: s.at })}`,
    );
    if (!s.state) {
      out.push(`  ${text('noBreakers', lang)}`);
      continue;
    }
    const blocked = s.state.blocked.map((b) => text(b, lang)).join(', ') || text('nothing', lang);
    out.push(`  ${text('phase', lang)}: ${text(s.state.phase, lang)} (${s.state.since})`);
    out.push(`  ${text('blocked', lang)}: ${blocked}`);
    for (const b of s.state.breakers) {
      const when = [
        b.effectiveAt ? text('effective', lang, { at: b.effectiveAt }) : '',
        b.plannedEnd ? text('plannedEnd', lang, { at: b.plannedEnd }) : '',
      ].filter(Boolean);
      out.push(
        `  ${text('breaker', lang, { id: b.breaker })}: ${text(b.phase, lang)}${when.length ? `, ${when.join(', ')}` : ''}`,
      );
    }
    out.push(`  ${text('history', lang)}:`);
    for (const t of s.state.history.slice(-HISTORY_LINES))
      out.push(`    ${t.at} ${transitionFinding(t, lang).message} [${t.code}]`);
  }
  out.push(
    text('signals', lang, {
      indicators: signals.indicators.length,
      overrides: signals.overrides.length,
    }),
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return blocking ? 1 : 0;
}
