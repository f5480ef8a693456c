import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerLinkConditions } from '../faults/link-conditions.js';
import { type RequestGuardRules, registerRequestGuard } from '../security/request-guard.js';
import { registerCors } from './cors.js';

/**
 * The Fastify instance every route is registered on: requests a browser page must not make are
 * refused first, request bodies are handed to the routes as streams, CORS is answered, and each
 * counted request's log entry gets the status answered.
 */
export function createHttpServer(guard: RequestGuardRules): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Routes are declared with their HEAD twins where HEAD makes sense.
    exposeHeadRoutes: false,
    // CDN paths carry whole task chains and URLs.
    routerOptions: { maxParamLength: 64 * 1024 },
    // close() must not wait for stalled or keep-alive connections.
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.decorateRequest('emuRecord', null);
  // Part bytes and overwrites go straight to disk; API routes read their few fields themselves
  // (JSON, form-data or urlencoded).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  registerRequestGuard(app, guard);
  registerCors(app, guard.origins);
  // Latency and throttle faults act on answers, once the route has made them.
  registerLinkConditions(app);
  // An answer sent before the body was read (too large, refused early) closes the connection:
  // the unread rest would otherwise stall the next request on a keep-alive connection.
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.header('connection', 'close');
  });
  // A failure nobody expected answers 500 without its message, which may name files on disk.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.statusCode !== undefined && error.statusCode < 500) return reply.send(error);
    const code = typeof error.code === 'string' ? ` (${error.code})` : '';
    return reply.code(500).type('text/plain; charset=utf-8').send(`emulator error${code}`);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.emuRecord) request.emuRecord.status = reply.statusCode;
  });
  return app;
}
