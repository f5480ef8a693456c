import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';

/** A loopback HTTP server that serves one file at `/<name>`: the external URL of a step. */
export async function serveFile(
  path: string,
  type: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const name = basename(path);
  const { size } = await stat(path);
  const server = createServer((request, response) => {
    if (request.url !== `/${name}`) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': type, 'content-length': size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
