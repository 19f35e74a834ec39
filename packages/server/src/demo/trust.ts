import type { CryptoProvider } from '@corridor/core/crypto';
import { toBase64 } from '@corridor/core/lib';
import type { BusinessRule } from '@corridor/core/rules';
import { CN_RULES, KR_RULES, signRuleSet } from '@corridor/core/rules';
import { countersignAgreement, signAgreement } from '@corridor/core/trust';
import type { NodeKeys } from '../corridor/keys.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { authorityName } from './countries.js';

/** The gateway as the demo's countries reach it: plain and signed requests. */
export interface GatewayClient {
  get<T>(route: string): Promise<T>;
  /** A request signed with the country's upload key (`action` as the gateway expects it). */
  signed(
    route: string,
    country: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Response>;
  /** A JSON request with the gateway operator's token. */
  operator(route: string, body: unknown): Promise<Response>;
}

export function gatewayClient(options: {
  gatewayUrl: string;
  operatorToken: string;
  keys: Record<string, NodeKeys>;
  crypto: CryptoProvider;
  now: () => Date;
}): GatewayClient {
  const { gatewayUrl, keys, crypto, now } = options;
  const api = (route: string, init?: RequestInit) => fetch(new URL(route, gatewayUrl), init);
  return {
    async get<T>(route: string) {
      const res = await api(route);
      await expectOk(res, `GET ${route}`);
      return (await res.json()) as T;
    },
    async signed(route, country, action, body) {
      const bytes = (await signGatewayRequest(
        { country, action, iat: Math.floor(now().getTime() / 1000), body },
        keys[country]!.upload.signer,
        crypto,
      )) as Uint8Array<ArrayBuffer>;
      return api(route, {
        method: 'POST',
        headers: { 'content-type': 'application/cose' },
        body: bytes,
      });
    },
    operator(route, body) {
      return api(route, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.operatorToken}`,
        },
        body: JSON.stringify(body),
      });
    },
  };
}

/** Throws with the answer's status and body unless it is a 2xx. */
export async function expectOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
}

/** The entry rules each example destination publishes (EU format); others publish none. */
const EXAMPLE_RULES: Readonly<Record<string, readonly BusinessRule[]>> = {
  CN: CN_RULES,
  KR: KR_RULES,
};

/** The id of the recognition agreement between two of the corridor's countries. */
export const agreementId = (a: string, b: string) => `${a}-${b}-fast-track`;

/**
 * Sets up the trust between the corridor's countries at the gateway, skipping what is done:
 * onboards each country, uploads its DSCs (health certificates and entry passes), signs,
 * countersigns and activates a recognition agreement for every pair of countries, and
 * publishes each destination's example entry rules signed by its authority.
 */
export async function setUpTrust(options: {
  countries: readonly string[];
  gateway: GatewayClient;
  keys: Record<string, NodeKeys>;
  crypto: CryptoProvider;
  now: () => Date;
  log: (line: string) => void;
}): Promise<void> {
  const { countries, gateway, keys, crypto, now, log } = options;
  const participants = await gateway.get<{ country: string }[]>('/participants');
  for (const country of countries) {
    if (participants.some((p) => p.country === country)) continue;
    log(`gateway: onboarding ${country}`);
    const k = keys[country]!;
    await expectOk(
      await gateway.operator('/participants', {
        country,
        name: authorityName(country),
        uploadCertificate: k.upload.pem,
        authorityCertificate: k.authority.pem,
        cscas: [k.csca.pem],
      }),
      `onboarding ${country}`,
    );
  }

  const list = await gateway.get<{ entries: { kid: string }[] }>('/trustlist');
  for (const country of countries) {
    for (const dsc of [keys[country]!.dsc, keys[country]!.pass]) {
      if (list.entries.some((e) => e.kid === toBase64(dsc.kid))) continue;
      log(
        `${country} node: uploading a DSC (${dsc === keys[country]!.pass ? 'entry passes' : 'health certificates'})`,
      );
      await expectOk(
        await gateway.signed('/dscs', country, 'dsc.upload', { certificate: dsc.der }),
        `DSC upload ${country}`,
      );
    }
  }

  const agreements = await gateway.get<{ id: string }[]>('/agreements');
  for (const [a, b] of pairs(countries)) {
    const id = agreementId(a, b);
    if (agreements.some((x) => x.id === id)) continue;
    log(`${a} and ${b}: signing the recognition agreement`);
    const t = Math.floor(now().getTime() / 1000);
    const types = ['vaccination', 'test', 'recovery', 'entry-pass'] as const;
    const agreement = {
      id,
      parties: [a, b] as [string, string],
      recognitions: [
        { verifier: b, issuer: a, types: [...types] },
        { verifier: a, issuer: b, types: [...types] },
      ],
      validFrom: t - 86400,
      validTo: t + 365 * 86400,
    };
    const doc = await signAgreement(agreement, keys[a]!.authority.signer, crypto);
    await expectOk(
      await gateway.signed('/agreements/propose', a, 'agreement.propose', { id, document: doc }),
      `agreement proposal ${id}`,
    );
    const counter = await countersignAgreement(doc, keys[b]!.authority.signer, crypto);
    await expectOk(
      await gateway.signed('/agreements/countersign', b, 'agreement.countersign', {
        id,
        document: counter,
      }),
      `countersignature ${id}`,
    );
    await expectOk(
      await gateway.signed('/agreements/activate', b, 'agreement.activate', { id }),
      `activation ${id}`,
    );
  }

  for (const country of countries) {
    const rules = EXAMPLE_RULES[country];
    if (!rules) continue;
    const published = await gateway.get<unknown[]>(`/documents/rules?country=${country}`);
    if (published.length > 0) continue;
    log(`${country}: publishing its entry rules`);
    const document = await signRuleSet(rules, keys[country]!.authority.signer, crypto);
    await expectOk(
      await gateway.signed('/rules', country, 'rules.upload', { document }),
      `rule set ${country}`,
    );
  }
}

/** Every unordered pair of the list, in its order: CN,KR,SG → CN-KR, CN-SG, KR-SG. */
function pairs<T>(list: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) out.push([list[i]!, list[j]!]);
  return out;
}
