import type { FastifyReply } from 'fastify';
import { correlationId } from '../ids.js';

/** Which body shape a route's errors take (docs/protocol.md#errors). */
export type ErrorStyle = 'json' | 'text' | 's3';

/** An error a route answers with; thrown from deep inside and turned into a reply once. */
export class ReplyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** S3 error code, for the part PUT route. */
    readonly code?: string,
    /** Extra JSON fields (upload API), e.g. `detail`. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * Upload API error: JSON with `error` plus the `c` (correlation), `i` (instance) and `t`
 * (unix seconds) fields of real answers, e.g. `{"error":"Invalid App policy","c":..,"i":..,"t":..}`.
 */
export function sendJsonError(
  reply: FastifyReply,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(
      JSON.stringify({
        error: message,
        ...extra,
        c: correlationId(),
        i: 'UPL-emulator-1',
        t: Math.floor(Date.now() / 1000),
      }),
    );
}

/** CDN and file API error: plain text. */
export function sendTextError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('text/plain; charset=utf-8').send(message);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * S3-style XML error of the part PUT route. `lowerCaseCode` adds a `<code>` element beside
 * `<Code>`: filestack-js only recognises `RequestTimeTooSkewed` under the lower-case name
 * (docs/protocol.md#part-put), so the skew fault carries both.
 */
export function sendS3Error(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  lowerCaseCode = false,
) {
  const lower = lowerCaseCode ? `<code>${code}</code>` : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>${lower}<Message>${escapeXml(message)}</Message><RequestId>${correlationId()}</RequestId></Error>`;
  return reply.code(status).type('application/xml').send(xml);
}

/** Answers `error` in the shape of `style`. */
export function sendError(reply: FastifyReply, style: ErrorStyle, error: ReplyError) {
  if (style === 's3') return sendS3Error(reply, error.status, error.code ?? 'Error', error.message);
  if (style === 'text') return sendTextError(reply, error.status, error.message);
  return sendJsonError(reply, error.status, error.message, error.extra);
}

/** Runs a route body, turning a thrown ReplyError into the route's error shape. */
export async function answer(
  reply: FastifyReply,
  style: ErrorStyle,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ReplyError) return sendError(reply, style, error);
    throw error;
  }
}
