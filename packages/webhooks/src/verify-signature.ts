import { type WebhookFailureReason, WebhookVerificationError } from './webhook-errors.js';
import { readHeader, type WebhookHeaders } from './webhook-headers.js';

/** The raw request body exactly as received: text, or bytes used byte for byte. */
export type WebhookBody = string | ArrayBuffer | ArrayBufferView;

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /**
   * How far `FS-Timestamp` may be from `now`, in seconds, in either direction. `Infinity` turns
   * the replay window off (for replaying stored deliveries or test vectors).
   * @default 300
   */
  toleranceSeconds?: number;
  /**
   * The current time as a `Date` or as milliseconds since the epoch.
   * @default Date.now()
   */
  now?: Date | number;
}

/** The outcome of {@link verifyWebhookSignature}. */
export type WebhookVerification =
  | {
      valid: true;
      /** `FS-Timestamp`, in unix seconds. */
      timestamp: number;
    }
  | { valid: false; reason: WebhookFailureReason; error: WebhookVerificationError };

/** Default replay window, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

// `FS-Timestamp` is unix seconds as a decimal string (docs/protocol.md#webhook-signature); 15
// digits keep it a safe integer.
const TIMESTAMP = /^\d{1,15}$/;
const SIGNATURE = /^[0-9a-f]{64}$/i;

/**
 * Checks that a webhook came from Filestack: `FS-Signature` must be the hex HMAC-SHA256, keyed
 * with the webhook secret, of `FS-Timestamp + "." + raw body`, and `FS-Timestamp` must be within
 * `toleranceSeconds` of now. Runs on WebCrypto (Node 20, browsers, Deno, Bun, edge workers) and
 * compares in constant time.
 *
 * Never throws: anything missing, duplicated, malformed or of the wrong type yields
 * `{ valid: false, reason, error }`.
 *
 * `FS-Timestamp` is read as unix seconds only. A millisecond value is not reinterpreted (that
 * would make one signed message valid at two times); with the window on it is refused as `stale`.
 *
 * @param secret The webhook secret from the Filestack developer portal.
 * @param body The raw body as received: a string, or bytes (a Node `Buffer` is fine). Parsed and
 *   re-serialised JSON will not verify.
 * @param headers A `Headers`, Node's `req.headers`, or a plain record.
 *
 * @example
 * const result = await verifyWebhookSignature(secret, rawBody, request.headers);
 * if (!result.valid) return new Response(result.reason, { status: 401 });
 */
export async function verifyWebhookSignature(
  secret: string,
  body: WebhookBody,
  headers: WebhookHeaders,
  options?: VerifyWebhookOptions,
): Promise<WebhookVerification> {
  try {
    return await verify(secret, body, headers, options ?? {});
  } catch (cause) {
    // A hostile object (throwing getter, Proxy) or a runtime without WebCrypto: fail closed.
    return invalid('bad-input', 'The webhook could not be checked', cause);
  }
}

async function verify(
  secret: string,
  body: WebhookBody,
  headers: WebhookHeaders,
  {
    toleranceSeconds: tolerance = DEFAULT_TOLERANCE_SECONDS,
    now = Date.now(),
  }: VerifyWebhookOptions,
): Promise<WebhookVerification> {
  const bytes =
    typeof body === 'string'
      ? encode(body)
      : ArrayBuffer.isView(body)
        ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
        : body instanceof ArrayBuffer
          ? new Uint8Array(body)
          : null;
  const nowMs = now instanceof Date ? now.getTime() : now;
  // Only the argument's name: the secret's value must never reach a message.
  const wrong =
    typeof secret !== 'string' || !secret
      ? 'secret must be a non-empty string'
      : !bytes
        ? 'body must be a string or bytes'
        : typeof headers !== 'object' || !headers
          ? 'headers must be Headers or a record'
          : typeof tolerance !== 'number' || !(tolerance >= 0)
            ? 'toleranceSeconds must be a number >= 0'
            : typeof nowMs !== 'number' || !Number.isFinite(nowMs)
              ? 'now must be a Date or milliseconds'
              : '';
  if (wrong || !bytes) return invalid('bad-input', wrong);

  const timestamp = readHeader(headers, 'fs-timestamp');
  const signature = readHeader(headers, 'fs-signature');
  if (!timestamp || !signature) {
    const [name, value] = timestamp ? ['Signature', signature] : ['Timestamp', timestamp];
    return value === null
      ? invalid('missing-header', `FS-${name} is missing`)
      : invalid('bad-input', `FS-${name} must appear once, as a string`);
  }
  if (!TIMESTAMP.test(timestamp)) {
    return invalid('bad-timestamp', 'FS-Timestamp is not unix seconds');
  }

  const prefix = encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + bytes.length);
  message.set(prefix);
  message.set(bytes, prefix.length);
  const key = await crypto.subtle.importKey(
    'raw',
    encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  // Constant time over the 32 bytes: the loop never exits early, whatever the given bytes are.
  // Parsing the given hex first leaks nothing: its timing depends only on the sender's input.
  const given = SIGNATURE.test(signature) ? signature : '';
  let diff = given ? 0 : 1;
  for (let i = 0; i < 32; i++) {
    diff |= expected[i]! ^ (Number.parseInt(given.slice(i * 2, i * 2 + 2), 16) | 0);
  }
  if (diff) return invalid('mismatch', 'FS-Signature does not match');

  const seconds = Number(timestamp);
  // Positive when the timestamp is in the future.
  const skew = seconds - nowMs / 1000;
  if (Math.abs(skew) > tolerance) {
    return invalid(
      'stale',
      `FS-Timestamp is ${Math.round(skew)} s from now, outside the ${tolerance} s window${
        seconds > 1e12 ? ' (it looks like milliseconds, not seconds)' : ''
      }`,
    );
  }
  return { valid: true, timestamp: seconds };
}

function encode(text: string) {
  return new TextEncoder().encode(text);
}

function invalid(
  reason: WebhookFailureReason,
  message: string,
  cause?: unknown,
): WebhookVerification {
  return { valid: false, reason, error: new WebhookVerificationError(reason, message, cause) };
}
