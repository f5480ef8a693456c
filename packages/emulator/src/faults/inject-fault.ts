import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { drain } from '../http/drain.js';
import { type ErrorStyle, sendJsonError, sendS3Error, sendTextError } from '../http/replies.js';
import type { RequestRecord } from '../http/request-log.js';
import type { FaultBook } from './fault-book.js';
import type { FaultRule } from './fault-rule.js';
import { applyLinkRules } from './link-conditions.js';

/** How long a reset without `afterBytes` waits for the body to start, so it lands mid-body. */
const BODY_START_WAIT_MS = 50;

/**
 * Reads and discards `body` until `limit` bytes came (or it ended); without a limit, until its
 * first bytes came or a moment passed. Resolves with the bytes read.
 */
async function readUntil(body: Readable, limit: number | undefined): Promise<number> {
  let read = 0;
  const timer =
    limit === undefined ? setTimeout(() => body.destroy(), BODY_START_WAIT_MS) : undefined;
  try {
    for await (const chunk of body) {
      read += (chunk as Uint8Array).length;
      if (limit === undefined || read >= limit) break;
    }
  } catch {
    // destroyed by the timer, or by the client: the reset goes ahead either way
  } finally {
    clearTimeout(timer);
  }
  return read;
}

/** Answers the outcome fault `rule` in the route's error shape; false when the route goes on. */
async function applyOutcome(
  rule: FaultRule,
  request: FastifyRequest,
  reply: FastifyReply,
  record: RequestRecord,
  style: ErrorStyle,
): Promise<boolean> {
  const body = request.body as NodeJS.ReadableStream | undefined;
  switch (rule.kind) {
    case 'reset': {
      reply.hijack();
      // Taken first: reading the body to its end or destroying it detaches the socket.
      const { socket } = request.raw;
      const unread = body as Readable | undefined;
      // Routes that stream their body (part PUTs, overwrites) have not read it yet.
      if (unread && !unread.readableEnded && !unread.destroyed) {
        record.received = await readUntil(unread, rule.afterBytes);
      }
      socket.destroy();
      return true;
    }
    case 'skew':
      await drain(body);
      sendS3Error(
        reply,
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        true,
      );
      return true;
    case 'accepted':
      await drain(body);
      reply.code(202).type('application/json').send('{}');
      return true;
    case 'rate-limit': {
      await drain(body);
      reply.header('retry-after', String(rule.retryAfter ?? 1));
      const message = 'Too Many Requests (emulated fault)';
      if (style === 's3') sendS3Error(reply, 429, 'SlowDown', message);
      else if (style === 'text') sendTextError(reply, 429, message);
      else sendJsonError(reply, 429, message);
      return true;
    }
    case 'status': {
      await drain(body);
      const status = rule.status ?? 503;
      const message = `emulated fault: HTTP ${status}`;
      if (style === 's3') {
        sendS3Error(
          reply,
          status,
          status === 503 ? 'ServiceUnavailable' : 'InternalError',
          message,
        );
      } else if (style === 'text') sendTextError(reply, status, message);
      else sendJsonError(reply, status, message);
      return true;
    }
    default:
      // `no-etag`: the part PUT route stores the bytes and leaves the header out.
      return false;
  }
}

/**
 * Applies the fault rules that fire for this request: first the link rules (stalls, the
 * throttle of `request.body` and of the answer, latency), then the outcome rule. Returns true
 * when a fault answered (or killed) the request, false when the route goes on, reading
 * `request.body` (possibly throttled) as usual.
 */
export async function injectFault(
  faults: FaultBook,
  request: FastifyRequest,
  reply: FastifyReply,
  record: RequestRecord,
  style: ErrorStyle,
): Promise<boolean> {
  const { outcome, link } = faults.match(record.route, record.part);
  const named = outcome ?? link[0];
  if (!named) return false;
  record.fault = named.kind;
  if (link.length > 0) await applyLinkRules(request, link);
  return outcome ? applyOutcome(outcome, request, reply, record, style) : false;
}
