import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import { hooks, inAnHour, postJson, request, signedPolicy } from './helpers.js';
import { expectColor, fetchBytes, pixels, quadrants, RED, samplePdf, upload } from './images.js';

/*
 * What surrounds the drawing: store, metadata, imagesize, pdfinfo, the 400s, the tasks the
 * emulator cannot carry out, security, /process and URL sources.
 */

const emu = useEmulator({ hooks });
let png: string;
let text: string;
let pdf: string;
let packedPdf: string;
let source: Origin;
let original: Buffer;

beforeAll(async () => {
  original = await quadrants();
  png = await upload(emu, original, 'quadrants.png', 'image/png');
  text = await upload(emu, Buffer.from('plain words'), 'notes.txt', 'text/plain');
  pdf = await upload(emu, samplePdf(), 'doc.pdf', 'application/pdf');
  packedPdf = await upload(emu, samplePdf(true), 'packed.pdf', 'application/pdf');
  source = await serveOrigin({ '/img/q.png': { body: original, type: 'image/png' } });
});
afterAll(() => source.close());

describe('store on a processed chain', () => {
  it('stores the result under a new handle by GET or POST, with width and height', async () => {
    for (const method of ['GET', 'POST']) {
      const { status, body } = await request<Record<string, unknown>>(
        `${emu.url}/resize=width:40/output=format:webp/store=path:"thumbs/"/${png}`,
        { method },
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        filename: 'quadrants.webp',
        type: 'image/webp',
        width: 40,
        height: 30,
        container: 'fs-emulator-uploads',
      });
      expect(body.handle).not.toBe(png);
      expect(body.url).toBe(`${emu.url}/${body.handle}`);
      expect(body.key).toMatch(/^thumbs\/[A-Za-z0-9]{20}-quadrants\.webp$/);
      const stored = await fetchBytes(body.url as string);
      expect(stored.headers.get('content-type')).toBe('image/webp');
      expect(stored.bytes.length).toBe(body.size);
      const meta = await sharp(stored.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 40, 30]);
    }
  });

  it('answers width and height when storing an image unchanged, and names unapplied tasks', async () => {
    const copy = await fetchBytes(`${emu.url}/store/${png}`);
    expect(JSON.parse(copy.bytes.toString())).toMatchObject({ width: 80, height: 60 });
    const notes = await request<Record<string, unknown>>(`${emu.url}/store/${text}`);
    expect(notes.body).not.toHaveProperty('width');
    const upscaled = await fetchBytes(`${emu.url}/upscale/store/${png}`);
    expect(upscaled.headers.get('x-fs-emulator-unapplied')).toBe('upscale');
    const stored = JSON.parse(upscaled.bytes.toString()) as { url: string };
    expect((await fetchBytes(stored.url)).bytes).toEqual(original);
  });

  it('gives the stored file metadata that matches', async () => {
    const { body } = await request<Record<string, unknown>>(
      `${emu.url}/crop=dim:[0,0,50,20]/store/${png}`,
    );
    const flags = 'width=true&height=true&size=true&mimetype=true&filename=true';
    const file = await request(`${emu.url}/api/file/${body.handle}/metadata?${flags}`);
    expect(file.body).toEqual({
      width: 50,
      height: 20,
      size: body.size,
      mimetype: 'image/png',
      filename: 'quadrants.png',
    });
  });
});

