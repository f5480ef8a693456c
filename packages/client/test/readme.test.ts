import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { useEmulator } from '@fs/emulator/testing';
import { gradientPng, pngSize, rejection, sha256Hex, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AudioVisual,
  Client,
  ConversionError,
  Filelink,
  HttpError,
  Security,
  Transformation,
  ValidationError,
  verifyWebhookSignature,
} from '../src/index.js';

/*
 * Every snippet of the Python SDK's README, in TypeScript, against the emulator over
 * loopback. Each `it` names the README section it mirrors.
 */

const SECRET = 'readme-app-secret';
// Each conversion status is held until a status request has seen it, so the README's status
// loop sees pending and started even when a loaded machine starves this process between polls.
const emu = useEmulator({
  video: { pendingMs: 300, startedMs: 300, ffmpeg: false, holdUntilPolled: true },
});
const secured = useEmulator({ secret: SECRET });
const temp = useTempDir('fs-client-');

const PNG = gradientPng(64, 48);

async function sampleFile(name = 'photo.png', bytes: Uint8Array = PNG): Promise<string> {
  const path = temp.path(name);
  await writeFile(path, bytes);
  return path;
}

describe("the Python SDK's README, in TypeScript", () => {
  it('Quickstart: client.upload({ filepath }) gives a Filelink whose url serves the file', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const newFilelink = await client.upload({ filepath: await sampleFile() });
    expect(newFilelink.url).toBe(`${emu.url}/${newFilelink.handle}`);
    const served = new Uint8Array(await (await fetch(newFilelink.url)).arrayBuffer());
    expect(sha256Hex(served)).toBe(sha256Hex(PNG));
    expect(newFilelink.uploadResponse).toMatchObject({
      filename: 'photo.png',
      mimetype: 'image/png',
      size: PNG.length,
      mode: 'regular',
    });
  });

  it('Intelligent Ingestion: upload({ filepath, intelligent: true }) uses FII', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 31) % 251);
    const newFilelink = await client.upload({
      filepath: await sampleFile('big.bin', bytes),
      intelligent: true,
    });
    expect(newFilelink.uploadResponse?.mode).toBe('intelligent');
    expect(emu.stats().counts.commit).toBeGreaterThan(0);
    expect(sha256Hex(await newFilelink.getContent())).toBe(sha256Hex(bytes));
  });

  it('Working with Filelinks: an uploaded Filelink and new Filelink(handle) read the same file', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ filepath: await sampleFile() });
    expect(filelink.url).toBe(`${emu.urls.cdn}/${filelink.handle}`);

    // Work with a previously uploaded file.
    const again = new Filelink(filelink.handle, { urls: emu.urls });
    expect(again.url).toBe(filelink.url);
    expect(sha256Hex(await again.getContent())).toBe(sha256Hex(PNG));
    // With no hosts given, a Filelink points at Filestack's CDN.
    expect(new Filelink(filelink.handle).url).toBe(
      `https://cdn.filestackcontent.com/${filelink.handle}`,
    );
  });

  it('Basic Filelink Functions: getContent, download, overwrite, resize().flip(), delete', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const newFilelink = await client.upload({ filepath: await sampleFile() });

    const fileContent = await newFilelink.getContent();
    expect(fileContent).toBeInstanceOf(Uint8Array);
    expect(sha256Hex(fileContent)).toBe(sha256Hex(PNG));

    const target = temp.path('downloaded.png');
    const sizeInBytes = await newFilelink.download(target);
    expect(sizeInBytes).toBe(PNG.length);
    expect(sha256Hex(await readFile(target))).toBe(sha256Hex(PNG));

    const replacement = gradientPng(20, 10);
    const overwritten = await newFilelink.overwrite({
      filepath: await sampleFile('new.png', replacement),
    });
    expect(overwritten).toMatchObject({ handle: newFilelink.handle, size: replacement.length });
    expect(sha256Hex(await newFilelink.getContent())).toBe(sha256Hex(replacement));

    const transformation = newFilelink.resize({ width: 400 }).flip();
    expect(transformation).toBeInstanceOf(Transformation);
    expect(transformation.url).toBe(`${emu.url}/resize=width:400/flip/${newFilelink.handle}`);
    expect(pngSize(await transformation.getContent()).width).toBe(400);

    await newFilelink.delete();
    const gone = await rejection(newFilelink.getContent(), HttpError);
    expect(gone.status).toBe(404);
  });

  it('Transformations: transformExternal(url).resize().flip().enhance().store() gives a new Filelink', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    // An external URL the emulator can fetch: the uploaded sample, by its CDN URL.
    const source = await client.upload({ filepath: await sampleFile() });

    const transform = client.transformExternal(source.url);
    const newFilelink = await transform
      .resize({ width: 500, height: 500 })
      .flip()
      .enhance()
      .store();
    expect(newFilelink).toBeInstanceOf(Filelink);
    expect(newFilelink.handle).not.toBe(source.handle);
    expect(pngSize(await newFilelink.getContent())).toEqual({ width: 500, height: 375 }); // fit: clip keeps 4:3;
    // The Filelink from store() carries the client's key and hosts.
    expect(newFilelink.apikey).toBe(emu.apikey);
    expect(newFilelink.url).toBe(`${emu.url}/${newFilelink.handle}`);
  });

  it('Transformations: Filelink(handle).resize().flip().enhance().store()', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const { handle } = await client.upload({ filepath: await sampleFile() });

    const filelink = new Filelink(handle, { urls: emu.urls });
    const newFilelink = await filelink.resize({ width: 500, height: 500 }).flip().enhance().store();
    expect(newFilelink.handle).not.toBe(handle);
    expect(newFilelink.uploadResponse).toMatchObject({ mimetype: 'image/png' });
    expect(pngSize(await newFilelink.getContent())).toEqual({ width: 500, height: 375 }); // fit: clip keeps 4:3;
  });

  it('Transformations: the transformation url at any point', () => {
    const client = new Client('APIKEY');
    const transformCandidate = client.transformExternal('http://example.com/some.jpg');
    const transform = transformCandidate.resize({ width: 500, height: 500 }).flip().enhance();
    expect(transform.url).toBe(
      'https://cdn.filestackcontent.com/APIKEY/resize=height:500,width:500/flip/enhance/http://example.com/some.jpg',
    );
    // The candidate is untouched: steps return new Transformations.
    expect(transformCandidate.url).toBe(
      'https://cdn.filestackcontent.com/APIKEY/http://example.com/some.jpg',
    );
  });

  it('Audio/Video Convert: avConvert gives an AudioVisual whose status moves on until toFilelink()', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const clip = new Uint8Array(4096).map((_, i) => i % 256);
    const filelink = await client.upload({ file: clip, storeParams: { filename: 'clip.mp4' } });

    const avObject = await filelink.avConvert({ width: 100, height: 100 });
    expect(avObject).toBeInstanceOf(AudioVisual);
    expect(avObject.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(avObject.timestamp).toMatch(/^\d+$/);
    // The URL the Python SDK's av_convert(width=100, height=100) requests.
    expect(avObject.url).toBe(`${emu.url}/video_convert=height:100,width:100/${filelink.handle}`);
    // to_filelink() checks the status first and fails while the job runs.
    const early = await rejection(avObject.toFilelink(), ConversionError);
    expect(early.code).toBe('CONVERSION_NOT_READY');

    const seen: string[] = [];
    for (
      let status = await avObject.status();
      status !== 'completed';
      status = await avObject.status()
    ) {
      expect(status === 'pending' || status === 'started').toBe(true);
      seen.push(status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toContain('pending');
    expect(seen).toContain('started');

    const converted = await avObject.toFilelink();
    expect(converted).toBeInstanceOf(Filelink);
    expect(converted.handle).not.toBe(filelink.handle);
    expect(converted.url).toBe(`${emu.url}/${converted.handle}`);
    // Without ffmpeg the emulator "converts" by copying, and says so.
    expect(sha256Hex(await converted.getContent())).toBe(sha256Hex(clip));
  });

  it('Audio/Video Convert: wait() polls until done; a failed conversion rejects with the reason', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const clip = await client.upload({
      file: new Uint8Array(512).fill(1),
      storeParams: { filename: 'a.mp4' },
    });
    const statuses: string[] = [];
    const result = await (await clip.avConvert({ preset: 'h264' })).wait({
      interval: 20,
      onStatus: (status) => statuses.push(status),
    });
    expect(statuses.at(-1)).toBe('completed');
    expect(result.handle).toMatch(/^[\w-]{20}$/);

    const notes = await client.upload({
      file: new TextEncoder().encode('words'),
      storeParams: { filename: 'notes.txt' },
    });
    const failed = await rejection(
      (await notes.avConvert({ preset: 'mp3' })).wait({ interval: 20 }),
      ConversionError,
    );
    expect(failed.code).toBe('CONVERSION_FAILED');
    // A Transformation with tasks is not a source to convert.
    await rejection(clip.flip().avConvert(), ValidationError);
  });

  it('Security Objects: a client with security signs every call; its Filelinks inherit it', async () => {
    const emu = secured;
    const policy = { expiry: 253381964415 }; // 'expiry' is the only required key
    const security = new Security(policy, SECRET);
    const client = new Client(emu.apikey, { security, urls: emu.urls });

    // The new Filelink inherits security and uses it for all calls.
    const newFilelink = await client.upload({ filepath: await sampleFile() });
    expect(newFilelink.security).toBe(security);
    expect(sha256Hex(await newFilelink.getContent())).toBe(sha256Hex(PNG));

    // Security can also be given to one call.
    const filelink = new Filelink(newFilelink.handle, { urls: emu.urls });
    const denied = await rejection(filelink.getContent(), HttpError);
    expect(denied.status).toBe(403);
    const sizeInBytes = await filelink.download(temp.path('signed.png'), { security });
    expect(sizeInBytes).toBe(PNG.length);
  });

  it('Client.zip requests <cdn>/<API_KEY>/zip/[h1,h2], as the Python SDK does', async () => {
    const seen: string[] = [];
    const client = new Client(emu.apikey, {
      urls: emu.urls,
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    const a = await client.upload({ file: new TextEncoder().encode('first') });
    const b = await client.upload({ file: new TextEncoder().encode('second') });
    const target = temp.path('files.zip');
    const written = await client.zip(target, [a.handle, b.handle]);
    expect(seen.at(-1)).toBe(`${emu.url}/${emu.apikey}/zip/[${a.handle},${b.handle}]`);
    const zip = await readFile(target);
    expect(written).toBe(zip.length);
    // The archive's central directory (APPNOTE 4.3.12), read here rather than trusted: each
    // entry's name, size and local header offset; stored entries hold the bytes as they are.
    const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    expect(end).toBeGreaterThan(0);
    const entries: [string, string][] = [];
    for (let i = 0, at = zip.readUInt32LE(end + 16); i < zip.readUInt16LE(end + 10); i++) {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      expect(zip.readUInt16LE(at + 10)).toBe(0); // stored
      const size = zip.readUInt32LE(at + 20);
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
      const local = zip.readUInt32LE(at + 42);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      entries.push([name, zip.toString('utf8', data, data + size)]);
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    // Both uploads are named `untitled`: the second entry is made unique.
    expect(entries).toEqual([
      ['untitled', 'first'],
      ['untitled (2)', 'second'],
    ]);
  });

  it('Security Objects: policyB64 and signature as in the Python SDK', () => {
    const policy = { expiry: 253381964415, call: ['read'] };
    const security = new Security(policy, 'SECURITY-SECRET');
    expect(security.policyB64).toBe('eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAyNTMzODE5NjQ0MTV9');
    expect(security.signature).toBe(
      'f61fa1effb0638ab5b6e208d5d2fd9343f8557d8a0bf529c6d8542935f77bb3c',
    );
  });

  it('Webhook verification: verifyWebhookSignature accepts a genuine webhook and says why not otherwise', async () => {
    const webhookData =
      '{"action": "fp.upload", "text": {"container": "some-bucket", "url": "https://cdn.filestackcontent.com/Handle", "filename": "filename.png", "client": "Computer", "key": "key_filename.png", "type": "image/png", "size": 1000000}, "id": 50006}';
    const secret = 'webhook-secret';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', secret)
      .update(`${timestamp}.${webhookData}`)
      .digest('hex');

    const result = await verifyWebhookSignature(secret, webhookData, {
      'FS-Signature': signature,
      'FS-Timestamp': timestamp,
    });
    expect(result.valid).toBe(true);

    const forged = await verifyWebhookSignature(secret, webhookData.replace('50006', '50007'), {
      'FS-Signature': signature,
      'FS-Timestamp': timestamp,
    });
    expect(forged).toMatchObject({ valid: false, reason: 'mismatch' });
  });
});
