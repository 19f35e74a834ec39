import type { CoseVerificationKey } from '@corridor/core/cose';
import { fromBase64, toHex } from '@corridor/core/lib';
import { type TreeHead, verifyTreeHead } from '@corridor/core/transparency';
import { loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import { readDsc } from '@corridor/core/x509';
import { readAnchors } from '../../shared/trust/anchors.js';
import {
  authorityKeys,
  type Check,
  checkAgreement,
  checkConsistency,
  checkDsc,
  checkLaneVersion,
  checkLogEntry,
  type LogEntry,
  type OperatorConfig,
  readOperatorConfig,
  type SignatureLayer,
} from './checks.js';
import { checkSinceLastVisit, type LastVisit, lastVisitKey } from './last-visit.js';

/**
 * Reads the gateway's public routes and checks each answer in the page (`checks.ts`). Nothing
 * here needs a token: participants, the trust list, agreements, lane versions, the bundle and
 * the transparency log are public at the gateway, and the console trusts none of them without
 * its check against the configured anchor.
 */

/** Why the console cannot show anything: a coded reason (a core finding code where one fits). */
export class ConsoleProblem extends Error {
  constructor(
    readonly code: string,
    readonly params?: Record<string, unknown>,
  ) {
    super(code);
    this.name = 'ConsoleProblem';
  }
}

export interface ParticipantRow {
  country: string;
  name: string;
  status: string;
  version: number;
  /** Whether the anchor-signed bundle carries its keys (intact, active participants only). */
  inBundle: boolean;
}

export interface DscRow {
  country: string;
  kid: string;
  subject: string;
  notAfter: string;
  revoked: boolean;
  check: Check;
}

export interface SignedRow {
  check: Check;
  layers: SignatureLayer[];
}

export interface AgreementRow extends SignedRow {
  id: string;
  status: string;
  parties: string[];
}

export interface LaneRow extends SignedRow {
  id: string;
  version: number;
  parties: string[];
  recordedBy: string;
  recordedAt: string;
  effectiveFrom: number;
  effectiveTo: number;
  sha256: string;
}

export interface LogRow {
  index: number;
  entry?: LogEntry;
  check: Check;
}

/** Everything the console shows, each item with its check. */
export interface ConsoleData {
  gateway: string;
  bundleVersion: number;
  bundleIssuedAt: number;
  participants: ParticipantRow[];
  dscs: DscRow[];
  agreements: AgreementRow[];
  lanes: LaneRow[];
  head: TreeHead;
  /** The current head against the head the bundle carries (absent when either tree is empty). */
  consistency?: { from: number; to: number; check: Check };
  /** The newest entries of the log, newest first, each with its inclusion proof checked. */
  entries: LogRow[];
  /** The current head against the one this device kept from its last visit (`last-visit.ts`). */
  lastVisit: LastVisit;
}

/** How many of the newest log entries the console checks when it opens. */
export const LOG_ENTRIES_SHOWN = 10;

/** A reader of the gateway bound to its base URL and the verified trust. */
export class GatewayReader {
  private constructor(
    private readonly base: string,
    readonly anchors: CoseVerificationKey[],
  ) {}

  /**
   * Reads `config.json` under the app's base and the anchors it names (`NOT_CONFIGURED`). A
   * configuration naming a country is a national node's copy of the app, which serves no log:
   * `NOT_A_GATEWAY`, and nothing is fetched from it.
   */
  static async open(appBase: string): Promise<GatewayReader> {
    let raw: unknown;
    try {
      const response = await fetch(`${appBase}config.json`, { cache: 'no-store' });
      if (response.ok) raw = await response.json();
    } catch {
      throw new ConsoleProblem('NETWORK');
    }
    if (raw && typeof (raw as { country?: unknown }).country === 'string')
      throw new ConsoleProblem('NOT_A_GATEWAY');
    const config: OperatorConfig | undefined = readOperatorConfig(raw);
    if (!config) throw new ConsoleProblem('NOT_CONFIGURED');
    const anchors = await readAnchors(config.anchors);
    if (anchors.length === 0) throw new ConsoleProblem('NOT_CONFIGURED');
    return new GatewayReader(config.node || location.origin, anchors);
  }

  private async fetch(path: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { cache: 'no-store' });
    } catch {
      throw new ConsoleProblem('NETWORK');
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => undefined)) as
        | { title?: unknown }
        | undefined;
      throw new ConsoleProblem(
        typeof problem?.title === 'string' ? problem.title : `HTTP_${response.status}`,
      );
    }
    return response;
  }

  private async json<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  private async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.fetch(path)).arrayBuffer());
  }

  /** Reads and checks everything the console shows, at the device time `now`. */
  async load(now: Date): Promise<ConsoleData> {
    const loaded = await loadTrustBundle(await this.bytes('/bundle'), {
      anchors: this.anchors,
      at: now,
    });
    if (!loaded.ok) throw new ConsoleProblem(loaded.code, loaded.params);
    const bundle = loaded.value;
    const keys = await authorityKeys(bundle.content);
    const { head, bytes: headBytes } = await this.head(bundle);
    const [participants, dscs, agreements, lanes, consistency, entries] = await Promise.all([
      this.participants(bundle),
      this.dscs(bundle),
      this.agreements(keys),
      this.lanes(keys),
      this.consistency(bundle, head),
      this.entries(head),
    ]);
    const lastVisit = await checkSinceLastVisit({
      store: globalThis.localStorage,
      key: lastVisitKey(this.base, bundle.content.gateway),
      anchors: this.anchors,
      current: head,
      currentBytes: headBytes,
      proof: (from, to) => this.proof(from, to),
      now,
    });
    return {
      gateway: bundle.content.gateway,
      bundleVersion: bundle.version,
      bundleIssuedAt: bundle.content.issuedAt,
      participants,
      dscs,
      agreements,
      lanes,
      head,
      ...(consistency ? { consistency } : {}),
      entries,
      lastVisit,
    };
  }

  /** The log's current signed head, signed by the anchor, of the bundle's gateway (and its bytes). */
  private async head(bundle: TrustBundle): Promise<{ head: TreeHead; bytes: Uint8Array }> {
    const bytes = await this.bytes('/tlog/head');
    const read = await verifyTreeHead(bytes, this.anchors, { logId: bundle.content.gateway });
    if (!read.ok) throw new ConsoleProblem(read.code, read.params);
    return { head: read.value, bytes };
  }

  /** The gateway's consistency proof from a tree of `from` entries to one of `to`. */
  private async proof(from: number, to: number): Promise<string[]> {
    return (await this.json<{ proof: string[] }>(`/tlog/consistency?from=${from}&to=${to}`)).proof;
  }

  private async participants(bundle: TrustBundle): Promise<ParticipantRow[]> {
    const list =
      await this.json<{ country: string; name: string; status: string; version: number }[]>(
        '/participants',
      );
    const carried = new Set(bundle.content.countries.map((c) => c.country));
    return list.map((p) => ({ ...p, inBundle: carried.has(p.country) }));
  }

  private async dscs(bundle: TrustBundle): Promise<DscRow[]> {
    const rows: DscRow[] = [];
    for (let page = 0; page < 100; page++) {
      const list = await this.json<{
        nextPage?: number;
        entries: {
          kind: string;
          country: string;
          kid: string;
          certificate: string;
          revoked: boolean;
        }[];
      }>(`/trustlist?page=${page}&pageSize=1000`);
      for (const e of list.entries) {
        if (e.kind !== 'DSC') continue;
        const der = fromBase64(e.certificate);
        let subject = '';
        let notAfter = '';
        try {
          const cert = readDsc(der);
          subject = cert.subject;
          notAfter = cert.notAfter.toISOString().slice(0, 10);
        } catch {
          // Shown as not verified below (an unreadable certificate chains to nothing).
        }
        rows.push({
          country: e.country,
          kid: e.kid,
          subject,
          notAfter,
          revoked: e.revoked,
          check: await checkDsc(der, e.country, bundle.content),
        });
      }
      if (list.nextPage === undefined) break;
      page = list.nextPage - 1;
    }
    return rows;
  }

  private async agreements(keys: Map<string, CoseVerificationKey[]>): Promise<AgreementRow[]> {
    const list =
      await this.json<{ id: string; status: string; parties: string[]; document: string }[]>(
        '/agreements',
      );
    return Promise.all(
      list.map(async (a) => ({
        id: a.id,
        status: a.status,
        parties: a.parties,
        ...(await checkAgreement(fromBase64(a.document), a.status, a.parties, keys)),
      })),
    );
  }

  private async lanes(keys: Map<string, CoseVerificationKey[]>): Promise<LaneRow[]> {
    const { versions } = await this.json<{
      versions: Omit<LaneRow, 'check' | 'layers'>[];
    }>('/lanes/versions');
    return Promise.all(
      versions.map(async (v) => {
        const one = await this.json<{ document: string }>(
          `/lanes/${encodeURIComponent(v.id)}/versions/${v.version}`,
        );
        const document = fromBase64(one.document);
        const checked = await checkLaneVersion(document, v.parties, keys);
        // The document served must be the one the list names (and the log records).
        const digest = toHex(
          new Uint8Array(
            await globalThis.crypto.subtle.digest('SHA-256', document as BufferSource),
          ),
        );
        return {
          ...v,
          ...checked,
          check:
            digest === v.sha256
              ? checked.check
              : { ok: false as const, code: 'LANE_DOCUMENT_MISMATCH' },
        };
      }),
    );
  }

  private async consistency(bundle: TrustBundle, head: TreeHead) {
    const bytes = bundle.content.treeHead;
    if (!bytes) return undefined;
    const pinned = await verifyTreeHead(bytes, this.anchors, { logId: bundle.content.gateway });
    if (!pinned.ok) throw new ConsoleProblem(pinned.code, pinned.params);
    const [older, newer] =
      pinned.value.treeSize <= head.treeSize ? [pinned.value, head] : [head, pinned.value];
    if (older.treeSize === 0) return undefined;
    const proof =
      older.treeSize === newer.treeSize ? [] : await this.proof(older.treeSize, newer.treeSize);
    return {
      from: older.treeSize,
      to: newer.treeSize,
      check: checkConsistency(older, newer, proof),
    };
  }

  private async entries(head: TreeHead): Promise<LogRow[]> {
    const indices: number[] = [];
    for (let i = head.treeSize - 1; i >= 0 && indices.length < LOG_ENTRIES_SHOWN; i--)
      indices.push(i);
    return Promise.all(indices.map((i) => this.entry(head, i)));
  }

  /** Entry `index` of the tree `head` commits to, with its inclusion proof checked. */
  async entry(head: TreeHead, index: number): Promise<LogRow> {
    const answer = await this.json<{
      treeSize: number;
      leaf: string;
      leafHash: string;
      proof: string[];
    }>(`/tlog/inclusion?index=${index}&size=${head.treeSize}`);
    return { index, ...checkLogEntry(head, index, answer) };
  }
}
