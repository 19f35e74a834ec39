import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { LANE_STATUS_TEXTS, labelText } from '@corridor/core/i18n';
import type { IndicatorPoint, IndicatorValue } from '@corridor/core/lanes';
import {
  type BreakerOverride,
  OVERRIDE_ACTIONS,
  type OverrideAction,
  signIndicators,
  signOverride,
} from '@corridor/core/lanes';
import type { Lang } from '@corridor/core/report';
import { isLang } from '@corridor/core/report';
import { coseInit, gatewayClient } from '@corridor/server/client';
import { signGatewayRequest } from '@corridor/server/gateway/signed-request';
import { countryKeys } from '../lib/country-keys.js';
import { UsageError, unreadableFile } from '../lib/usage.js';
import { parseAt } from './verify.js';

/** Most points read from the command line or a points file (three years of days). */
const MAX_POINTS = 1100;
/** Largest points file read. */
const MAX_POINTS_FILE = 256 * 1024;

const text = (
  key: keyof typeof LANE_STATUS_TEXTS,
  lang: Lang,
  params?: Record<string, string | number>,
) => labelText(LANE_STATUS_TEXTS, key, lang, params);

/**
 * `corridor lane indicators publish ...` and `corridor lane breaker ACTION ...`: signs the
 * document with the country's authority key and sends it to the gateway in a request signed
 * with its upload key (both from the key store `corridor start` made, `<data>/<cc>/keys`).
 * Exit 0 recorded (or already recorded), 1 refused by the gateway (its problem code printed).
 */
export async function lanePublish(what: 'indicators' | 'breaker', args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      gateway: { type: 'string' },
      country: { type: 'string' },
      data: { type: 'string', default: '.corridor' },
      at: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
      // indicators
      indicator: { type: 'string' },
      tz: { type: 'string' },
      lane: { type: 'string' },
      seq: { type: 'string' },
      points: { type: 'string' },
      // breaker
      breaker: { type: 'string' },
      id: { type: 'string' },
      effective: { type: 'string' },
      until: { type: 'string' },
      'reason-en': { type: 'string' },
      'reason-zh': { type: 'string' },
      'reason-ko': { type: 'string' },
    },
  });
  const lang = values.lang;
  if (!isLang(lang)) throw new UsageError(`--lang must be en, zh or ko, not "${lang}"`);
  const gateway = values.gateway;
  const country = values.country;
  if (!gateway) throw new UsageError(`lane ${what} needs --gateway URL`);
  if (!country || !/^[A-Z]{2}$/.test(country))
    throw new UsageError(`lane ${what} needs --country CC (ISO 3166-1 alpha-2)`);
  const at = parseAt(values.at);
  const seconds = Math.floor(at.getTime() / 1000);
  const crypto = nodeCryptoProvider();
  const keys = await countryKeys(values.data, country, ['upload', 'authority']);

  let route: 'indicators' | 'breaker-overrides';
  let requestAction: string;
  let document: Uint8Array;
  if (what === 'indicators') {
    if (action !== 'publish') throw new UsageError('lane indicators takes publish');
    if (!values.indicator || !values.tz || values.seq === undefined)
      throw new UsageError('lane indicators publish needs --indicator NAME --tz ZONE --seq N');
    const sequence = Number(values.seq);
    if (!Number.isSafeInteger(sequence) || sequence < 0)
      throw new UsageError('--seq takes a whole number');
    const points = await readPoints(values.points, positionals);
    try {
      document = await signIndicators(
        {
          country,
          indicator: values.indicator,
          timeZone: values.tz,
          ...(values.lane ? { lane: values.lane } : {}),
          sequence,
          issuedAt: seconds,
          points,
        },
        keys.authority.signer,
        crypto,
      );
    } catch (error) {
      // The reader's refusal, coded (a date out of order, a float, an unknown time zone...).
      throw new UsageError((error as Error).message);
    }
    route = 'indicators';
    requestAction = 'indicators.publish';
  } else {
    if (!OVERRIDE_ACTIONS.includes(action as OverrideAction))
      throw new UsageError(`lane breaker takes ${OVERRIDE_ACTIONS.join(', ')}`);
    if (!values.lane || !values.breaker || !values.id)
      throw new UsageError(`lane breaker ${action} needs --lane ID --breaker ID --id ID`);
    const reason: BreakerOverride['reason'] = {};
    if (values['reason-en']) reason.en = values['reason-en'];
    if (values['reason-zh']) reason.zh = values['reason-zh'];
    if (values['reason-ko']) reason.ko = values['reason-ko'];
    if (Object.keys(reason).length === 0)
      throw new UsageError('an override needs a reason: --reason-en, --reason-zh or --reason-ko');
    const override: BreakerOverride = {
      id: values.id,
      lane: values.lane,
      breaker: values.breaker,
      country,
      at: seconds,
      action: action as OverrideAction,
      ...(values.effective
        ? { effectiveAt: Math.floor(parseAt(values.effective).getTime() / 1000) }
        : {}),
      ...(values.until ? { until: Math.floor(parseAt(values.until).getTime() / 1000) } : {}),
      reason,
    };
    try {
      document = await signOverride(override, keys.authority.signer, crypto);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    route = 'breaker-overrides';
    requestAction = 'breaker.override';
  }

  const request = await signGatewayRequest(
    { country, action: requestAction, iat: Math.floor(Date.now() / 1000), body: { document } },
    keys.upload.signer,
    crypto,
  );
  // The typed gateway client; the signed request travels as application/cose bytes.
  const client = gatewayClient(gateway);
  const res =
    route === 'indicators'
      ? await client.indicators.$post({}, coseInit(request))
      : await client['breaker-overrides'].$post({}, coseInit(request));
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ status: res.status, ...body })}\n`);
    return res.ok ? 0 : 1;
  }
  if (!res.ok) {
    process.stdout.write(
      `✘ ${text('refused', lang, { code: String(body.title ?? res.status), detail: String(body.detail ?? '') })}\n`,
    );
    return 1;
  }
  const params = { version: Number(body.version), digest: String(body.digest).slice(0, 16) };
  process.stdout.write(`✔ ${text(body.repeated ? 'repeated' : 'published', lang, params)}\n`);
  return 0;
}

/**
 * Points as `DATE=VALUE` arguments or a file of such lines (`--points FILE`); a value is a
 * whole number or a fraction `N/D` (test positivity 3/250). Dates must increase; the signer
 * checks the rest (`docs/breakers.md` §1).
 */
async function readPoints(file: string | undefined, args: string[]): Promise<IndicatorPoint[]> {
  let items = args;
  if (file !== undefined) {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw unreadableFile('points file', file, error);
    }
    if (content.length > MAX_POINTS_FILE)
      throw new UsageError(`points file ${file} is larger than ${MAX_POINTS_FILE} bytes`);
    items = [...items, ...content.split(/\s+/).filter(Boolean)];
  }
  if (items.length === 0) throw new UsageError('give the points as DATE=VALUE or --points FILE');
  if (items.length > MAX_POINTS) throw new UsageError(`at most ${MAX_POINTS} points`);
  return items.map((item) => {
    const m = /^(\d{4}-\d{2}-\d{2})=(-?\d{1,13})(?:\/(\d{1,13}))?$/.exec(item);
    if (!m)
      throw new UsageError(`"${item.slice(0, 40)}" is not DATE=VALUE (2021-03-01=12 or =3/250)`);
    const value: IndicatorValue = m[3] ? { num: Number(m[2]), den: Number(m[3]) } : Number(m[2]);
    return { date: m[1]!, value };
  });
}
