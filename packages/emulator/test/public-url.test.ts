import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { md5Base64 } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { echo, postJson, type StartAnswer, testBytes } from './helpers.js';

/* `publicUrl`: the origin the emulator writes into its answers, so a proxy can sit in front. */

/** A forwarding proxy on loopback; it learns its target later, as the emulator needs its URL first. */
async function proxy() {
  let target = '';
  const paths: string[] = [];
  const server = createServer((incoming, outgoing) => {
    paths.push(`${incoming.method} ${incoming.url?.split('?')[0]}`);
    const forwarded = httpRequest(
      `${target}${incoming.url}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    forwardTo: (url: string) => {
      target = url;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('publicUrl', () => {
  let front: Awaited<ReturnType<typeof proxy>>;
  let emu: Emulator;
  beforeAll(async () => {
    front = await proxy();
    // A trailing slash is dropped: the public origin is what answers hold.
    emu = await startEmulator({ publicUrl: `${front.url}/` });
    front.forwardTo(emu.url);
  });
  afterAll(async () => {
    await emu.close();
    await front.close();
  });

  it('is written into location_url, part URLs, file URLs and emu.urls; url stays where it listens', async () => {
    expect(emu.url).not.toBe(front.url);
    expect(emu.urls).toEqual({
      upload: front.url,
      cdn: front.url,
      api: `${front.url}/api`,
      process: front.url,
    });
    const bytes = testBytes(3000, 9);
    // Only the first call goes to the emulator directly; the answers lead the rest through the proxy.
    const started = await postJson<StartAnswer>(`${emu.url}/multipart/start`, {
      apikey: emu.apikey,
      filename: 'proxied.bin',
      mimetype: 'application/octet-stream',
      size: bytes.length,
      store: { location: 's3' },
    });
    const start = started.body;
    expect(start.location_url).toBe(front.url);
    const part = await postJson<{
      url: string;
      headers: Record<string, string>;
      location_url: string;
    }>(`${start.location_url}/multipart/upload`, {
      ...echo(emu, start),
      part: 1,
      size: bytes.length,
      md5: md5Base64(bytes),
    });
    expect(part.body.location_url).toBe(front.url);
    expect(part.body.url.startsWith(`${front.url}/s3/parts/`)).toBe(true);
    const put = await fetch(part.body.url, {
      method: 'PUT',
      headers: part.body.headers,
      body: new Uint8Array(bytes),
    });
    expect(put.status).toBe(200);
    const done = await postJson(`${start.location_url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'proxied.bin',
      mimetype: 'application/octet-stream',
      size: bytes.length,
      parts: [{ part_number: 1, etag: put.headers.get('etag') }],
    });
    expect(done.status).toBe(200);
    expect(done.body.url).toBe(`${front.url}/${done.body.handle}`);
    const download = await fetch(done.body.url as string);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    expect(front.paths).toEqual([
      'POST /multipart/upload',
      `PUT ${new URL(part.body.url).pathname}`,
      'POST /multipart/complete',
      `GET /${done.body.handle}`,
    ]);
  });

  it('must be an http(s) origin, without a path, query or credentials', async () => {
    for (const publicUrl of [
      'localhost:8080',
      'ftp://127.0.0.1:21',
      'http://127.0.0.1:8080/prefix',
      'http://127.0.0.1:8080?x=1',
      'http://user:pw@127.0.0.1:8080',
      '',
    ]) {
      await expect(startEmulator({ publicUrl }), publicUrl).rejects.toThrow(
        /publicUrl: got .*; expected an http\(s\) origin/,
      );
    }
  });
});
