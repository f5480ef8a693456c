import {
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  type WebhookBody,
} from './verify-signature.js';
import { toWebhookEvent, type WebhookEvent } from './webhook-event.js';
import type { WebhookHeaders } from './webhook-headers.js';

/**
 * Verifies a webhook, then parses it into a typed {@link WebhookEvent}.
 *
 * Rejects with a `WebhookVerificationError` (its `reason` says why) when the signature does not
 * verify, and with a `WebhookPayloadError` when a correctly signed body is not an event. Use
 * {@link verifyWebhookSignature} instead for a result object that never throws.
 *
 * @example
 * const event = await parseWebhook(process.env.FILESTACK_WEBHOOK_SECRET, rawBody, req.headers);
 * if (event.known && event.action === 'fp.upload') console.log('stored', event.text.url);
 */
export async function parseWebhook(
  secret: string,
  body: WebhookBody,
  headers: WebhookHeaders,
  options?: VerifyWebhookOptions,
): Promise<WebhookEvent> {
  const result = await verifyWebhookSignature(secret, body, headers, options);
  if (!result.valid) throw result.error;
  return toWebhookEvent(body);
}
