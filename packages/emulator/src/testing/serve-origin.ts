import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the origin received, body included. */
export interface OriginRequest {
  method: string;
  /** The path without the query, e.g. `/cat.jpg`. */
  path: string;
  /** The path with the query, as sent, e.g. `/cat.jpg?size=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers. */
export interface OriginAnswer {
  /** @default 200 */
  status?: number;
  headers?: Record<string, string>;
  /** `Content-Type`, unless `headers` names one. @default 'application/octet-stream' */
  type?: string;
  /** @default empty */
  body?: string | Uint8Array;
}

/**
 * A route of {@link serveOrigin}: a fixed body (200), a fixed answer, or a function of the
 * request. A function may answer late, or never (a stalled server), until `close()`.
 */
export type OriginRoute =
  | string
  | Uint8Array
  | OriginAnswer
  | ((request: OriginRequest) => OriginAnswer | Promise<OriginAnswer>);

/** A running origin. */
export interface Origin {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Every request received, in arrival order. */
  requests: OriginRequest[];
  /** Stops the server and drops open connections, stalled ones included. */
  close(): Promise<void>;
}

async function readBody(request: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function answerOf(route: OriginRoute, request: OriginRequest): Promise<OriginAnswer> {
  if (typeof route === 'function') return route(request);
  if (typeof route === 'string' || route instanceof Uint8Array) return { body: route };
  return route;
}

/**
 * Serves `routes` (keyed by path, e.g. `'/cat.jpg'`) on a free loopback port: the external
 * server of tests that make the emulator fetch a URL (store from URL, `url=` overwrites, CDN
 * external sources) or that receive its webhooks. Other paths answer 404. A route that throws
 * answers 500 with the error's message.
 *
 * @example
 * ```ts
 * const origin = await serveOrigin({ '/cat.jpg': { body: jpegBytes, type: 'image/jpeg' } });
 * // ... make the emulator fetch `${origin.url}/cat.jpg`, then:
 * origin.requests.map((r) => r.path); // ['/cat.jpg']
 * await origin.close();
 * ```
 */
export async function serveOrigin(routes: Record<string, OriginRoute>): Promise<Origin> {
  const requests: OriginRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const url = incoming.url ?? '/';
    const request: OriginRequest = {
      method: incoming.method ?? 'GET',
      path: url.split('?')[0]!,
      url,
      headers: incoming.headers,
      body: await readBody(incoming),
    };
    requests.push(request);
    const route = Object.hasOwn(routes, request.path) ? routes[request.path] : undefined;
    let answer: OriginAnswer;
    try {
      answer = route
        ? await answerOf(route, request)
        : { status: 404, type: 'text/plain', body: 'not found' };
    } catch (error) {
      answer = { status: 500, type: 'text/plain', body: String((error as Error).message) };
    }
    const body = answer.body ?? '';
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const headers: Record<string, string> = {
      'content-type': answer.type ?? 'application/octet-stream',
      'content-length': String(bytes.length),
    };
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    response.writeHead(answer.status ?? 200, headers);
    response.end(bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
