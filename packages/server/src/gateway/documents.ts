import { verifyCoseSign1 } from '@corridor/core/cose';
import { toBase64 } from '@corridor/core/lib';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import { authorityKeyOf } from './participant-record.js';
import type { GatewayRequest } from './signed-request.js';

/** The kinds of signed document a country publishes through the gateway. */
export type DocumentKind = 'rules' | 'valuesets';

/** A country's latest document of one kind, as served (`document` is base64 COSE_Sign1). */
export interface PublishedDocument {
  country: string;
  version: number;
  document: string;
}

/**
 * `rules.upload` / `valuesets.upload`: a COSE document the country signed with its
 * authority key; stored as is and distributed in bundles. Each upload gets a new trust
 * version, so the latest one wins.
 */
export async function uploadDocument(
  db: GatewayDb,
  config: GatewayConfig,
  kind: DocumentKind,
  request: GatewayRequest,
): Promise<{ version: number }> {
  const doc = request.body.document;
  if (!(doc instanceof Uint8Array) || doc.length > 1024 * 1024) {
    throw new HttpProblem(
      400,
      'REQUEST_MALFORMED',
      'body.document must be a byte string of at most 1 MiB',
    );
  }
  const authority = await authorityKeyOf(db, config, request.country);
  const checked = await verifyCoseSign1(doc, [authority], { crypto: config.crypto });
  if (!checked.ok)
    throw new HttpProblem(
      422,
      'DOCUMENT_SIGNATURE_INVALID',
      `the document is not signed by ${request.country}'s authority key (${checked.code})`,
    );
  return db.transaction().execute(async (trx) => {
    const version = await bumpTrustVersion(trx, config, `${kind}.upload`, request.country, kind);
    await trx
      .insertInto('signed_documents')
      .values({
        kind,
        country: request.country,
        version,
        cose: doc,
        hash: await config.crypto.sha256(doc),
      })
      .execute();
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action: `${kind}.upload`,
      subject: kind,
      details: { bytes: doc.length },
    });
    return { version };
  });
}

/** The latest signed rule-set or value-set document of each country (or one country). */
export async function latestDocuments(
  db: GatewayDb,
  kind: DocumentKind,
  country?: string,
): Promise<PublishedDocument[]> {
  let q = db
    .selectFrom('signed_documents')
    .select(['country', 'version', 'cose'])
    .where('kind', '=', kind)
    .orderBy('version', 'desc');
  if (country) q = q.where('country', '=', country);
  const latest = new Map<string, PublishedDocument>();
  for (const row of await q.execute()) {
    const cc = row.country ?? '';
    if (!latest.has(cc))
      latest.set(cc, { country: cc, version: Number(row.version), document: toBase64(row.cose) });
  }
  return [...latest.values()];
}
