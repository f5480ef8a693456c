import { NetworkError, readBytes } from '@fs/core';
import { bodyAlreadyRead, bodyTooLarge, maxBodyBytes } from './body-limit.js';
import { parseWebhook } from './parse-webhook.js';
import type { VerifyWebhookOptions } from './verify-signature.js';
import type { WebhookEvent } from './webhook-event.js';
import type { HeaderGetter } from './webhook-headers.js';

/** Options of the request adapters. */
export interface WebhookRequestOptions extends VerifyWebhookOptions {
  /**
   * Refuse bodies larger than this many bytes.
   * @default 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
}

/** The parts of a web-standard `Request` the adapter uses. */
export interface WebhookRequest {
  readonly headers: HeaderGetter;
  readonly bodyUsed: boolean;
  /** Read as it arrives, and no further than `maxBodyBytes`, when there is one. */
  readonly body?: ReadableStream<Uint8Array> | null;
  /** Reads the whole body at once, where there is no `body` stream. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Reads the raw body of a web-standard `Request` once, verifies it and returns the typed event:
 * for Hono (`c.req.raw`), Next.js route handlers, Cloudflare Workers, Deno and Bun.
 *
 * Rejects like {@link parseWebhook}, and with a `ValidationError` when the body was read before
 * (call it first, or pass `request.clone()`).
 *
 * @example
 * export async function POST(request: Request) {
 *   const event = await parseWebhookRequest(process.env.FILESTACK_WEBHOOK_SECRET!, request);
 *   return new Response(null, { status: 204 });
 * }
 */
export async function parseWebhookRequest(
  secret: string,
  request: WebhookRequest,
  options: WebhookRequestOptions = {},
): Promise<WebhookEvent> {
  const limit = maxBodyBytes(options.maxBodyBytes);
  const howToKeepIt =
    'Call parseWebhookRequest before anything reads the body (request.json(), c.req.json()), or pass request.clone().';
  if (request.bodyUsed) throw bodyAlreadyRead(howToKeepIt);
  if (Number(request.headers.get('content-length')) > limit) throw bodyTooLarge(limit);
  let body: Uint8Array;
  try {
    // One byte past the limit is enough to refuse: a chunked body without Content-Length is
    // never read further (the rest is cancelled).
    body =
      request.body === undefined
        ? new Uint8Array(await request.arrayBuffer())
        : await readBytes(request.body, limit + 1);
  } catch (cause) {
    // A locked or disturbed stream is a TypeError; anything else is the connection failing.
    if (cause instanceof TypeError) throw Object.assign(bodyAlreadyRead(howToKeepIt), { cause });
    throw new NetworkError('The webhook body could not be read', cause);
  }
  if (body.byteLength > limit) throw bodyTooLarge(limit);
  return parseWebhook(secret, body, request.headers, options);
}
