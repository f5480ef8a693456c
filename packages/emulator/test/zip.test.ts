import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { sha256Hex } from '@fs/test-kit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../src/index.js';
import { serveOrigin, useEmulator } from '../src/testing/index.js';
import { updateCrc32 } from '../src/zip/crc32.js';
import { uniqueEntryNames } from '../src/zip/zip-archive.js';
import { MAX_ZIP_ENTRIES, type ZipEntry, zipLength } from '../src/zip/zip-format.js';
import { hooks, inAnHour, request, signedPolicy, testBytes } from './helpers.js';
import { fetchBytes, upload } from './images.js';
import { readZip } from './zip-reader.js';

/*
 * The CDN `zip` task (docs/protocol.md#zip-archives): real archives of stored files, read back with
 * an independent reader (and with Info-ZIP's unzip where it is installed).
 */

const SECRET = 'zip-test-secret';
const emu = useEmulator({ hooks });
const secured = useEmulator({ hooks, secret: SECRET });
let first: string;
let second: string;
const FIRST = Buffer.from('first file\n');
const SECOND = testBytes(300_000, 7);
/** Digests: vitest compares big buffers byte by byte, slowly. */
const digests = (entries: { bytes: Buffer }[]) => entries.map((e) => sha256Hex(e.bytes));
const BOTH = [sha256Hex(FIRST), sha256Hex(SECOND)];

beforeAll(async () => {
  first = await upload(emu, FIRST, 'first.txt', 'text/plain');
  second = await upload(emu, SECOND, 'second.bin', 'application/octet-stream');
});

const zipUrl = (e: Emulator, source: string, tasks = 'zip') =>
  `${e.url}/${e.apikey}/${tasks}/${source}`;

