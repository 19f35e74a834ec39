import { createHmac } from 'node:crypto';

/** Prefix of a webhook signing secret as shown to the subscriber (Standard Webhooks). */
export const SECRET_PREFIX = 'whsec_';
/** The three headers of a signed delivery (`docs/events.md`, Webhook signature). */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** The secret as the subscriber receives it once: `whsec_` + base64 of the 32 key bytes. */
export function showSecret(secret: Uint8Array): string {
  return `${SECRET_PREFIX}${Buffer.from(secret).toString('base64')}`;
}

/**
 * Signs one delivery the Standard Webhooks way: the signed content is
 * `<event id>.<unix seconds>.<body>` (UTF-8), the MAC is HMAC-SHA256 under the 32 secret bytes,
 * and the header value is `v1,` + base64 of the MAC. The same event keeps its id on every
 * attempt; the timestamp is the attempt's.
 */
export function signWebhook(
  secret: Uint8Array,
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`, 'utf8').digest();
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: `v1,${mac.toString('base64')}`,
  };
}
