import { decodeCbor } from '@corridor/core/cbor/decode';
import { encodeCbor } from '@corridor/core/cbor/encode';
import type { CoseSigner } from '@corridor/core/cose/sign';
import { signCoseSign1 } from '@corridor/core/cose/sign';
import { type CoseVerificationKey, verifyCoseSign1 } from '@corridor/core/cose/verify';
import type { CryptoProvider } from '@corridor/core/crypto/provider';
import { toBase64, toHex } from '@corridor/core/lib/bytes';
import { leafHash, MerkleLog, signTreeHead } from '@corridor/core/transparency/index';
import { type AgreementStatus, readCountersignedAgreement } from '@corridor/core/trust/agreement';
import { signTrustBundle, type TrustBundleContent } from '@corridor/core/trust/bundle';
import { isSignedBy } from '@corridor/core/x509/chain';
import { readDsc } from '@corridor/core/x509/dsc';
import { DCC_KEY_USAGE_OIDS } from '@corridor/core/x509/oids';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/index.js';
import type { CorridorSchema, RevocationHashType } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { readCertificate } from '../pki/certificate.js';
import { OID_EKU_ENTRY_PASS, OID_EKU_LANE_DOCUMENT } from '../pki/oids.js';
import { checkGatewayRequest, type GatewayRequest } from './signed-request.js';

type Db = Kysely<CorridorSchema>;
type Trx = Transaction<CorridorSchema>;

/** What the gateway is: its name, its trust-anchor signer, and its clock. */
export interface GatewayConfig {
  id: string;
  /** The trust anchor: signs participant records, tree heads and bundles. */
  anchor: CoseSigner;
  /** The anchor's public key, to re-check participant records when read. */
  anchorKey: CoseVerificationKey;
  crypto: CryptoProvider;
  now: () => Date;
  bundleLifetimeSeconds?: number;
}

/** A DSC may carry only DCC usages and Corridor's own document usages. */
const PERMITTED_EKUS = new Set([
  ...Object.keys(DCC_KEY_USAGE_OIDS),
  OID_EKU_ENTRY_PASS,
  OID_EKU_LANE_DOCUMENT,
]);

/** Page size limits of trust-list downloads. */
export const MAX_PAGE_SIZE = 1000;

export interface OnboardInput {
  country: string;
  name: string;
  uploadCertificate: Uint8Array;
  authorityCertificate: Uint8Array;
  cscas: Uint8Array[];
}

export interface TrustListEntry {
  kind: 'CSCA' | 'DSC';
  country: string;
  kid: string;
  certificate: string;
  thumbprint: string;
  version: number;
  revoked: boolean;
}

/**
 * The trust gateway's domain: onboarding, authenticated uploads, trust lists, signed
 * documents, agreements, the transparency log and bundles. Every change runs in one
 * transaction that also bumps the trust version, appends the audit entry and the
 * transparency leaf, so a failure leaves nothing half-written.
 */
export class Gateway {
  private log: { size: number; tree: MerkleLog } | undefined;

  constructor(
    readonly db: Db,
    readonly config: GatewayConfig,
  ) {}

  // ---- onboarding ------------------------------------------------------------------------

