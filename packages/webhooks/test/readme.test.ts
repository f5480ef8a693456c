import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@fs/emulator';
import { runReadmeExample } from '@fs/test-kit';
import { upload } from '@fs/upload';
import { afterEach, expect, it, vi } from 'vitest';
import { sign } from './sign.js';

/*
 * The README's Express example, run as written (imports pointed at this package's sources and
 * the installed express): @fs/emulator delivers a real signed fp.upload to it, and a forged
 * delivery is refused with the reason.
 */

const SECRET = 'readme-webhook-secret';

let emu: Emulator | undefined;
const servers: Server[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await emu?.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it('runs the README Express example as written and it verifies a real delivery', async () => {
  // The example does not keep its server; note it on listen, to learn its port and close it.
  const listen = Server.prototype.listen;
  vi.spyOn(Server.prototype, 'listen').mockImplementation(function (
    this: Server,
    ...args: unknown[]
  ) {
    servers.push(this);
    return Reflect.apply(listen, this, args) as Server;
  });
  const { lines } = await runReadmeExample(new URL('../README.md', import.meta.url), {
    file: 'server.mjs',
    imports: {
      '@fs/webhooks': new URL('../src/index.ts', import.meta.url),
      express: import.meta.resolve('express'),
    },
    env: { FILESTACK_WEBHOOK_SECRET: SECRET, PORT: '0' },
  });
  expect(servers).toHaveLength(1);
  const server = servers[0]!;
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/filestack`;

  emu = await startEmulator({ webhooks: { urls: [endpoint], secret: SECRET } });
  const stored = await upload(new TextEncoder().encode('hello webhooks'), {
    apikey: emu.apikey,
    urls: emu.urls,
    store: { filename: 'readme.txt', mimetype: 'text/plain' },
  });
  await emu.webhooks.settled();
  expect(lines).toEqual([`stored ${stored.url}`]);
  const [delivery] = emu.webhooks.deliveries();
  expect(delivery).toMatchObject({ action: 'fp.upload', outcome: 'delivered' });
  expect(delivery!.attempts.map((attempt) => attempt.status)).toEqual([204]);

  // Signed with another secret: the example answers 401 with the reason.
  const body = delivery!.body;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const forged = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'fs-timestamp': timestamp,
      'fs-signature': sign('not-the-secret', timestamp, body),
    },
    body,
  });
  expect(forged.status).toBe(401);
  expect(await forged.text()).toBe('mismatch');
  expect(lines).toHaveLength(1);
}, 30_000); // loading the example transforms the sources first: slow on a busy CI machine
