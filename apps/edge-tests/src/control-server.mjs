// The Node side of the remote emulator (src/emulator-shim.ts): starts and closes real emulators
// for test files running in another runtime. Loopback only.
import { createServer } from 'node:http';
import { startEmulator } from '@fs/emulator';

/** @returns {Promise<{ url: string, close(): Promise<void> }>} */
export async function startControlServer() {
  /** @type {Map<string, import('@fs/emulator').Emulator>} */
  const running = new Map();
  let next = 0;
  const server = createServer(async (request, response) => {
    const answer = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    try {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.method === 'POST' && request.url === '/start') {
        const options = body ? JSON.parse(body) : {};
        const emu = await startEmulator({ ...options, port: 0, host: '127.0.0.1' });
        const id = String(++next);
        running.set(id, emu);
        return answer(200, {
          id,
          url: emu.url,
          urls: emu.urls,
          apikey: emu.apikey,
          secret: emu.secret,
        });
      }
      const close = request.url?.match(/^\/close\/(\d+)$/);
      if (request.method === 'POST' && close) {
        const emu = running.get(close[1]);
        running.delete(close[1]);
        await emu?.close();
        return answer(200);
      }
      answer(404, { error: `no route ${request.method} ${request.url}` });
    } catch (error) {
      answer(500, { error: String(error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await Promise.allSettled([...running.values()].map((emu) => emu.close()));
      running.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
