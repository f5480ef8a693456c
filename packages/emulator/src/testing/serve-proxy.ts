import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, connect, isIP, type Socket } from 'node:net';

/** A request a proxy carried: a CONNECT tunnel, or a request in absolute form. */
export interface ProxyRequest {
  /** `connect` for a tunnel (what HTTPS goes through), `forward` for a plain-HTTP request. */
  kind: 'connect' | 'forward';
  /** `CONNECT` for a tunnel, else the forwarded request's method. */
  method: string;
  /** `host:port` of a tunnel, or the absolute URL of a forwarded request. */
  target: string;
  headers: IncomingHttpHeaders;
}

/** Options of {@link serveProxy}. */
export interface ServeProxyOptions {
  /**
   * The `Proxy-Authorization` value the proxy requires (e.g. `Basic dXNlcjpwYXNz`); requests
   * without it are answered 407.
   * @default undefined (none required)
   */
  authorization?: string;
}

/** A running proxy. */
export interface Proxy {
  /** `http://127.0.0.1:PORT`: the value for HTTPS_PROXY or HTTP_PROXY. */
  url: string;
  /** What it carried (and what it refused), in arrival order. */
  requests: ProxyRequest[];
  /** Stops the proxy and closes its tunnels and connections. */
  close(): Promise<void>;
}

/** Loopback only: a test proxy never opens a connection off this machine. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

/**
 * A forward proxy on a free loopback port, as a corporate proxy behaves: it opens CONNECT
 * tunnels and forwards requests written in absolute form (`PUT http://host/path`), to loopback
 * targets only (others are answered 403), and records each one. Use it to prove that requests
 * follow HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
 *
 * @example
 * ```ts
 * const proxy = await serveProxy();
 * process.env.HTTP_PROXY = proxy.url;
 * // ... run the code under test, then:
 * proxy.requests.map((r) => `${r.method} ${r.target}`); // ['CONNECT 127.0.0.1:4000', ...]
 * await proxy.close();
 * ```
 */
export async function serveProxy(options: ServeProxyOptions = {}): Promise<Proxy> {
  const requests: ProxyRequest[] = [];
  const sockets = new Set<Socket>();
  const allowed = (headers: IncomingHttpHeaders) =>
    options.authorization === undefined || headers['proxy-authorization'] === options.authorization;

  const server = createServer((incoming, response) => {
    const target = incoming.url ?? '';
    requests.push({
      kind: 'forward',
      method: incoming.method ?? 'GET',
      target,
      headers: incoming.headers,
    });
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      // Not absolute form: answered below.
    }
    if (!allowed(incoming.headers)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"' }).end();
      return;
    }
    if (url?.protocol !== 'http:' || !isLoopback(url.hostname)) {
      response.writeHead(403).end('this test proxy forwards http:// requests to loopback only');
      return;
    }
    const headers = { ...incoming.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(url, { method: incoming.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    incoming.pipe(upstream);
  });

  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    const target = incoming.url ?? '';
    requests.push({ kind: 'connect', method: 'CONNECT', target, headers: incoming.headers });
    const refuse = (status: string, extra = '') => {
      client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\n\r\n`);
    };
    if (!allowed(incoming.headers)) {
      refuse(
        '407 Proxy Authentication Required',
        'Proxy-Authenticate: Basic realm="test proxy"\r\n',
      );
      return;
    }
    const at = target.lastIndexOf(':');
    const host = target.slice(0, at);
    const port = Number(target.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || !isLoopback(host)) {
      refuse('403 Forbidden');
      return;
    }
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
