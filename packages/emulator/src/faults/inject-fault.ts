import type { FastifyReply, FastifyRequest } from 'fastify';
import { drain } from '../http/drain.js';
import { type ErrorStyle, sendJsonError, sendS3Error, sendTextError } from '../http/replies.js';
import type { RequestRecord } from '../http/request-log.js';
import type { FaultBook } from './fault-book.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until some body bytes arrived (or none will), so a reset lands mid-body. */
function bodyStarted(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    raw.once('data', done);
    raw.once('end', done);
  });
}

/**
 * Applies the first fault rule that fires for this request. Returns true when the fault
 * answered (or killed) the request, false when the route should go on (no fault, or a stall
 * that has waited). `unreadBody` is the body stream of routes that have not read it yet.
 */
export async function injectFault(
  faults: FaultBook,
  request: FastifyRequest,
  reply: FastifyReply,
  record: RequestRecord,
  style: ErrorStyle,
  unreadBody?: NodeJS.ReadableStream,
): Promise<boolean> {
  const rule = faults.match(record.route, record.part);
  if (!rule) return false;
  record.fault = rule.kind;
  switch (rule.kind) {
    case 'stall':
      await sleep(rule.ms ?? 1000);
      return false;
    case 'reset':
      reply.hijack();
      await bodyStarted(request);
      request.raw.socket.destroy();
      return true;
    case 'skew':
      await drain(unreadBody);
      sendS3Error(
        reply,
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        true,
      );
      return true;
    case 'accepted':
      await drain(unreadBody);
      reply.code(202).type('application/json').send('{}');
      return true;
    case 'rate-limit': {
      await drain(unreadBody);
      reply.header('retry-after', String(rule.retryAfter ?? 1));
      const message = 'Too Many Requests (emulated fault)';
      if (style === 's3') sendS3Error(reply, 429, 'SlowDown', message);
      else if (style === 'text') sendTextError(reply, 429, message);
      else sendJsonError(reply, 429, message);
      return true;
    }
    case 'status': {
      await drain(unreadBody);
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
  }
}
