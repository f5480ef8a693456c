import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook as it arrived: the raw body (what the signature covers) and the headers. */
export interface ReceivedWebhook {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

/** A loopback endpoint that records every POST and answers 204. */
export async function receiveWebhooks(): Promise<{
  url: string;
  /** Resolves with the first webhook `match` accepts, or rejects after `ms`. */
  next(match: (hook: ReceivedWebhook) => boolean, ms: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const waiting = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: request.headers });
      response.writeHead(204).end();
      for (const wake of waiting) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/filestack`,
    next(match, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hook = received.find(match);
          if (!hook) return;
          waiting.delete(check);
          clearTimeout(timer);
          resolve(hook);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no matching webhook arrived within ${ms} ms`));
        }, ms);
        waiting.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
