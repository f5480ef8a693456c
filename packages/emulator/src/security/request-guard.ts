import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The page that sent this request, when a browser says it was a page the emulator does not
     * answer; routes whose GETs change state refuse it with {@link refuseForeignPage}.
     */
    foreignPage: string | null;
  }
}

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
  app.decorateRequest('foreignPage', null);
  app.addHook('onRequest', async (request, reply) => {
    const { host } = request.headers;
    if (!rules.hosts.allows(host)) {
      return refuse(
        reply,
        403,
        `fs-emulator: Host "${host}" is not one of its names (localhost, *.localhost, IP addresses, the publicUrl host); allow it with the allowedHosts option (--allowed-host)`,
      );
    }
    request.foreignPage = foreignPageOf(request, rules.origins);
    if (STATE_CHANGING.has(request.method) && request.foreignPage !== null) {
      return refuse(reply, 403, foreignPageMessage(request));
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

/**
 * The page a browser says sent `request`, when it is not one the emulator answers; `null` for an
 * allowed page and for clients outside a browser, which send neither header. A page's `fetch`
 * sends `Origin`; an `<img>` or a link sends none on a GET, but its `Referer` (the page's origin
 * by default) and `Sec-Fetch-Site` tell where it came from.
 */
function foreignPageOf(request: FastifyRequest, origins: BrowserOrigins): string | null {
  const page = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (page !== undefined) return origins.allows(page) ? null : page;
  return request.headers['sec-fetch-site'] === 'cross-site' && !origins.any
    ? '(a cross-site page)'
    : null;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function foreignPageMessage(request: FastifyRequest): string {
  return `fs-emulator: ${request.method} from the page ${request.foreignPage} refused; pages on localhost are allowed, others with the cors option (--cors)`;
}

/**
 * Refuses a GET that changes state (a CDN `store`, a `video_convert` job) when a page the
 * emulator does not answer sent it, as POST, PUT and DELETE from such pages are refused: an
 * `<img>` tag on any web site could otherwise store files.
 */
export function refuseForeignPage(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.foreignPage === null) return false;
  refuse(reply, 403, foreignPageMessage(request));
  return true;
}