describe('metadata, imagesize and pdfinfo', () => {
  it('reads width and height from the image (and null for other files)', async () => {
    const image = await request(`${emu.url}/${png}/metadata?width=true&height=true`);
    expect(image.body).toEqual({ width: 80, height: 60 });
    const listed = await request(`${emu.url}/metadata=params:[width,height,size]/${png}`);
    expect(listed.body).toEqual({ width: 80, height: 60, size: original.length });
    const notes = await request(`${emu.url}/${text}/metadata?width=true&height=true`);
    expect(notes.body).toEqual({ width: null, height: null });
  });

  it('describes the result of a chain before the metadata task', async () => {
    const { body } = await request<Record<string, unknown>>(
      `${emu.url}/resize=width:20/output=format:jpg/metadata=params:[width,height,mimetype,filename,size,md5]/${png}`,
    );
    expect(body).toMatchObject({
      width: 20,
      height: 15,
      mimetype: 'image/jpeg',
      filename: 'quadrants.jpg',
    });
    const bytes = (await fetchBytes(`${emu.url}/resize=width:20/output=format:jpg/${png}`)).bytes;
    expect(body.size).toBe(bytes.length);
  });

  it('answers imagesize for the image and for the result of a chain', async () => {
    expect((await request(`${emu.url}/imagesize/${png}`)).body).toEqual({ width: 80, height: 60 });
    const chained = await request(`${emu.url}/rotate=deg:90/resize=height:40/imagesize/${png}`);
    expect(chained.body).toEqual({ width: 30, height: 40 });
    const notes = await request(`${emu.url}/imagesize/${text}`);
    expect(notes.status).toBe(400);
    expect(notes.body).toBe('imagesize: the file is not an image (text/plain)');
  });

  it('reads page count and page sizes from a PDF, with inherited boxes and object streams', async () => {
    const plain = await request(`${emu.url}/pdfinfo/${pdf}`);
    expect(plain.body).toEqual({
      version: '1.5',
      pages: 3,
      dimensions: { width: 612, height: 792 },
      page_sizes: [
        { width: 612, height: 792, rotation: 0 },
        { width: 612, height: 792, rotation: 0 },
        { width: 595.28, height: 841.89, rotation: 90 },
      ],
      encrypted: false,
    });
    expect(plain.headers.get('x-fs-emulator-unapplied')).toBeNull();
    const packed = await request<Record<string, unknown>>(`${emu.url}/pdfinfo/${packedPdf}`);
    expect(packed.body.pages).toBe(3);
    expect(packed.body.dimensions).toEqual({ width: 595.28, height: 841.89 });
    const colors = await request(`${emu.url}/pdfinfo=colorinfo:true/${pdf}`);
    expect(colors.headers.get('x-fs-emulator-unapplied')).toBe('pdfinfo');
    const image = await request(`${emu.url}/pdfinfo/${png}`);
    expect(image.status).toBe(400);
    expect(image.body).toBe('pdfinfo: the file is not a PDF (image/png)');
  });
});

describe('bad requests answer 400 in plain text naming the task or parameter', () => {
  const cases: [string, string][] = [
    ['frobnicate=level:3', 'unknown task: frobnicate'],
    [
      'resize=width:abc',
      'invalid parameter resize.width: got "abc"; expected a number from 1 to 10000',
    ],
    ['resize=width:0', 'invalid parameter resize.width: got 0; expected a number from 1 to 10000'],
    [
      'resize=width:10,fit:stretch',
      'invalid parameter resize.fit: got "stretch"; expected clip or crop or scale or max',
    ],
    [
      'resize=width:10,depth:3',
      'unknown parameter resize.depth: it takes width, height, fit, align',
    ],
    ['resize', 'resize needs one of: width, height'],
    ['crop', 'missing parameter crop.dim'],
    [
      'crop=dim:[1,2,3]',
      'invalid parameter crop.dim: got [1,2,3]; expected a list [an integer from 0 to 100000, an integer from 0 to 100000, an integer from 1 to 100000, an integer from 1 to 100000]',
    ],
    [
      'crop=dim:[90,0,10,10]',
      'invalid parameter crop.dim: [90,0,10,10] starts outside the 80x60 image',
    ],
    ['flip=twice:true', 'unknown parameter flip.twice: it takes no parameters'],
    [
      'border=color:notacolor',
      'invalid parameter border.color: got "notacolor"; expected a color (hex like ff0000, or a name like red)',
    ],
    [
      'rotate=deg:360',
      'invalid parameter rotate.deg: got 360; expected a number from 0 to 359 or exif',
    ],
    ['imagesize/flip', 'flip cannot follow imagesize: imagesize answers JSON and ends the chain'],
    ['resize=width:10', 'resize: the file is not an image (text/plain)'],
  ];
  for (const [tasks, message] of cases) {
    it(`${tasks}`, async () => {
      const handle = tasks === 'resize=width:10' ? text : png;
      const { status, body, headers } = await request(`${emu.url}/${tasks}/${handle}`);
      expect(status).toBe(400);
      expect(headers.get('content-type')).toMatch(/^text\/plain/);
      expect(body).toBe(message);
    });
  }

  it('accepts colors by hex, name, gray level and 8-digit RGBA, quoted or not', async () => {
    for (const color of ['f00', 'FF0000', 'red', 'gray50', 'ff000080', '%22000000%22', '000000']) {
      const { status } = await fetchBytes(`${emu.url}/border=color:${color}/${png}`);
      expect(status, color).toBe(200);
    }
  });
});

