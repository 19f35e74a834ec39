import { decodeCbor, encodeCbor } from '@corridor/core/cbor';
import {
  type CoseSigner,
  type CoseVerificationKey,
  signCoseSign1,
  verifyCoseSign1,
} from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';

/** COSE content type of a request to the gateway. */
export const REQUEST_CONTENT_TYPE = 'application/corridor-request+cbor';
/** How far a request's timestamp may be from the gateway's clock. */
export const REQUEST_MAX_SKEW_SECONDS = 300;
/** Largest request body the gateway reads. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** What a participant asks the gateway to do, signed with its upload key. */
export interface GatewayRequest {
  /** The participant's country (ISO 3166-1 alpha-2). */
  country: string;
  /** The action; must match the endpoint it is sent to (e.g. `dsc.upload`). */
  action: string;
  /** NumericDate seconds when the request was made. */
  iat: number;
  /** 16 random bytes; a nonce is accepted once per participant. */
  nonce: Uint8Array;
  /** The action's arguments (CBOR-friendly). */
  body: Record<string, unknown>;
}

/** Signs a request as a COSE_Sign1 (client side: national nodes, the CLI). */
export async function signGatewayRequest(
  request: Omit<GatewayRequest, 'nonce' | 'iat'> & { iat: number; nonce?: Uint8Array },
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const nonce = request.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  const payload = encodeCbor({
    country: request.country,
    action: request.action,
    iat: request.iat,
    nonce,
    body: request.body,
  });
  const options = { signer, extraProtected: new Map<number, unknown>([[3, REQUEST_CONTENT_TYPE]]) };
  return signCoseSign1(payload, crypto ? { ...options, crypto } : options);
}

/** Why a request was refused; each maps to an HTTP status in the problem response. */
export type RequestProblem =
  | { status: 400; code: 'REQUEST_MALFORMED'; detail: string }
  | { status: 401; code: 'REQUEST_UNAUTHENTICATED'; detail: string }
  | { status: 401; code: 'REQUEST_STALE'; detail: string }
  | { status: 403; code: 'REQUEST_WRONG_PARTICIPANT'; detail: string }
  | { status: 409; code: 'REQUEST_REPLAYED'; detail: string };

export interface RequestCheck {
  /** The upload keys of an onboarded, active participant. */
  uploadKeys(country: string): Promise<readonly CoseVerificationKey[]>;
  /** Records a nonce; returns false when this participant already used it. */
  useNonce(country: string, nonce: Uint8Array): Promise<boolean>;
  now: Date;
  crypto?: CryptoProvider;
}

/**
 * Authenticates a gateway request: a well-formed COSE_Sign1 of the request type, signed by an
 * upload key of the country it names, for the expected action, within the allowed clock skew,
 * with a nonce not seen before. The nonce is recorded only after the signature verified, so an
 * attacker cannot burn a participant's nonces.
 */
export async function checkGatewayRequest(
  bytes: Uint8Array,
  expectedAction: string,
  check: RequestCheck,
): Promise<{ ok: true; request: GatewayRequest } | { ok: false; problem: RequestProblem }> {
  const bad = (detail: string) => ({
    ok: false as const,
    problem: { status: 400 as const, code: 'REQUEST_MALFORMED' as const, detail },
  });
  if (bytes.length === 0) return bad('empty body');
  if (bytes.length > MAX_REQUEST_BYTES) return bad(`body larger than ${MAX_REQUEST_BYTES} bytes`);
  // Read the claimed country before checking the signature, to know whose keys to try.
  const peek = decodeCbor(bytes);
  if (!peek.ok) return bad(`not CBOR: ${peek.code}`);
  const sign1Value = (peek.value as { value?: unknown })?.value ?? peek.value;
  const payloadBytes = Array.isArray(sign1Value) ? sign1Value[2] : undefined;
  if (!(payloadBytes instanceof Uint8Array)) return bad('not a COSE_Sign1 document');
  const decoded = decodeCbor(payloadBytes);
  if (!decoded.ok) return bad(`payload is not CBOR: ${decoded.code}`);
  const request = parseRequest(decoded.value);
  if (!request) return bad('payload is not a gateway request');
  const keys = await check.uploadKeys(request.country);
  if (keys.length === 0) {
    return {
      ok: false,
      problem: {
        status: 401,
        code: 'REQUEST_UNAUTHENTICATED',
        detail: `no onboarded participant ${request.country}`,
      },
    };
  }
  const verified = await verifyCoseSign1(bytes, keys, check.crypto ? { crypto: check.crypto } : {});
  if (!verified.ok) {
    return {
      ok: false,
      problem: {
        status: 401,
        code: 'REQUEST_UNAUTHENTICATED',
        detail: `signature check failed: ${verified.code}`,
      },
    };
  }
  if (verified.value.sign1.protectedHeader.get(3) !== REQUEST_CONTENT_TYPE)
    return bad('wrong content type');
  if (request.action !== expectedAction) {
    return {
      ok: false,
      problem: {
        status: 403,
        code: 'REQUEST_WRONG_PARTICIPANT',
        detail: `signed for ${request.action}, not ${expectedAction}`,
      },
    };
  }
  const skew = Math.abs(check.now.getTime() / 1000 - request.iat);
  if (skew > REQUEST_MAX_SKEW_SECONDS) {
    return {
      ok: false,
      problem: {
        status: 401,
        code: 'REQUEST_STALE',
        detail: `timestamp ${Math.round(skew)} s from the gateway clock`,
      },
    };
  }
  if (!(await check.useNonce(request.country, request.nonce))) {
    return {
      ok: false,
      problem: { status: 409, code: 'REQUEST_REPLAYED', detail: 'nonce already used' },
    };
  }
  return { ok: true, request };
}

function parseRequest(value: unknown): GatewayRequest | undefined {
  if (!value || typeof value !== 'object' || value instanceof Map) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.country !== 'string' || !/^[A-Z]{2}$/.test(v.country)) return undefined;
  if (typeof v.action !== 'string' || typeof v.iat !== 'number') return undefined;
  if (!(v.nonce instanceof Uint8Array) || v.nonce.length < 16 || v.nonce.length > 64)
    return undefined;
  if (!v.body || typeof v.body !== 'object' || Array.isArray(v.body) || v.body instanceof Map)
    return undefined;
  return {
    country: v.country,
    action: v.action,
    iat: v.iat,
    nonce: v.nonce,
    body: v.body as Record<string, unknown>,
  };
}
