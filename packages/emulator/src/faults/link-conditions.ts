import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultRule } from './fault-rule.js';
import { throttled } from './throttle.js';

/** How the answer to a request travels, set by the link rules that fired on it. */
export interface LinkConditions {
  /** Milliseconds to wait before the answer is sent. */
  latencyMs: number;
  /** The answer body's rate, when throttled. */
  bytesPerSecond?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The link conditions of this request's answer, when a link fault fired on it. */
    emuLink: LinkConditions | null;
  }
}

/**
 * Applies the link rules that fired on a request: waits out the stalls, slows the request body
 * down to the lowest throttle (the route then reads `request.body` at that rate), and notes the
 * latency and throttle of the answer for the `onSend` hook.
 */
export async function applyLinkRules(request: FastifyRequest, rules: FaultRule[]): Promise<void> {
  const total = (kind: FaultRule['kind']) =>
    rules.filter((r) => r.kind === kind).reduce((sum, r) => sum + (r.ms ?? 1000), 0);
  const rates = rules.flatMap((r) => (r.kind === 'throttle' ? [r.bytesPerSecond!] : []));
  const bytesPerSecond = rates.length > 0 ? Math.min(...rates) : undefined;
  request.emuLink = { latencyMs: total('latency'), bytesPerSecond };
  const stall = total('stall');
  if (stall > 0) await sleep(stall);
  const body = request.body as NodeJS.ReadableStream | undefined;
  if (bytesPerSecond !== undefined && body && !(body as Readable).readableEnded) {
    request.body = throttled(body as AsyncIterable<Uint8Array>, bytesPerSecond);
  }
}

/** Delays and throttles the answers of requests that a latency or throttle rule fired on. */
export function registerLinkConditions(app: FastifyInstance): void {
  app.decorateRequest('emuLink', null);
  app.addHook('onSend', async (request, reply, payload) => {
    const link = request.emuLink;
    if (!link) return payload;
    if (link.latencyMs > 0) await sleep(link.latencyMs);
    const rate = link.bytesPerSecond;
    if (rate === undefined || payload === null || payload === undefined) return payload;
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
      const bytes = Buffer.from(payload);
      if (bytes.length === 0) return payload;
      reply.header('content-length', String(bytes.length));
      return throttled([bytes], rate);
    }
    return throttled(payload as Readable, rate);
  });
}
