import { NetworkError } from '@fs/core';
import { bodyAlreadyRead, bodyTooLarge, maxBodyBytes } from './body-limit.js';
import { parseWebhook } from './parse-webhook.js';
import type { WebhookRequestOptions } from './request-adapter.js';
import type { WebhookEvent } from './webhook-event.js';
import type { HeaderRecord } from './webhook-headers.js';

/**
 * The parts of Node's `IncomingMessage` (or an Express request) the adapter uses, typed
 * structurally so that no Node types are needed to compile against this package.
 */
export interface NodeWebhookRequest {
  readonly headers: HeaderRecord;
  /** Set by body parsers: bytes from `express.raw()` are used as the raw body. */
  readonly body?: unknown;
  /** The raw bytes kept by Firebase/Cloud Functions or an `express.json({ verify })` hook. */
  readonly rawBody?: unknown;
  readonly readableEnded?: boolean;
  readonly readableDidRead?: boolean;
  /** Receives the body's chunks. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Hears that the body is complete. */
  on(event: 'end', listener: () => void): unknown;
  /** Hears that reading the body failed. */
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const HOW_TO_KEEP_IT =
  "Mount express.raw({ type: 'application/json' }) on the webhook route instead of express.json(), or keep the bytes with express.json({ verify: (req, _res, buf) => { req.rawBody = buf; } }).";

/**
 * Reads the raw body of a Node request once, verifies it and returns the typed event: for
 * `node:http`, Express and Cloud Functions.
 *
 * Uses `req.rawBody` or a `Buffer` in `req.body` when a body parser already kept the bytes;
 * otherwise reads the stream. Rejects like {@link parseWebhook}, and with a `ValidationError`
 * when a parser consumed the body without keeping its bytes (e.g. `express.json()`).
 *
 * @example
 * app.post('/webhooks/filestack', async (req, res) => {
 *   const event = await parseNodeWebhook(process.env.FILESTACK_WEBHOOK_SECRET!, req);
 *   res.sendStatus(204);
 * });
 */
export async function parseNodeWebhook(
  secret: string,
  req: NodeWebhookRequest,
  options: WebhookRequestOptions = {},
): Promise<WebhookEvent> {
  const limit = maxBodyBytes(options.maxBodyBytes);
  const kept = [req.rawBody, req.body].find(
    (value) => typeof value === 'string' || value instanceof Uint8Array,
  ) as string | Uint8Array | undefined;
  let body: string | Uint8Array;
  if (kept !== undefined) {
    body = kept;
  } else if (req.readableDidRead || req.readableEnded) {
    throw bodyAlreadyRead(
      typeof req.body === 'object' && req.body !== null
        ? `req.body holds parsed JSON. ${HOW_TO_KEEP_IT}`
        : HOW_TO_KEEP_IT,
    );
  } else {
    body = await readStream(req, limit);
  }
  if ((typeof body === 'string' ? body.length : body.byteLength) > limit) throw bodyTooLarge(limit);
  return parseWebhook(secret, body, req.headers, options);
}

function readStream(req: NodeWebhookRequest, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    req.on('data', (chunk) => {
      if (settled) return; // keep draining so the caller can still answer 413
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > limit) fail(bodyTooLarge(limit));
      else chunks.push(bytes);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const body = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
      resolve(body);
    });
    req.on('error', (error) => {
      if (!settled)
        fail(new NetworkError('The webhook request failed before its body was read', error));
    });
  });
}
