import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTransport, type PartTransport, upload } from '../src/index.node.js';
import { type Emulator, optionsFor, PART } from './helpers.js';

/** A request as it reached the proxy: header names as sent, in order, duplicates kept. */
interface Arrival {
  method: string;
  path: string;
  rawHeaders: string[];
}

/**
 * A loopback proxy in front of the emulator's upload API. It records every request as it arrives
 * on the socket, and points the upload host `/multipart/start` names and the part URLs
 * `/multipart/upload` answers at itself, so the part PUTs come through it too; it remembers the
 * headers each answer told the client to send.
 */
async function startWireProxy(emu: Emulator) {
  const arrivals: Arrival[] = [];
  const toldHeaders = new Map<string, Record<string, string>>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    arrivals.push({ method, path, rawHeaders: req.rawHeaders });
    const answer = await fetch(emu.url + path, {
      method,
      headers: forwardable(req.headers),
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    let body = Buffer.from(await answer.arrayBuffer());
    if (path === '/multipart/start' && answer.ok) {
      // The later calls of the upload go to the host start names: keep them on this proxy.
      const start = JSON.parse(body.toString('utf8')) as { location_url: string };
      body = Buffer.from(JSON.stringify({ ...start, location_url: origin }));
    }
    if (path === '/multipart/upload' && answer.ok) {
      const part = JSON.parse(body.toString('utf8')) as {
        url: string;
        headers: Record<string, string>;
      };
      const url = new URL(part.url);
      toldHeaders.set(url.pathname + url.search, part.headers);
      part.url = origin + url.pathname + url.search;
      body = Buffer.from(JSON.stringify(part));
    }
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
        headers[name] = value;
    });
    res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    arrivals: () => arrivals,
    puts: () => arrivals.filter((a) => a.method === 'PUT'),
    toldHeaders: (path: string) => toldHeaders.get(path),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The request headers worth passing on (fetch sets its own host, length and connection). */
function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    if (['host', 'connection', 'content-length', 'keep-alive', 'accept-encoding'].includes(name))
      continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * A PUT of 5 bytes with the HTTP client itself and no header of the SDK's: what arrives is the
 * client's own headers, whatever they are in this runtime (undici's fetch-spec defaults, such as
 * `accept-language` or `sec-fetch-mode`, differ between Node versions). For `node:http` the
 * request sets `content-length`, as nodeTransport does because S3 refuses chunked PUTs.
 */
const PLAIN_PUTS = {
  'node:http': (url: string) =>
    new Promise<void>((resolve, reject) => {
      request(url, { method: 'PUT', headers: { 'content-length': '5' } }, (response) => {
        response.resume().on('end', resolve);
      })
        .on('error', reject)
        .end(Buffer.alloc(5));
    }),
  fetch: async (url: string) => {
    await (await fetch(url, { method: 'PUT', body: new Uint8Array(5) })).arrayBuffer();
  },
};

const emu = useEmulator();
const proxy = await startWireProxy(emu);
afterAll(() => proxy.close());

/** Each PUT's headers as they arrived, beside the headers its `/multipart/upload` answer gave. */
function putsAgainstTold(sent: number) {
  const puts = proxy.puts().slice(-sent);
  expect(puts).toHaveLength(sent);
  return puts.map((put) => {
    const names = put.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    // One line per header: a header added twice would show here as a repeated name.
    expect(new Set(names).size, `${names}`).toBe(names.length);
    const arrived: Record<string, string> = {};
    for (let i = 0; i < put.rawHeaders.length; i += 2) {
      arrived[put.rawHeaders[i]!.toLowerCase()] = put.rawHeaders[i + 1]!;
    }
    const told = proxy.toldHeaders(put.path);
    expect(told, `no /multipart/upload answer named ${put.path}`).toBeDefined();
    return { arrived, told: lowerCaseNames(told!) };
  });
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]));
}

function withoutNames(headers: Record<string, string>, names: string[]) {
  return Object.fromEntries(Object.entries(headers).filter(([n]) => !names.includes(n)));
}

/** The header names of the last request that reached the proxy. */
function lastArrivalNames(): string[] {
  const last = proxy.arrivals().at(-1)!;
  return last.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
}

const CASES: Array<[keyof typeof PLAIN_PUTS, PartTransport | undefined]> = [
  ['node:http', undefined],
  ['fetch', fetchTransport],
];

describe.each(CASES)('part PUTs through %s', (client, transport) => {
  let httpLevel: string[];
  beforeAll(async () => {
    await PLAIN_PUTS[client](`${proxy.origin}/a-plain-put`);
    httpLevel = lastArrivalNames();
    expect(httpLevel).toEqual(expect.arrayContaining(['host', 'content-length']));
  });

  it.each([
    ['regular', false, true],
    ['regular without integrity', false, false],
    ['Intelligent Ingestion', true, true],
  ] as const)(
    '%s carry exactly the headers /multipart/upload returned',
    async (_mode, intelligent, integrity) => {
      const size = 2 * PART + 5;
      const file = await upload(
        randomBytes(size),
        optionsFor(emu, {
          urls: { ...emu.urls, upload: proxy.origin },
          intelligent,
          integrity,
          ...(transport ? { transport } : {}),
        }),
      );
      expect(file.mode).toBe(intelligent ? 'intelligent' : 'regular');
      const puts = putsAgainstTold(3);
      for (const { arrived, told } of puts) {
        // The told headers with their values and, besides them, exactly what HTTP itself adds.
        expect(withoutNames(arrived, httpLevel)).toEqual(told);
        expect(Object.keys(withoutNames(arrived, Object.keys(told))).sort()).toEqual(
          [...httpLevel].sort(),
        );
        expect(told['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
        expect('content-md5' in told).toBe(integrity);
        expect(arrived.host).toBe(new URL(proxy.origin).host);
      }
      const lengths = puts.map(({ arrived }) => Number(arrived['content-length']));
      expect(lengths.sort((a, b) => a - b)).toEqual([5, PART, PART]);
    },
  );
});
