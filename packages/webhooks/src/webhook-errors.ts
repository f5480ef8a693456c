import { FilestackError } from '@fs/core';

/**
 * Why a webhook was refused:
 * - `missing-header`: `FS-Signature` or `FS-Timestamp` is absent or empty;
 * - `bad-timestamp`: `FS-Timestamp` is not a decimal number of unix seconds;
 * - `stale`: the signature is right but `FS-Timestamp` lies outside the replay window
 *   (too old, or too far in the future);
 * - `mismatch`: the signature is not the HMAC of this body with this secret;
 * - `bad-input`: an argument has the wrong type (secret, body, headers, options), a
 *   signature header appears more than once, or the runtime cannot compute HMAC-SHA256.
 */
export type WebhookFailureReason =
  | 'missing-header'
  | 'bad-timestamp'
  | 'stale'
  | 'mismatch'
  | 'bad-input';

/**
 * A webhook failed verification. `reason` says why; the message never holds the secret, the
 * signature or the body.
 *
 * @example
 * try {
 *   const event = await parseWebhook(secret, rawBody, req.headers);
 * } catch (error) {
 *   if (error instanceof WebhookVerificationError) return reply(401, error.reason);
 *   throw error;
 * }
 */
export class WebhookVerificationError extends FilestackError {
  static override readonly brand: string = 'WebhookVerificationError';
  readonly reason: WebhookFailureReason;

  constructor(reason: WebhookFailureReason, message: string, cause?: unknown) {
    super(message, { code: 'WEBHOOK_VERIFICATION', cause });
    this.reason = reason;
  }
}

/**
 * A correctly signed webhook whose body is not a Filestack event envelope (not UTF-8, not
 * JSON, or without an `action`). The signature was right, so this points at the sender or at a
 * new payload format rather than at an attacker.
 */
export class WebhookPayloadError extends FilestackError {
  static override readonly brand: string = 'WebhookPayloadError';

  constructor(message: string, cause?: unknown) {
    super(message, { code: 'PROTOCOL', cause });
  }
}