describe('zip', () => {
  it('answers an archive of the listed files with their exact names, bytes and CRCs', async () => {
    const answer = await fetchBytes(zipUrl(emu, `[${first},${second}]`));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(answer.headers.get('content-length')).toBe(String(answer.bytes.length));
    expect(answer.headers.get('content-disposition')).toContain('filename="archive.zip"');
    expect(answer.headers.get('x-fs-emulator-unapplied')).toBeNull();

    const { entries, centralDirectoryOffset } = readZip(answer.bytes);
    expect(entries.map((e) => e.name)).toEqual(['first.txt', 'second.bin']);
    expect(digests(entries)).toEqual(BOTH);
    for (const entry of entries) {
      expect(entry.method).toBe(0);
      expect(entry.flags).toBe(0x0808); // data descriptor, UTF-8 name
      expect(entry.crc).toBe(crc32(entry.bytes));
      expect(entry.descriptor).toEqual({
        crc: entry.crc,
        compressedSize: entry.bytes.length,
        size: entry.bytes.length,
      });
      expect(entry.mode).toBe(0o100644);
    }
    // Two local headers, names, bytes and 16-byte descriptors, then the central directory.
    expect(centralDirectoryOffset).toBe(2 * (30 + 16) + 9 + 10 + FIRST.length + SECOND.length);
  });

  it('dates each entry with its upload time (MS-DOS fields, UTC, 2 s steps)', async () => {
    const before = Date.now();
    const handle = await upload(emu, Buffer.from('dated'), 'dated.txt', 'text/plain');
    const { entries } = readZip((await fetchBytes(zipUrl(emu, `[${handle}]`))).bytes);
    const { dosDate, dosTime } = entries[0]!;
    const dated = Date.UTC(
      (dosDate >> 9) + 1980,
      ((dosDate >> 5) & 0xf) - 1,
      dosDate & 0x1f,
      dosTime >> 11,
      (dosTime >> 5) & 0x3f,
      (dosTime & 0x1f) * 2,
    );
    expect(dated).toBeGreaterThan(before - 3000);
    expect(dated).toBeLessThanOrEqual(Date.now());
  });

  it('zips a single handle given without brackets', async () => {
    const answer = await fetchBytes(zipUrl(emu, first));
    expect(answer.status).toBe(200);
    const { entries } = readZip(answer.bytes);
    expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([
      ['first.txt', FIRST.toString()],
    ]);
  });

  it('makes colliding names unique and keeps UTF-8 names and no folders', async () => {
    const names = ['a.txt', 'a.txt', 'A.TXT', 'a (2).txt', 'café ☕.txt', 'dir/b.txt', 'README'];
    const handles: string[] = [];
    for (const [i, name] of names.entries()) {
      handles.push(await upload(emu, Buffer.from(`file ${i}`), name, 'text/plain'));
    }
    handles.push(handles.at(-1)!); // the same handle twice: two entries
    const { entries } = readZip((await fetchBytes(zipUrl(emu, `[${handles.join(',')}]`))).bytes);
    expect(entries.map((e) => e.name)).toEqual([
      'a.txt',
      'a (2).txt',
      'A (3).TXT',
      'a (2) (2).txt',
      'café ☕.txt',
      'dir_b.txt',
      'README',
      'README (2)',
    ]);
    expect(entries.map((e) => e.bytes.toString())).toEqual([
      ...names.map((_, i) => `file ${i}`),
      `file ${names.length - 1}`,
    ]);
  });

  it('answers HEAD with the archive length and no body', async () => {
    const full = await fetchBytes(zipUrl(emu, `[${first},${second}]`));
    const head = await fetch(zipUrl(emu, `[${first},${second}]`), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(full.bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 404 for a missing or deleted handle, before any archive byte', async () => {
    const missing = await request(zipUrl(emu, `[${first},AAAAAAAAAAAAAAAAAAAA]`));
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('File not found: AAAAAAAAAAAAAAAAAAAA');

    const gone = await upload(emu, Buffer.from('soon gone'), 'gone.txt', 'text/plain');
    expect((await request(`${emu.urls.api}/file/${gone}`, { method: 'DELETE' })).status).toBe(200);
    expect((await request(zipUrl(emu, `[${gone}]`))).status).toBe(404);
    expect((await request(zipUrl(emu, gone))).status).toBe(404);
  });

  it('requires the apikey segment and refuses other sources and tasks in words', async () => {
    const cases: [string, number, string][] = [
      [`${emu.url}/zip/[${first},${second}]`, 400, 'zip requires an apikey segment'],
      [`${emu.url}/WrongKey/zip/[${first}]`, 401, 'Invalid Application: WrongKey'],
      [zipUrl(emu, '[src://store/a.txt]'), 400, 'storage aliases (src://)'],
      [zipUrl(emu, `[[${first}],${second}]`), 400, 'zip: a source list cannot hold a list'],
      [
        zipUrl(emu, `[${first}]`, 'resize=width:10/zip'),
        400,
        'zip archives the sources as they are: resize cannot be combined with it',
      ],
    ];
    for (const [url, status, message] of cases) {
      const answer = await request<string>(url);
      expect([url, answer.status]).toEqual([url, status]);
      expect(answer.body).toContain(message);
    }
    const process = await request<Record<string, unknown>>(`${emu.urls.process}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: emu.apikey, sources: [first], tasks: [{ name: 'zip' }] }),
    });
    expect(process.status).toBe(400);
    expect(process.body.error).toBe('unsupported task: zip');
  });

  it('zips URL sources beside handles, and leaves no temporary file', async () => {
    const site = await serveOrigin({ '/docs/remote.txt': { body: Buffer.from('from afar') } });
    try {
      const answer = await fetchBytes(zipUrl(emu, `[${first},"${site.url}/docs/remote.txt"]`));
      expect(answer.status).toBe(200);
      const { entries } = readZip(answer.bytes);
      expect(entries.map((e) => [e.name, e.bytes.toString()])).toEqual([
        ['first.txt', FIRST.toString()],
        ['remote.txt', 'from afar'],
      ]);
    } finally {
      await site.close();
    }
    await vi.waitFor(async () => expect(await readdir(join(emu.dataDir, 'tmp'))).toEqual([]));
  });

  it('with store, stores the archive as application/zip and answers the store JSON', async () => {
    const receiver = await serveOrigin({ '/hook': { body: Buffer.from('ok') } });
    emu.webhooks.add(`${receiver.url}/hook`);
    const stored = await request<Record<string, unknown>>(
      zipUrl(emu, `[${first},${second}]`, 'zip/store=path:"zips/"'),
    );
    await emu.webhooks.settled();
    emu.webhooks.remove(`${receiver.url}/hook`);
    await receiver.close();
    expect(stored.status).toBe(200);
    const converse = emu.webhooks.deliveries().filter((d) => d.action === 'fp.converse');
    expect(converse.map((d) => JSON.parse(d.body).text.link.handle)).toEqual([stored.body.handle]);
    expect(stored.body).toMatchObject({
      filename: 'archive.zip',
      type: 'application/zip',
      container: 'fs-emulator-uploads',
    });
    expect(stored.body.key).toMatch(/^zips\/[A-Za-z0-9]{20}-archive\.zip$/);
    expect(stored.body).not.toHaveProperty('width');
    const file = await fetchBytes(stored.body.url as string);
    expect(file.headers.get('content-type')).toBe('application/zip');
    expect(file.bytes.length).toBe(stored.body.size);
    const { entries } = readZip(file.bytes);
    expect(digests(entries)).toEqual(BOTH);

    const named = await request<Record<string, unknown>>(
      zipUrl(emu, first, 'zip/store=filename:bundle.zip'),
    );
    expect(named.body).toMatchObject({ filename: 'bundle.zip', type: 'application/zip' });
  });

  it('reads back with Info-ZIP unzip where it is installed', async (context) => {
    if (!existsSync('/usr/bin/unzip')) context.skip();
    const names = ['first.txt', 'second.bin', 'café ☕.txt'];
    const third = await upload(emu, Buffer.from('accent'), names[2]!, 'text/plain');
    const archive = join(tmpdir(), `fs-emulator-zip-${process.pid}.zip`);
    await writeFile(
      archive,
      (await fetchBytes(zipUrl(emu, `[${first},${second},${third}]`))).bytes,
    );
    // -t checks every CRC; -p writes one entry's bytes.
    expect(execFileSync('/usr/bin/unzip', ['-t', archive]).toString()).toContain(
      'No errors detected',
    );
    expect(sha256Hex(execFileSync('/usr/bin/unzip', ['-p', archive, 'second.bin']))).toBe(BOTH[1]);
    const listing = execFileSync('/usr/bin/unzip', ['-Z1', archive]).toString();
    expect(listing.trim().split('\n')).toEqual(names);
  });
});

describe('zip with security', () => {
  const signed = (policy: Record<string, unknown>) => {
    const s = signedPolicy(SECRET, { expiry: inAnHour(), ...policy });
    return `security=p:${s.policy},s:${s.signature}`;
  };
  let a: string;
  let b: string;

  beforeAll(async () => {
    const pick = signedPolicy(SECRET, { expiry: inAnHour(), call: ['pick'] });
    a = await upload(secured, FIRST, 'a.txt', 'text/plain', pick);
    b = await upload(secured, SECOND, 'b.bin', 'application/octet-stream', pick);
  });

  it('accepts the Python form, security just before the source list', async () => {
    const answer = await fetchBytes(
      zipUrl(secured, `[${a},${b}]`, `zip/${signed({ call: ['convert'] })}`),
    );
    expect(answer.status).toBe(200);
    expect(digests(readZip(answer.bytes).entries)).toEqual(BOTH);
  });

  it('refuses without a policy, without the convert call, or when a handle is not allowed', async () => {
    const cases: [string, string][] = [
      ['zip', 'proper credentials were not provided (policy and signature are required)'],
      [`zip/${signed({ call: ['read'] })}`, 'policy does not allow call "convert"'],
      [`zip/${signed({ handle: a })}`, `policy does not allow handle ${b}`],
      [`zip/store/${signed({ call: ['convert'] })}`, 'policy does not allow call "store"'],
    ];
    for (const [tasks, reason] of cases) {
      const answer = await request<string>(zipUrl(secured, `[${a},${b}]`, tasks));
      expect([tasks, answer.status]).toEqual([tasks, 403]);
      expect(answer.body).toBe(`application ${secured.apikey} policy error: ${reason}`);
    }
    const own = await request(zipUrl(secured, `[${a},${a}]`, `zip/${signed({ handle: a })}`));
    expect(own.status).toBe(200);
  });

  it('applies the policy maxSize to a stored archive', async () => {
    const tasks = `zip/store/${signed({ call: ['convert', 'store'], maxSize: 1000 })}`;
    const answer = await request<string>(zipUrl(secured, `[${a},${b}]`, tasks));
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('is over the policy maxSize 1000');
  });
});

describe('the ZIP encoder', () => {
  it('computes the CRC-32 zlib computes, however the bytes are chunked', () => {
    const bytes = testBytes(100_003, 3);
    expect(updateCrc32(0, new Uint8Array())).toBe(0);
    expect(updateCrc32(0, Buffer.from('123456789'))).toBe(0xcbf43926);
    for (const chunk of [1, 7, 8, 4096, 65_537]) {
      let crc = 0;
      for (let at = 0; at < bytes.length; at += chunk) {
        crc = updateCrc32(crc, bytes.subarray(at, at + chunk));
      }
      expect(crc).toBe(crc32(bytes));
    }
  });

  it('refuses archives that would need ZIP64 with a 400 saying so', () => {
    const entry = (size: number): ZipEntry => ({
      name: 'big.bin',
      size,
      modified: new Date(),
      read: async function* () {},
    });
    const fitting = 2 ** 32 - 1 - 2 * (30 + 16 + 46 + 2 * 7) - 22;
    expect(zipLength([entry(fitting), entry(0)])).toBe(2 ** 32 - 1);
    expect(() => zipLength([entry(fitting + 1), entry(0)])).toThrow(
      /^zip: the archive would be 4294967296 bytes; the emulator writes archives under 4 GiB \(no ZIP64\)$/,
    );
    expect(() => zipLength([entry(5 * 2 ** 30)])).toThrow(expect.objectContaining({ status: 400 }));
    const many = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, () => entry(0));
    expect(() => zipLength(many)).toThrow(
      'zip: 65535 files; the emulator writes at most 65534 entries (no ZIP64)',
    );
    expect(() => zipLength(many.slice(1))).not.toThrow();
  });

  it('names entries uniquely in source order', () => {
    expect(uniqueEntryNames(['x.tar.gz', 'x.tar.gz', '.env', '.env', '', '..', 'a\\b'])).toEqual([
      'x.tar.gz',
      'x.tar (2).gz',
      '.env',
      '.env (2)',
      'file',
      'file (2)',
      'a_b',
    ]);
  });
});