  /** Onboards a country (operator action): checks its certificates and signs its record. */
  async onboard(input: OnboardInput, actor: string): Promise<void> {
    const now = this.config.now();
    if (!/^[A-Z]{2}$/.test(input.country))
      throw new HttpProblem(422, 'COUNTRY_INVALID', 'country must be ISO 3166-1 alpha-2');
    if (input.cscas.length === 0)
      throw new HttpProblem(422, 'CSCA_MISSING', 'at least one CSCA is required');
    const cscas = input.cscas.map((der) => this.readCert(der, 'CSCA'));
    for (const c of cscas) {
      if (c.country !== input.country)
        throw new HttpProblem(
          422,
          'CSCA_COUNTRY_MISMATCH',
          `CSCA country ${c.country ?? 'missing'} is not ${input.country}`,
        );
    }
    const upload = this.readCert(input.uploadCertificate, 'upload certificate');
    const authority = this.readCert(input.authorityCertificate, 'authority certificate');
    for (const [what, cert] of [
      ['upload', upload],
      ['authority', authority],
    ] as const) {
      if (cert.country !== input.country)
        throw new HttpProblem(
          422,
          'CERT_COUNTRY_MISMATCH',
          `${what} certificate is not of ${input.country}`,
        );
      if (now > cert.notAfter)
        throw new HttpProblem(422, 'CERT_EXPIRED', `${what} certificate expired`);
    }
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('participants')
        .select('country')
        .where('country', '=', input.country)
        .executeTakeFirst();
      if (existing)
        throw new HttpProblem(409, 'PARTICIPANT_EXISTS', `${input.country} is already onboarded`);
      const version = await this.bump(trx, 'participant.onboard', input.country, input.country);
      const signature = await this.signRecord({
        country: input.country,
        name: input.name,
        status: 'active',
        upload_cert: input.uploadCertificate,
        authority_cert: input.authorityCertificate,
        version,
      });
      await trx
        .insertInto('participants')
        .values({
          country: input.country,
          name: input.name,
          status: 'active',
          upload_cert: input.uploadCertificate,
          authority_cert: input.authorityCertificate,
          gateway_signature: signature,
          signed_at: now,
          version,
        })
        .execute();
      for (const der of input.cscas) {
        const c = readDsc(der);
        await trx
          .insertInto('cscas')
          .values({
            country: input.country,
            kid: toBase64(await this.kid(der)),
            der,
            thumbprint: await this.config.crypto.sha256(der),
            not_before: c.notBefore,
            not_after: c.notAfter,
            revoked_at: null,
            revocation_reason: null,
            version,
          })
          .execute();
      }
      await this.record(trx, actor, 'participant.onboard', input.country, {
        name: input.name,
        cscas: input.cscas.length,
      });
    });
  }

  /** Active participants whose gateway signature still matches their record. */
  async participants(): Promise<
    { country: string; name: string; status: string; version: number }[]
  > {
    const rows = await this.db.selectFrom('participants').selectAll().orderBy('country').execute();
    const out = [];
    for (const row of rows) {
      if (await this.recordIntact(row))
        out.push({
          country: row.country,
          name: row.name,
          status: row.status,
          version: Number(row.version),
        });
    }
    return out;
  }

  /** Upload keys of an onboarded, active participant whose signed record is intact. */
  async uploadKeys(country: string): Promise<CoseVerificationKey[]> {
    const row = await this.db
      .selectFrom('participants')
      .selectAll()
      .where('country', '=', country)
      .executeTakeFirst();
    if (row?.status !== 'active' || !(await this.recordIntact(row))) return [];
    return [await this.keyOf(row.upload_cert)];
  }

  /** Authenticates a signed request for `action` (401/403/409 problems otherwise). */
  async authenticate(bytes: Uint8Array, action: string): Promise<GatewayRequest> {
    const result = await checkGatewayRequest(bytes, action, {
      uploadKeys: (country) => this.uploadKeys(country),
      useNonce: (country, nonce) => this.useNonce(country, nonce),
      now: this.config.now(),
      crypto: this.config.crypto,
    });
    if (!result.ok)
      throw new HttpProblem(result.problem.status, result.problem.code, result.problem.detail);
    return result.request;
  }

  // ---- DSCs ------------------------------------------------------------------------------

  /** `dsc.upload`: a DSC of the requesting country, chained to one of its CSCAs. */
  async uploadDsc(request: GatewayRequest): Promise<{ kid: string; version: number }> {
    const der = request.body.certificate;
    if (!(der instanceof Uint8Array))
      throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.certificate must be a byte string');
    const dsc = this.readCert(der, 'DSC');
    const now = this.config.now();
    if (dsc.country !== request.country) {
      throw new HttpProblem(
        422,
        'DSC_COUNTRY_MISMATCH',
        `the DSC is for ${dsc.country ?? 'no country'}, the uploader is ${request.country}`,
      );
    }
    if (now > dsc.notAfter || dsc.notBefore >= dsc.notAfter)
      throw new HttpProblem(
        422,
        'DSC_VALIDITY_INVALID',
        'the DSC is expired or its validity is empty',
      );
    const foreign = dsc.extendedKeyUsage.filter((oid) => !PERMITTED_EKUS.has(oid));
    if (foreign.length > 0)
      throw new HttpProblem(
        422,
        'DSC_KEY_USAGE_NOT_PERMITTED',
        `extended key usage ${foreign.join(', ')} is not permitted`,
      );
    if (!dsc.keyAlg)
      throw new HttpProblem(422, 'DSC_KEY_UNSUPPORTED', 'the key is neither P-256 nor RSA');
    // A CA certificate is no DSC. Without this check a country's self-signed CSCA passed as a
    // "DSC" (it is signed by itself, a CSCA of the country) and was published in the trust list.
    if (await this.isCa(der))
      throw new HttpProblem(422, 'DSC_IS_CA', 'a CA certificate (basicConstraints cA) is no DSC');
    const cscas = await this.db
      .selectFrom('cscas')
      .select(['id', 'der'])
      .where('country', '=', request.country)
      .where('revoked_at', 'is', null)
      .execute();
    let cscaId: number | undefined;
    for (const c of cscas) {
      if (await isSignedBy(der, c.der)) {
        cscaId = Number(c.id);
        break;
      }
    }
    if (cscaId === undefined)
      throw new HttpProblem(
        422,
        'DSC_NOT_CHAINED',
        `the DSC is not signed by a CSCA of ${request.country}`,
      );
    const kid = toBase64(await this.kid(der));
    return this.db.transaction().execute(async (trx) => {
      const same = await trx
        .selectFrom('dscs')
        .select(['country', 'der'])
        .where('kid', '=', kid)
        .execute();
      if (same.some((d) => d.country !== request.country))
        throw new HttpProblem(
          409,
          'KID_COLLISION',
          `kid ${kid} already belongs to another participant`,
        );
      if (same.some((d) => toHex(d.der) === toHex(der)))
        throw new HttpProblem(409, 'DSC_DUPLICATE', 'this DSC is already uploaded');
      const version = await this.bump(trx, 'dsc.upload', request.country, kid);
      await trx
        .insertInto('dscs')
        .values({
          country: request.country,
          kid,
          der,
          thumbprint: await this.config.crypto.sha256(der),
          not_before: dsc.notBefore,
          not_after: dsc.notAfter,
          revoked_at: null,
          revocation_reason: null,
          version,
          csca_id: cscaId,
          upload_signature: null,
        })
        .execute();
      await this.record(trx, request.country, 'dsc.upload', kid, { subject: dsc.subject });
      return { kid, version };
    });
  }

  /** `dsc.revoke`: the country withdraws one of its DSCs (by kid and thumbprint or kid alone). */
  async revokeDsc(request: GatewayRequest): Promise<{ version: number }> {
    const { kid, reason } = request.body;
    if (typeof kid !== 'string' || typeof reason !== 'string' || reason.length > 500) {
      throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body needs kid (base64) and reason (text)');
    }
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('dscs')
        .select(['id', 'country', 'revoked_at'])
        .where('kid', '=', kid)
        .execute();
      const own = rows.filter((r) => r.country === request.country && r.revoked_at === null);
      if (rows.length === 0 || own.length === 0) {
        throw new HttpProblem(
          rows.some((r) => r.country !== request.country) ? 403 : 404,
          'DSC_NOT_FOUND',
          `no active DSC ${kid} of ${request.country}`,
        );
      }
      const version = await this.bump(trx, 'dsc.revoke', request.country, kid);
      await trx
        .updateTable('dscs')
        .set({ revoked_at: this.config.now(), revocation_reason: reason, version })
        .where('kid', '=', kid)
        .where('country', '=', request.country)
        .execute();
      await this.record(trx, request.country, 'dsc.revoke', kid, { reason });
      return { version };
    });
  }

  /**
   * The trust list, whole or as a delta of everything changed after `since` (revocations
   * included), ordered by version and paged.
   */
  async trustList(options: { since?: number; page?: number; pageSize?: number; country?: string }) {
    const pageSize = Math.min(Math.max(options.pageSize ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const page = Math.max(options.page ?? 0, 0);
    const since = options.since ?? 0;
    const version = await this.currentVersion(this.db);
    // Paged in SQL (both tables in one ordered stream), so a page costs its own rows only.
    const select = (table: 'cscas' | 'dscs', kind: 'CSCA' | 'DSC') => {
      let q = this.db
        .selectFrom(table)
        .select((eb) => [
          'country',
          'kid',
          'der',
          'thumbprint',
          'version',
          'revoked_at',
          eb.val(kind).as('kind'),
        ])
        .where('version', '>', since);
      if (options.country) q = q.where('country', '=', options.country);
      if (since === 0) q = q.where('revoked_at', 'is', null);
      return q;
    };
    const rows = await select('cscas', 'CSCA')
      .unionAll(select('dscs', 'DSC'))
      .orderBy('version')
      .orderBy('kid')
      .limit(pageSize + 1)
      .offset(page * pageSize)
      .execute();
    const more = rows.length > pageSize;
    const entries: TrustListEntry[] = rows.slice(0, pageSize).map((r) => ({
      kind: r.kind as 'CSCA' | 'DSC',
      country: r.country,
      kid: r.kid,
      certificate: toBase64(r.der),
      thumbprint: toHex(r.thumbprint),
      version: Number(r.version),
      revoked: r.revoked_at !== null,
    }));
    return { version, since, page, pageSize, entries, ...(more ? { nextPage: page + 1 } : {}) };
  }

  // ---- signed documents and revocations ---------------------------------------------------

  /**
   * `rules.upload` / `valuesets.upload`: a COSE document the country signed with its
   * authority key; stored as is and distributed in bundles. The version must increase.
   */
  async uploadDocument(
    kind: 'rules' | 'valuesets',
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
    const authority = await this.authorityKey(request.country);
    const checked = await verifyCoseSign1(doc, [authority], { crypto: this.config.crypto });
    if (!checked.ok)
      throw new HttpProblem(
        422,
        'DOCUMENT_SIGNATURE_INVALID',
        `the document is not signed by ${request.country}'s authority key (${checked.code})`,
      );
    return this.db.transaction().execute(async (trx) => {
      const version = await this.bump(trx, `${kind}.upload`, request.country, kind);
      await trx
        .insertInto('signed_documents')
        .values({
          kind,
          country: request.country,
          version,
          cose: doc,
          hash: await this.config.crypto.sha256(doc),
        })
        .execute();
      await this.record(trx, request.country, `${kind}.upload`, kind, { bytes: doc.length });
      return { version };
    });
  }

  /** `revocations.upload`: certificate revocation hashes (first 16 bytes of SHA-256). */
  async uploadRevocations(request: GatewayRequest): Promise<{ version: number; added: number }> {
    const { kid, hashType, hashes } = request.body;
    const types: RevocationHashType[] = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'];
    if (
      typeof kid !== 'string' ||
      !types.includes(hashType as RevocationHashType) ||
      !Array.isArray(hashes)
    ) {
      throw new HttpProblem(
        400,
        'REQUEST_MALFORMED',
        'body needs kid, hashType (UCI|COUNTRYCODEUCI|SIGNATURE) and hashes',
      );
    }
    if (
      hashes.length === 0 ||
      hashes.length > 1000 ||
      !hashes.every((h) => h instanceof Uint8Array && h.length === 16)
    ) {
      throw new HttpProblem(
        422,
        'REVOCATION_BATCH_INVALID',
        'a batch holds 1 to 1000 hashes of 16 bytes each',
      );
    }
    return this.db.transaction().execute(async (trx) => {
      // Revocation hashes are read under the DSC that signed the certificates: a country may
      // only list them under a DSC of its own, or it could revoke another country's codes.
      const own = await trx
        .selectFrom('dscs')
        .select('id')
        .where('kid', '=', kid)
        .where('country', '=', request.country)
        .executeTakeFirst();
      if (!own)
        throw new HttpProblem(
          403,
          'REVOCATION_KID_NOT_OWN',
          `kid ${kid} is not a DSC of ${request.country}`,
        );
      const version = await this.bump(trx, 'revocations.upload', request.country, kid);
      // A batch may repeat hashes already held (a node retrying after a lost answer): they
      // are skipped, so retries are harmless.
      let added = 0;
      for (const hash of hashes as Uint8Array[]) {
        const result = await trx
          .insertInto('revocation_hashes')
          .values({
            country: request.country,
            kid,
            hash_type: hashType as RevocationHashType,
            hash,
            version,
          })
          .onConflict((oc) => oc.columns(['country', 'kid', 'hash_type', 'hash']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      await this.record(trx, request.country, 'revocations.upload', kid, {
        hashType,
        count: hashes.length,
        added,
      });
      return { version, added };
    });
  }

  /** The latest signed rule-set or value-set document of each country (or one country). */
  async documents(kind: 'rules' | 'valuesets', country?: string) {
    let q = this.db
      .selectFrom('signed_documents')
      .select(['country', 'version', 'cose'])
      .where('kind', '=', kind)
      .orderBy('version', 'desc');
    if (country) q = q.where('country', '=', country);
    const latest = new Map<string, { country: string; version: number; document: string }>();
    for (const row of await q.execute()) {
      const cc = row.country ?? '';
      if (!latest.has(cc))
        latest.set(cc, { country: cc, version: Number(row.version), document: toBase64(row.cose) });
    }
    return [...latest.values()];
  }

  /** Revocation hashes added after `since`, in version order, at most `limit` per call. */
  async revocations(options: { since?: number; country?: string; limit?: number }) {
    const limit = Math.min(Math.max(options.limit ?? 10_000, 1), 10_000);
    let q = this.db
      .selectFrom('revocation_hashes')
      .select(['country', 'kid', 'hash_type', 'hash', 'version', 'id'])
      .where('version', '>', options.since ?? 0)
      .orderBy('version')
      .orderBy('id')
      .limit(limit + 1);
    if (options.country) q = q.where('country', '=', options.country);
    const rows = await q.execute();
    const entries = rows.slice(0, limit).map((r) => ({
      country: r.country,
      kid: r.kid,
      hashType: r.hash_type,
      hash: toBase64(r.hash),
      version: Number(r.version),
    }));
    const more = rows.length > limit;
    return { entries, ...(more ? { nextSince: entries[entries.length - 1]!.version - 1 } : {}) };
  }

  // ---- agreements ------------------------------------------------------------------------

  /**
   * Records an agreement step. `agreement.propose` carries the first party's signed document
   * (status `signed`); `agreement.countersign` the countersigned one (`countersigned`);
   * `agreement.activate`, `.suspend` and `.terminate` change the status of a countersigned
   * agreement. Every step is audited and logged.
   */
  async agreementStep(
    action: string,
    request: GatewayRequest,
  ): Promise<{ id: string; status: AgreementStatus; version: number }> {
    const id = request.body.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 100)
      throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.id is required');
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('signed_documents')
        .select(['cose', 'version', 'country'])
        .where('kind', '=', 'agreement')
        .orderBy('version', 'desc')
        .execute();
      const current = rows.map((r) => decodeAgreementRecord(r.cose)).find((r) => r?.id === id);
      let next: AgreementRecord;
      if (action === 'agreement.propose') {
        if (current) throw new HttpProblem(409, 'AGREEMENT_EXISTS', `agreement ${id} exists`);
        const doc = this.bytesField(request.body.document);
        next = { id, status: 'signed', document: doc, parties: await this.agreementParties(doc) };
        if (!next.parties.includes(request.country))
          throw new HttpProblem(403, 'REQUEST_WRONG_PARTICIPANT', 'only a party may propose');
      } else {
        if (!current) throw new HttpProblem(404, 'AGREEMENT_NOT_FOUND', `no agreement ${id}`);
        if (!current.parties.includes(request.country))
          throw new HttpProblem(
            403,
            'REQUEST_WRONG_PARTICIPANT',
            `${request.country} is not a party`,
          );
        if (action === 'agreement.countersign') {
          if (current.status !== 'signed')
            throw new HttpProblem(409, 'AGREEMENT_STATE', `agreement is ${current.status}`);
          const doc = this.bytesField(request.body.document);
          const authorities = await this.authorityMap(trx, current.parties);
          const checked = await readCountersignedAgreement(
            doc,
            (cc) => authorities.get(cc) ?? [],
            this.config.crypto,
          );
          if (!checked.ok)
            throw new HttpProblem(422, checked.code, 'the countersigned agreement does not verify');
          next = { ...current, status: 'countersigned', document: doc };
        } else {
          const target: Record<string, AgreementStatus> = {
            'agreement.activate': 'active',
            'agreement.suspend': 'suspended',
            'agreement.terminate': 'terminated',
          };
          const status = target[action];
          if (!status) throw new HttpProblem(400, 'REQUEST_MALFORMED', `unknown action ${action}`);
          const allowed: Record<AgreementStatus, AgreementStatus[]> = {
            proposed: [],
            signed: ['terminated'],
            countersigned: ['active', 'terminated'],
            active: ['suspended', 'terminated'],
            suspended: ['active', 'terminated'],
            terminated: [],
          };
          if (!allowed[current.status].includes(status))
            throw new HttpProblem(
              409,
              'AGREEMENT_STATE',
              `cannot go from ${current.status} to ${status}`,
            );
          next = { ...current, status };
        }
      }
      const version = await this.bump(trx, action, request.country, id);
      await trx
        .insertInto('signed_documents')
        .values({
          kind: 'agreement',
          country: request.country,
          version,
          cose: encodeAgreementRecord(next),
          hash: await this.config.crypto.sha256(next.document),
        })
        .execute();
      await this.record(trx, request.country, action, id, { status: next.status });
      return { id, status: next.status, version };
    });
  }

  /** The latest state of every agreement. */
  async agreements(): Promise<AgreementRecord[]> {
    const rows = await this.db
      .selectFrom('signed_documents')
      .select(['cose', 'version'])
      .where('kind', '=', 'agreement')
      .orderBy('version', 'desc')
      .execute();
    const seen = new Map<string, AgreementRecord>();
    for (const r of rows) {
      const rec = decodeAgreementRecord(r.cose);
      if (rec && !seen.has(rec.id)) seen.set(rec.id, rec);
    }
    return [...seen.values()];
  }

  // ---- transparency log ------------------------------------------------------------------

  /** The log with every leaf committed so far (loaded incrementally from the database). */
  async transparencyLog(): Promise<MerkleLog> {
    const count = await this.db
      .selectFrom('transparency_leaves')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const size = Number(count.n);
    if (!this.log || this.log.size > size) this.log = { size: 0, tree: new MerkleLog() };
    if (this.log.size < size) {
      const rows = await this.db
        .selectFrom('transparency_leaves')
        .select(['leaf_index', 'leaf_hash'])
        .where('leaf_index', '>=', this.log.size)
        .orderBy('leaf_index')
        .execute();
      for (const r of rows) this.log.tree.append(r.leaf_hash);
      this.log.size = this.log.tree.size;
    }
    return this.log.tree;
  }

  /** A signed tree head for the current log. */
  async signedTreeHead(): Promise<Uint8Array> {
    const log = await this.transparencyLog();
    return signTreeHead(
      {
        logId: this.config.id,
        treeSize: log.size,
        rootHash: log.root(),
        timestamp: this.config.now().getTime(),
      },
      { signer: this.config.anchor, crypto: this.config.crypto },
    );
  }

  // ---- bundles ---------------------------------------------------------------------------

  /**
   * The newest bundle, made anew when trust changed since it was built or when it is past
   * half its lifetime. Bundle versions only grow.
   */
  async bundle(): Promise<{ version: number; cose: Uint8Array; etag: string; expiresAt: Date }> {
    // One build at a time: concurrent requests after a trust change all computed the same new
    // version and all but one failed on the `bundles` primary key (a 500 to every other
    // caller, e.g. national nodes syncing at once). Callers arriving meanwhile share the build.
    this.building ??= this.buildBundle().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private building:
    | Promise<{ version: number; cose: Uint8Array; etag: string; expiresAt: Date }>
    | undefined;

  private async buildBundle(): Promise<{
    version: number;
    cose: Uint8Array;
    etag: string;
    expiresAt: Date;
  }> {
    const now = this.config.now();
    const trustVersion = await this.currentVersion(this.db);
    // Without `cose`: a bundle is megabytes, read only when it is reused.
    const latest = await this.db
      .selectFrom('bundles')
      .select(['version', 'etag', 'issued_at', 'expires_at'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const lifetime = this.config.bundleLifetimeSeconds ?? 48 * 3600;
    if (
      latest?.etag.startsWith(`"${trustVersion}-`) &&
      now.getTime() < latest.issued_at.getTime() + (lifetime * 1000) / 2
    ) {
      const { cose } = await this.db
        .selectFrom('bundles')
        .select('cose')
        .where('version', '=', latest.version)
        .executeTakeFirstOrThrow();
      return {
        version: Number(latest.version),
        cose,
        etag: latest.etag,
        expiresAt: latest.expires_at,
      };
    }
    const version = latest ? Number(latest.version) + 1 : 1;
    const content = await this.bundleContent(version, now, lifetime);
    const cose = await signTrustBundle(content, this.config.anchor, this.config.crypto);
    const etag = `"${trustVersion}-${version}"`;
    const expiresAt = new Date(content.expiresAt * 1000);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bundles')
        .values({ version, issued_at: now, expires_at: expiresAt, cose, etag })
        .execute();
      await this.record(trx, 'gateway', 'bundle.issue', String(version), { trustVersion });
    });
    return { version, cose, etag, expiresAt };
  }

  private async bundleContent(
    version: number,
    now: Date,
    lifetime: number,
  ): Promise<TrustBundleContent> {
    const participants = (
      await this.db.selectFrom('participants').selectAll().where('status', '=', 'active').execute()
    ).filter(Boolean);
    const intact = [];
    for (const p of participants) if (await this.recordIntact(p)) intact.push(p);
    const countries = new Set(intact.map((p) => p.country));
    const cscas = await this.db
      .selectFrom('cscas')
      .select(['country', 'der'])
      .where('revoked_at', 'is', null)
      .execute();
    const dscs = await this.db
      .selectFrom('dscs')
      .select(['country', 'der', 'kid', 'revoked_at'])
      .execute();
    const hashes = await this.db
      .selectFrom('revocation_hashes')
      .select(['country', 'hash_type', 'hash'])
      .execute();
    const docs = await this.db
      .selectFrom('signed_documents')
      .select(['kind', 'country', 'cose', 'version'])
      .where('kind', 'in', ['rules', 'valuesets'])
      .orderBy('version', 'desc')
      .execute();
    const latestDoc = new Map<string, Uint8Array>();
    for (const d of docs)
      if (!latestDoc.has(`${d.kind}:${d.country}`)) latestDoc.set(`${d.kind}:${d.country}`, d.cose);
    const groups = new Map<
      string,
      { country: string; hashType: RevocationHashType; hashes: Uint8Array[] }
    >();
    for (const h of hashes) {
      if (!countries.has(h.country)) continue;
      const key = `${h.country}:${h.hash_type}`;
      const g = groups.get(key) ?? { country: h.country, hashType: h.hash_type, hashes: [] };
      g.hashes.push(h.hash);
      groups.set(key, g);
    }
    const agreements = (await this.agreements()).filter(
      (a) => a.status !== 'signed' && a.status !== 'proposed',
    );
    const fromB64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    return {
      version,
      issuedAt: Math.floor(now.getTime() / 1000),
      expiresAt: Math.floor(now.getTime() / 1000) + lifetime,
      gateway: this.config.id,
      countries: intact.map((p) => ({
        country: p.country,
        cscas: cscas.filter((c) => c.country === p.country).map((c) => c.der),
        dscs: dscs
          .filter((d) => d.country === p.country && d.revoked_at === null)
          .map((d) => ({ der: d.der, kid: fromB64(d.kid) })),
        authorities: [p.authority_cert],
      })),
      revokedKids: dscs
        .filter((d) => d.revoked_at !== null && countries.has(d.country))
        .map((d) => ({ country: d.country, kid: fromB64(d.kid) })),
      revocations: [...groups.values()],
      ruleSets: [...latestDoc.entries()].filter(([k]) => k.startsWith('rules:')).map(([, v]) => v),
      valueSets: [...latestDoc.entries()]
        .filter(([k]) => k.startsWith('valuesets:'))
        .map(([, v]) => v),
      agreements: agreements.map((a) => ({ document: a.document, status: a.status })),
      treeHead: await this.signedTreeHead(),
    };
  }

  // ---- internals -------------------------------------------------------------------------

  /** Bumps the global trust version, records the change and its transparency leaf. */
  private async bump(
    trx: Trx,
    type: string,
    country: string | null,
    objectId: string,
  ): Promise<number> {
    const row = await trx
      .updateTable('trust_versions')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .returning('version')
      .executeTakeFirstOrThrow();
    const version = Number(row.version);
    await trx
      .insertInto('changes')
      .values({ version, type, country, object_id: objectId })
      .execute();
    const leaf = encodeCbor({
      version,
      type,
      country,
      object: objectId,
      at: Math.floor(this.config.now().getTime() / 1000),
    });
    await trx
      .insertInto('transparency_leaves')
      .values({ leaf_index: version - 1, leaf_hash: leafHash(leaf), leaf_data: leaf })
      .execute();
    return version;
  }

  private async record(
    trx: Trx,
    actor: string,
    action: string,
    subject: string,
    details: Record<string, unknown>,
  ) {
    await appendAudit(trx, { at: this.config.now(), actor, action, subject, details });
  }

  private async currentVersion(db: Db | Trx): Promise<number> {
    const row = await db.selectFrom('trust_versions').select('version').executeTakeFirst();
    return row ? Number(row.version) : 0;
  }

  private async useNonce(country: string, nonce: Uint8Array): Promise<boolean> {
    const result = await this.db
      .insertInto('nonces')
      .values({ country, nonce: toHex(nonce) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  private readCert(der: Uint8Array, what: string) {
    try {
      return readDsc(der);
    } catch (error) {
      throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', `${what}: ${(error as Error).message}`);
    }
  }

  /** Whether the certificate says it is a CA (basicConstraints cA); unreadable counts as 422. */
  private async isCa(der: Uint8Array): Promise<boolean> {
    try {
      return (await readCertificate(der)).ca;
    } catch (error) {
      throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', `DSC: ${(error as Error).message}`);
    }
  }

  private async kid(der: Uint8Array): Promise<Uint8Array> {
    return (await this.config.crypto.sha256(der)).subarray(0, 8);
  }

  private async keyOf(der: Uint8Array): Promise<CoseVerificationKey> {
    const cert = readDsc(der);
    if (!cert.keyAlg) throw new HttpProblem(422, 'CERTIFICATE_UNREADABLE', 'unsupported key');
    const key = await this.config.crypto.importPublicKey(cert.spki, cert.keyAlg, cert.curve);
    return { kid: await this.kid(der), alg: cert.keyAlg, key };
  }

  private async authorityKey(country: string): Promise<CoseVerificationKey> {
    const row = await this.db
      .selectFrom('participants')
      .selectAll()
      .where('country', '=', country)
      .executeTakeFirst();
    if (!row || !(await this.recordIntact(row)))
      throw new HttpProblem(
        403,
        'REQUEST_WRONG_PARTICIPANT',
        `${country} is not an intact participant`,
      );
    return this.keyOf(row.authority_cert);
  }

  private async authorityMap(
    trx: Trx,
    countries: string[],
  ): Promise<Map<string, CoseVerificationKey[]>> {
    const map = new Map<string, CoseVerificationKey[]>();
    for (const country of countries) {
      const row = await trx
        .selectFrom('participants')
        .selectAll()
        .where('country', '=', country)
        .executeTakeFirst();
      if (row && (await this.recordIntact(row)))
        map.set(country, [await this.keyOf(row.authority_cert)]);
    }
    return map;
  }

  private async agreementParties(doc: Uint8Array): Promise<string[]> {
    const outer = decodeCbor(doc);
    // Optional chaining throughout: the document is the caller's bytes, and CBOR `null` (as the
    // document or as its payload) made `.value` / `.parties` throw a TypeError, a 500.
    const arr = (outer.ok &&
      ((outer.value as { value?: unknown } | null)?.value ?? outer.value)) as unknown;
    const payload = Array.isArray(arr) ? arr[2] : undefined;
    const inner = payload instanceof Uint8Array ? decodeCbor(payload) : undefined;
    const parties = inner?.ok ? (inner.value as { parties?: unknown } | null)?.parties : undefined;
    if (
      !Array.isArray(parties) ||
      parties.length !== 2 ||
      !parties.every((p) => typeof p === 'string')
    ) {
      throw new HttpProblem(422, 'AGREEMENT_INVALID', 'the document is not a signed agreement');
    }
    return parties as string[];
  }

  private bytesField(value: unknown): Uint8Array {
    if (!(value instanceof Uint8Array) || value.length > 256 * 1024)
      throw new HttpProblem(400, 'REQUEST_MALFORMED', 'body.document must be a byte string');
    return value;
  }

  private async signRecord(record: Record<string, unknown>): Promise<Uint8Array> {
    return signCoseSign1(encodeCbor(record), {
      signer: this.config.anchor,
      crypto: this.config.crypto,
    });
  }

  /** Re-checks the gateway's signature over a participant row (tampering shows here). */
  private async recordIntact(row: {
    country: string;
    name: string;
    status: string;
    upload_cert: Uint8Array;
    authority_cert: Uint8Array;
    gateway_signature: Uint8Array | null;
    version: number | string;
  }): Promise<boolean> {
    if (!row.gateway_signature) return false;
    const checked = await verifyCoseSign1(row.gateway_signature, [this.config.anchorKey], {
      crypto: this.config.crypto,
    });
    if (!checked.ok) return false;
    const expected = encodeCbor({
      country: row.country,
      name: row.name,
      status: row.status,
      upload_cert: row.upload_cert,
      authority_cert: row.authority_cert,
      version: Number(row.version),
    });
    return toHex(checked.value.sign1.payload) === toHex(expected);
  }
}

/** How an agreement's state is stored: a small CBOR record in `signed_documents`. */
export interface AgreementRecord {
  id: string;
  status: AgreementStatus;
  document: Uint8Array;
  parties: string[];
}

function encodeAgreementRecord(r: AgreementRecord): Uint8Array {
  return encodeCbor({ id: r.id, status: r.status, document: r.document, parties: r.parties });
}

function decodeAgreementRecord(bytes: Uint8Array): AgreementRecord | undefined {
  const d = decodeCbor(bytes);
  if (!d.ok) return undefined;
  const v = d.value as Record<string, unknown>;
  if (
    typeof v.id !== 'string' ||
    typeof v.status !== 'string' ||
    !(v.document instanceof Uint8Array) ||
    !Array.isArray(v.parties)
  )
    return undefined;
  return {
    id: v.id,
    status: v.status as AgreementStatus,
    document: v.document,
    parties: v.parties as string[],
  };
}