describe('tasks the emulator cannot carry out', () => {
  it('returns the file unmodified and names them in X-Fs-Emulator-Unapplied', async () => {
    const answer = await fetchBytes(`${emu.url}/upscale/enhance=preset:vivid/detect_faces/${png}`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(answer.status).toBe(200);
    expect(answer.bytes).toEqual(original);
    expect(answer.headers.get('x-fs-emulator-unapplied')).toBe('upscale, enhance, detect_faces');
    expect(answer.headers.get('access-control-expose-headers')).toContain(
      'X-Fs-Emulator-Unapplied',
    );
  });

  it('applies the tasks it can and names the others', async () => {
    const answer = await fetchBytes(
      `${emu.url}/blur_faces/resize=width:40/watermark=file:${png}/${png}`,
    );
    expect(answer.headers.get('x-fs-emulator-unapplied')).toBe('blur_faces, watermark');
    expect((await sharp(answer.bytes).metadata()).width).toBe(40);
    const faces = await fetchBytes(
      `${emu.url}/resize=width:40,height:40,fit:crop,align:faces/${png}`,
    );
    expect(faces.headers.get('x-fs-emulator-unapplied')).toBe('resize');
    expect((await pixels(faces.bytes)).width).toBe(40);
  });

  it('names an output it cannot write (documents) and leaves the file as it is', async () => {
    const answer = await fetchBytes(`${emu.url}/output=format:pdf/${png}`);
    expect(answer.headers.get('x-fs-emulator-unapplied')).toBe('output');
    expect(answer.bytes).toEqual(original);
  });

  it('answers the documented fixed JSON for machine-learning tasks', async () => {
    // tags and sfw need a security task even here (see "tags and sfw need security").
    const signed = signedPolicy('any-secret', { expiry: inAnHour() });
    const security = `security=p:${signed.policy},s:${signed.signature}`;
    const expected: [string, unknown][] = [
      [`tags/${security}`, { tags: { auto: {}, user: null } }],
      [`sfw/${security}`, { sfw: true }],
      ['ocr', { text: '' }],
      ['detect_faces=export:true', []],
      ['caption', { caption: '' }],
    ];
    for (const [tasks, body] of expected) {
      const answer = await request(`${emu.url}/resize=width:10/${tasks}/${png}`);
      expect(answer.status, tasks).toBe(200);
      expect(answer.body).toEqual(body);
      expect(answer.headers.get('x-fs-emulator-unapplied')).toBe(tasks.split(/[=/]/)[0]);
    }
    expect((await request(`${emu.url}/tags/${security}/AAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
  });
});

describe('sources and /process', () => {
  it('processes an external URL (key segment required) and removes its temporary copy', async () => {
    const answer = await fetchBytes(
      `${emu.url}/${emu.apikey}/resize=width:20/flip/${source.url}/img/q.png`,
    );
    expect(answer.status).toBe(200);
    const px = await pixels(answer.bytes);
    expect([px.width, px.height]).toEqual([20, 15]);
    expectColor(px.at(2, 14), RED);
    // The copy and the pass files go when the response has been sent.
    await vi.waitFor(async () => expect(await readdir(join(emu.dataDir, 'tmp'))).toEqual([]));
  });

  it('runs processing tasks before store in POST /process', async () => {
    const { status, body, headers } = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/img/q.png`, png],
      tasks: [
        { name: 'resize', params: { width: 16 } },
        { name: 'upscale' },
        { name: 'store', params: { location: 's3' } },
      ],
    });
    expect(status).toBe(200);
    const [fromUrl, fromHandle] = body as unknown as Record<string, unknown>[];
    expect(fromUrl).toMatchObject({ width: 16, height: 12, type: 'image/png', filename: 'q.png' });
    expect(fromHandle).toMatchObject({ width: 16, height: 12 });
    expect(headers.get('x-fs-emulator-unapplied')).toBe('upscale');
    const bad = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [png],
      tasks: [{ name: 'resize', params: { width: 'wide' } }, { name: 'store' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe(
      'invalid parameter resize.width: got "wide"; expected a number from 1 to 10000',
    );
  });
});

describe('security on processing', () => {
  const SECRET = 'processing-secret';
  const secured = useEmulator({ hooks, secret: SECRET });
  let handle: string;
  const sign = (policy: Record<string, unknown>) => signedPolicy(SECRET, policy);
  const task = (s: { policy: string; signature: string }) =>
    `security=p:${s.policy},s:${s.signature}`;

  beforeAll(async () => {
    handle = await upload(secured, original, 'q.png', 'image/png', sign({ expiry: inAnHour() }));
  });

  it('needs the convert call to process and the store call to store', async () => {
    const none = await request(`${secured.url}/resize=width:10/${handle}`);
    expect(none.status).toBe(403);
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    const refused = await request(`${secured.url}/resize=width:10/${task(read)}/${handle}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toBe(
      `application ${secured.apikey} policy error: policy does not allow call "convert"`,
    );
    const convert = sign({ expiry: inAnHour(), call: ['convert'], handle });
    const allowed = await fetchBytes(`${secured.url}/resize=width:10/${task(convert)}/${handle}`);
    expect(allowed.status).toBe(200);
    expect((await sharp(allowed.bytes).metadata()).width).toBe(10);
    const noStore = await request(
      `${secured.url}/resize=width:10/store/${task(convert)}/${handle}`,
    );
    expect(noStore.status).toBe(403);
    const both = sign({ expiry: inAnHour(), call: ['convert', 'store'] });
    const stored = await request(`${secured.url}/resize=width:10/store/${task(both)}/${handle}`);
    expect(stored.status).toBe(200);
    const json = await request(`${secured.url}/imagesize/${task(convert)}/${handle}`);
    expect(json.body).toEqual({ width: 80, height: 60 });
  });
});

describe('tags and sfw need security even on an app without it', () => {
  const SECRET = 'tags-secret';
  const secured = useEmulator({ hooks, secret: SECRET });
  let securedPng: string;
  const sign = (policy: Record<string, unknown>) => signedPolicy(SECRET, policy);
  const task = (s: { policy: string; signature: string }) =>
    `security=p:${s.policy},s:${s.signature}`;
  const refusal = (apikey: string, name: string) =>
    `application ${apikey} policy error: proper credentials were not provided (${name} requires a policy and signature)`;

  beforeAll(async () => {
    securedPng = await upload(
      secured,
      original,
      'q.png',
      'image/png',
      sign({ expiry: inAnHour() }),
    );
  });

  it('refuses tags and sfw without a policy and signature, even without a secret', async () => {
    for (const name of ['tags', 'sfw']) {
      const answer = await request(`${emu.url}/${name}/${png}`);
      expect(answer.status, name).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/text\/plain/);
      expect(answer.body).toBe(refusal(emu.apikey, name));
      // A policy alone is not security.
      const half = await request(`${emu.url}/resize=width:10/${name}/security=p:e30=/${png}`);
      expect(half.status, name).toBe(403);
      expect(half.body).toBe(refusal(emu.apikey, name));
    }
    const secured403 = await request(`${secured.url}/sfw/${securedPng}`);
    expect(secured403.status).toBe(403);
    expect(secured403.body).toBe(refusal(secured.apikey, 'sfw'));
  });

  it('without a secret answers the fixed JSON to any security task or query, unchecked', async () => {
    // Nothing to check the signature against: only its presence counts.
    const unchecked = task({ policy: 'eyJleHBpcnkiOjF9', signature: 'not-a-signature' });
    const tags = await request(`${emu.url}/tags/${unchecked}/${png}`);
    expect(tags.status).toBe(200);
    expect(tags.body).toEqual({ tags: { auto: {}, user: null } });
    const sfw = await request(`${emu.url}/sfw/${png}?policy=eyJleHBpcnkiOjF9&signature=abc`);
    expect(sfw.status).toBe(200);
    expect(sfw.body).toEqual({ sfw: true });
  });

  it('with a secret checks the signature and needs the convert call', async () => {
    const convert = sign({ expiry: inAnHour(), call: ['convert'], handle: securedPng });
    const forged = { ...convert, signature: '0'.repeat(64) };
    const bad = await request(`${secured.url}/tags/${task(forged)}/${securedPng}`);
    expect(bad.status).toBe(403);
    expect(bad.body).toBe(
      `application ${secured.apikey} policy error: signature does not match the policy`,
    );
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    const readOnly = await request(`${secured.url}/sfw/${task(read)}/${securedPng}`);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toBe(
      `application ${secured.apikey} policy error: policy does not allow call "convert"`,
    );
    const tags = await request(`${secured.url}/tags/${task(convert)}/${securedPng}`);
    expect(tags.status).toBe(200);
    expect(tags.body).toEqual({ tags: { auto: {}, user: null } });
    expect(tags.headers.get('x-fs-emulator-unapplied')).toBe('tags');
    const sfw = await request(`${secured.url}/sfw/${task(convert)}/${securedPng}`);
    expect(sfw.status).toBe(200);
    expect(sfw.body).toEqual({ sfw: true });
  });
});
