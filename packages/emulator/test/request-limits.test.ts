import { Agent, request as httpRequest } from 'node:http';
import { md5Base64 } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../src/testing/index.js';
import { asBody, echo, hooks, postJson, putPart, startUpload, testBytes } from './helpers.js';

const emu = useEmulator({ hooks });

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over `agent`, writing `chunks` one after another (awaiting each function). */
function send(
  url: string,
  init: { method: string; headers?: Record<string, string | number>; agent?: Agent },
  chunks: (Uint8Array | (() => Promise<void>))[],
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, init, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (text: string) => {
        body += text;
      });
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }),
      );
    });
    outgoing.on('error', reject);
    void (async () => {
      for (const chunk of chunks) {
        if (typeof chunk === 'function') await chunk();
        else outgoing.write(chunk);
      }
      outgoing.end();
    })();
  });
}

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms),
    ),
  ]);

describe('request bodies', () => {
  it('close the connection after an oversized body is refused, so the next request is answered at once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `${emu.urls.upload}/multipart/start`;
      const headers = { 'content-type': 'application/json' };
      const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
      const refused = await send(url, { method: 'POST', headers, agent }, [big]);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/larger than 10485760 bytes/);
      const next = await within(
        5000,
        send(url, { method: 'POST', headers, agent }, [Buffer.from('{}')]),
      );
      expect(next.status).toBe(400);
      expect(next.body).toMatch(/apikey is missing/);
    } finally {
      agent.destroy();
    }
  }, 15_000);

  it('may not pass 10 MiB in all as a form, file parts included', async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      apikey: emu.apikey,
      filename: 'f.bin',
      size: '5',
    })) {
      form.append(name, value);
    }
    form.append('files', new Blob([new Uint8Array(11 * 1024 * 1024)]), 'padding.bin');
    const answer = await fetch(`${emu.urls.upload}/multipart/start`, {
      method: 'POST',
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error: 'request body larger than 10485760 bytes',
    });
  });

  it('may not have more than 1000 fields as a form', async () => {
    const form = new FormData();
    form.append('apikey', emu.apikey);
    form.append('filename', 'f.bin');
    form.append('size', '5');
    for (let i = 0; i < 2000; i++) form.append(`extra${i}`, 'x');
    const answer = await fetch(`${emu.urls.upload}/multipart/start`, {
      method: 'POST',
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'form body with more than 1000 fields' });
  });
});

describe('a part PUT', () => {
  async function partUrl(size: number, part = 1, start?: Awaited<ReturnType<typeof startUpload>>) {
    const started = start ?? (await startUpload(emu, 10));
    const upload = await postJson<{ url: string; headers: Record<string, string> }>(
      `${emu.urls.upload}/multipart/upload`,
      { ...echo(emu, started.body), part, size },
    );
    return { start: started, url: upload.body.url };
  }

  it('must carry the number of bytes announced to /multipart/upload', async () => {
    const more = await partUrl(5);
    const fewer = await partUrl(5);
    const answers = [
      await fetch(more.url, { method: 'PUT', body: asBody(testBytes(7)) }),
      await fetch(fewer.url, { method: 'PUT', body: asBody(testBytes(3)) }),
    ];
    const codes = await Promise.all(
      answers.map(async (a) => [a.status, /<Code>(\w+)<\/Code>/.exec(await a.text())?.[1]]),
    );
    expect(codes).toEqual([
      [400, 'EntityTooLarge'],
      [400, 'IncompleteBody'],
    ]);
  });

  it('racing complete answers NoSuchUpload, naming no file on disk', async () => {
    const first = testBytes(5, 1);
    const second = testBytes(5, 2);
    const start = await startUpload(emu, 10);
    const parts = [
      { part_number: 1, etag: (await putPart(emu, start.body, 1, first)).etag },
      { part_number: 2, etag: (await putPart(emu, start.body, 2, second)).etag },
    ];
    const late = await partUrl(5, 3, start);
    const bytes = testBytes(5, 3);
    let completed = 0;
    const put = send(
      late.url,
      { method: 'PUT', headers: { 'content-length': 5, 'content-md5': md5Base64(bytes) } },
      [
        bytes.subarray(0, 2),
        async () => {
          const complete = await postJson(`${emu.urls.upload}/multipart/complete`, {
            ...echo(emu, start.body),
            filename: 'f.bin',
            mimetype: 'application/octet-stream',
            size: 10,
            parts,
          });
          completed = complete.status;
        },
        bytes.subarray(2),
      ],
    );
    const answer = await put;
    expect(completed).toBe(200);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatch(/<Code>NoSuchUpload<\/Code>/);
    expect(answer.body).not.toContain(emu.dataDir);
  });
});
