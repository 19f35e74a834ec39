import type { CoseSigner, CoseVerificationKey } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import {
  type ClientOptions,
  coseInit,
  type GatewayClient,
  gatewayClient,
} from '../client/index.js';
import { type GatewayApi, gatewayApp } from './app.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { createAnchor } from './fixtures.js';
import { Gateway } from './service.js';
import { signGatewayRequest } from './signed-request.js';

/** The operator token of a {@link testGateway}. */
export const TEST_OPERATOR_TOKEN = 'operator-secret';

/** A gateway for tests: its service, its app and typed clients that reach the app in-process. */
export interface TestGateway {
  anchor: { signer: CoseSigner; key: CoseVerificationKey };
  service: Gateway;
  app: GatewayApi;
  /** The typed client of anyone. */
  client: GatewayClient;
  /** The typed client of the operator (its bearer token on every request). */
  operator: GatewayClient;
}

/** Client options that send every request to `app` in-process (`app.request`). */
export function inProcess(app: {
  request: (input: RequestInfo | URL, init?: RequestInit) => Response | Promise<Response>;
}): ClientOptions {
  return { fetch: (input, init) => app.request(input, init) };
}

/**
 * A gateway over `db` with a fresh trust anchor and the operator token
 * {@link TEST_OPERATOR_TOKEN}; `config` sets its clock and anything else of its configuration.
 */
export async function testGateway(
  db: GatewayDb,
  config: Pick<GatewayConfig, 'now'> & Partial<GatewayConfig>,
): Promise<TestGateway> {
  const anchor = await createAnchor();
  const service = new Gateway(db, {
    id: 'corridor-test-gateway',
    anchor: anchor.signer,
    anchorKey: anchor.key,
    crypto: defaultCrypto(),
    ...config,
  });
  const app = gatewayApp(service, { operatorToken: TEST_OPERATOR_TOKEN });
  return {
    anchor,
    service,
    app,
    client: gatewayClient('http://gateway.test', inProcess(app)),
    operator: gatewayClient('http://gateway.test', {
      ...inProcess(app),
      headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
    }),
  };
}

/** The certificates (PEM) a country is onboarded with; {@link CountryKeys} and node keys have them. */
export interface OnboardingKeys {
  country: string;
  upload: { pem: string };
  authority: { pem: string };
  csca: { pem: string };
}

/** The operator's `POST /participants` body that onboards `keys`' country. */
export function onboarding(keys: OnboardingKeys, name = `Health authority ${keys.country}`) {
  return {
    country: keys.country,
    name,
    uploadCertificate: keys.upload.pem,
    authorityCertificate: keys.authority.pem,
    cscas: [keys.csca.pem],
  };
}

/**
 * Onboards each of `countries` through the operator's typed client; throws with the gateway's
 * answer when one is refused.
 */
export async function onboardAll(
  operator: GatewayClient,
  countries: OnboardingKeys[],
): Promise<void> {
  for (const keys of countries) {
    const res = await operator.participants.$post({ json: onboarding(keys) });
    if (res.status !== 201)
      throw new Error(`onboarding ${keys.country}: ${res.status} ${await res.text()}`);
  }
}

/**
 * The typed client's request options of a gateway request for `action` signed with `keys`'
 * upload key at `at` (`client.dscs.$post({}, await signedInit(…))`).
 */
export async function signedInit(
  keys: { country: string; uploadSigner: CoseSigner },
  action: string,
  body: Record<string, unknown>,
  at: Date,
): Promise<{ init: RequestInit }> {
  const request = await signGatewayRequest(
    { country: keys.country, action, iat: Math.floor(at.getTime() / 1000), body },
    keys.uploadSigner,
    defaultCrypto(),
  );
  return coseInit(request);
}
