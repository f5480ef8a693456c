import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BrowserOrigins } from './browser-origins.js';
import type { HostNames } from './host-names.js';

/** What the guard checks every request against. */
export interface RequestGuardRules {
  hosts: HostNames;
  origins: BrowserOrigins;
  /** Whether the `Authorization` header opens the control routes. */
  controlAllowed(authorization: string | undefined): boolean;
  /** The path prefix of the control routes. */
  controlPrefix: string;
}

/** Methods that change state; a browser may send them cross-site without a preflight. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(message);
}

/**
 * Refuses, before any route runs, what a web page open in the developer's browser could send a
 * server on this machine: a request for another name (DNS rebinding), a state-changing request
 * from a page that is not allowed (a `text/plain` POST needs no preflight), and control requests
 * without the token when a secret is set. Clients outside a browser (the SDKs, curl) send no
 * `Origin` and pass.
 */
export function registerRequestGuard(app: FastifyInstance, rules: RequestGuardRules): void {
  app.addHook('onRequest', async (request, reply) => {
    const { host, origin } = request.headers;
    if (!rules.hosts.allows(host)) {
      return refuse(
        reply,
        403,
        `fs-emulator: Host "${host}" is not one of its names (localhost, *.localhost, IP addresses, the publicUrl host); allow it with the allowedHosts option (--allowed-host)`,
      );
    }
    if (STATE_CHANGING.has(request.method)) {
      const foreign =
        origin !== undefined
          ? !rules.origins.allows(origin)
          : request.headers['sec-fetch-site'] === 'cross-site' && !rules.origins.any;
      if (foreign) {
        return refuse(
          reply,
          403,
          `fs-emulator: ${request.method} from the page ${origin ?? '(a cross-site page)'} refused; pages on localhost are allowed, others with the cors option (--cors)`,
        );
      }
    }
    const path = request.url.split('?')[0]!;
    if (
      (path === rules.controlPrefix || path.startsWith(`${rules.controlPrefix}/`)) &&
      !rules.controlAllowed(request.headers.authorization)
    ) {
      reply.header('www-authenticate', 'Bearer realm="fs-emulator"');
      return refuse(
        reply,
        401,
        'fs-emulator: the control routes need the app secret: Authorization: Bearer <secret>',
      );
    }
  });
}
