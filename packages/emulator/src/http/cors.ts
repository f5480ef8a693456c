import type { FastifyInstance } from 'fastify';
import type { BrowserOrigins } from '../security/browser-origins.js';

/**
 * Headers a browser upload asks to send (docs/protocol.md#request-headers), allowed when a
 * preflight names none.
 */
const ALLOWED_HEADERS = [
  'content-type',
  'content-md5',
  'filestack-source',
  'filestack-trace-id',
  'filestack-trace-span',
  'filestack-upload-region',
  'x-amz-content-sha256',
  'authorization',
  'range',
  'if-none-match',
].join(', ');

/** Response headers a browser client reads (the part ETag above all). */
const EXPOSED_HEADERS = [
  'ETag',
  'Content-Length',
  'Content-Range',
  'Content-Disposition',
  'Accept-Ranges',
  'X-File-Name',
  'Retry-After',
  'X-Fs-Emulator-Unapplied',
].join(', ');

/**
 * CORS for browser clients: a page whose origin is allowed (see `BrowserOrigins`) may read every
 * answer, and its preflights answer 204; other pages get no CORS headers (the browser keeps the
 * answer from them) and a 403 to their preflights.
 */
export function registerCors(app: FastifyInstance, origins: BrowserOrigins): void {
  app.addHook('onRequest', async (request, reply) => {
    const { origin } = request.headers;
    reply.header('vary', 'Origin');
    const allowed = origin !== undefined && origins.allows(origin);
    if (allowed) {
      reply.header('access-control-allow-origin', origins.any ? '*' : origin);
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    if (request.method !== 'OPTIONS') return;
    if (origin !== undefined && !allowed) {
      reply.code(403).type('text/plain; charset=utf-8').send('fs-emulator: origin not allowed');
      return reply;
    }
    reply
      .header('access-control-allow-methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS')
      .header(
        'access-control-allow-headers',
        request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
      )
      .header('access-control-max-age', '600')
      .code(204)
      .send();
    return reply;
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());
}
