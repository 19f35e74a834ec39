import { encodeCbor } from '../../cbor/encode.js';
import { type CoseSigner, HEADER_CONTENT_TYPE, signCoseSign1 } from '../../cose/sign.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import {
  INDICATORS_CONTENT_TYPE,
  type IndicatorDocument,
  indicatorPayload,
  parseIndicatorDocument,
} from './document.js';

/**
 * A health authority signs the values it publishes for one indicator: a COSE_Sign1 with content
 * type {@link INDICATORS_CONTENT_TYPE}, by the country's authority key. Both nodes of a lane
 * then derive the same moving averages from the same bytes. Throws `TypeError` when the
 * document breaks a rule {@link readIndicators} would refuse it for (a programming error on
 * the publishing side).
 *
 * @example
 * const bytes = await signIndicators(
 *   { country: 'SG', indicator: 'unlinked-cases', timeZone: 'Asia/Singapore', sequence: 42,
 *     issuedAt: 1605938400, points: [{ date: '2020-11-20', value: 4 }] },
 *   authoritySigner,
 * );
 */
export async function signIndicators(
  document: IndicatorDocument,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const payload = indicatorPayload(document);
  const checked = parseIndicatorDocument(payload);
  if (!checked.ok) {
    throw new TypeError(
      `indicator document refused: ${checked.code} ${JSON.stringify(checked.params ?? {})}`,
    );
  }
  const options = {
    signer,
    extraProtected: new Map<number, unknown>([[HEADER_CONTENT_TYPE, INDICATORS_CONTENT_TYPE]]),
  };
  return signCoseSign1(encodeCbor(payload), crypto ? { ...options, crypto } : options);
}
