import { createHmac } from 'node:crypto';
import { md5Base64, seededBytes } from '@fs/test-kit';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Emulator } from '../src/index.js';

/** vitest's hooks, for `useEmulator` (this package's vitest runs without globals). */
export const hooks = { beforeAll, afterAll, beforeEach };

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function parse<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    body = JSON.parse(text);
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** POSTs a JSON body and parses the answer. */
export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  return parse<T>(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** POSTs multipart/form-data with flat string fields, as PHP and Java do. */
export async function postForm<T = Record<string, unknown>>(
  url: string,
  fields: Record<string, string>,
): Promise<Answer<T>> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  // PHP adds an empty file part named `files` to every request.
  form.append('files', new Blob([]), '');
  return parse<T>(await fetch(url, { method: 'POST', body: form }));
}

export async function request<T = unknown>(
  url: string,
  init: RequestInit = {},
): Promise<Answer<T>> {
  return parse<T>(await fetch(url, init));
}

/** Deterministic test bytes, as a Buffer (the kit's `seededBytes`). */
export const testBytes = (size: number, seed = 1): Buffer =>
  Buffer.from(seededBytes(size, seed).buffer);

/** A signed policy, as a backend holding the app secret would make it. */
export function signedPolicy(
  secret: string,
  policy: Record<string, unknown>,
  alphabet: 'url' | 'standard' = 'url',
  padding = true,
): { policy: string; signature: string } {
  let encoded = Buffer.from(JSON.stringify(policy)).toString('base64');
  if (alphabet === 'url') encoded = encoded.replace(/\+/g, '-').replace(/\//g, '_');
  if (!padding) encoded = encoded.replace(/=+$/, '');
  const signature = createHmac('sha256', secret).update(encoded).digest('hex');
  return { policy: encoded, signature };
}

export const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** What the upload helpers need of an emulator, in this process or in a child. */
export type EmulatorLike = Pick<Emulator, 'apikey' | 'urls'>;

export interface StartAnswer {
  uri: string;
  region: string;
  upload_id: string;
  location_url: string;
  location_region?: string;
  upload_type?: string;
}

export interface UploadOptions {
  filename?: string;
  mimetype?: string;
  partSize?: number;
  store?: Record<string, unknown>;
  security?: { policy: string; signature: string };
  /** Reverse the parts list in complete (the server must sort it). */
  reverseParts?: boolean;
  /** Strip the quotes from ETags (Swift). */
  bareEtags?: boolean;
}

/** The call fields every upload request after start repeats. */
export function echo(emu: EmulatorLike, start: StartAnswer) {
  return {
    apikey: emu.apikey,
    uri: start.uri,
    region: start.region,
    upload_id: start.upload_id,
    store: { location: 's3' },
  };
}

export async function startUpload(
  emu: EmulatorLike,
  size: number,
  extra: Record<string, unknown> = {},
): Promise<Answer<StartAnswer>> {
  return postJson<StartAnswer>(`${emu.urls.upload}/multipart/start`, {
    apikey: emu.apikey,
    filename: 'file.bin',
    mimetype: 'application/octet-stream',
    size,
    store: { location: 's3' },
    ...extra,
  });
}

/** A part PUT URL of a new upload, with the headers to send. */
export interface PartUrl {
  url: string;
  headers: Record<string, string>;
  start: StartAnswer;
}

/** Starts an upload of `bytes` and asks for the URL of part 1 (of its chunk at `offset`: FII). */
export async function partUrl(
  emu: EmulatorLike,
  bytes: Uint8Array,
  offset?: number,
): Promise<PartUrl> {
  const fii = offset === undefined ? {} : { fii: true };
  const { body: start } = await startUpload(emu, bytes.length, fii);
  const upload = await postJson<{ url: string; headers: Record<string, string> }>(
    `${start.location_url}/multipart/upload`,
    { ...echo(emu, start), part: 1, size: bytes.length, md5: md5Base64(bytes), ...fii, offset },
  );
  return { start, ...upload.body };
}

/** Gets a part URL and PUTs the bytes to it with the returned headers. */
export async function putPart(
  emu: EmulatorLike,
  start: StartAnswer,
  part: number,
  bytes: Uint8Array,
  extra: Record<string, unknown> = {},
): Promise<{ etag: string; status: number }> {
  const upload = await postJson<{ url: string; headers: Record<string, string> }>(
    `${start.location_url}/multipart/upload`,
    { ...echo(emu, start), part, size: bytes.length, md5: md5Base64(bytes), ...extra },
  );
  if (upload.status !== 200) throw new Error(`upload answered ${upload.status}`);
  const put = await fetch(upload.body.url, {
    method: 'PUT',
    headers: upload.body.headers,
    body: asBody(bytes),
  });
  await put.arrayBuffer();
  return { etag: put.headers.get('etag') ?? '', status: put.status };
}

/** A whole regular upload through the raw protocol (docs/protocol.md#upload-sequence). */
export async function uploadRegular(
  emu: EmulatorLike,
  bytes: Uint8Array,
  options: UploadOptions = {},
): Promise<Answer> {
  const partSize = options.partSize ?? 5;
  const store = options.store ?? { location: 's3' };
  const started = await startUpload(emu, bytes.length, {
    filename: options.filename ?? 'file.bin',
    mimetype: options.mimetype ?? 'application/octet-stream',
    store,
    ...options.security,
  });
  if (started.status !== 200) return started as unknown as Answer;
  const start = started.body;
  const parts: { part_number: number; etag: string }[] = [];
  for (let offset = 0, part = 1; offset < bytes.length; offset += partSize, part++) {
    const { etag } = await putPart(emu, start, part, bytes.subarray(offset, offset + partSize));
    parts.push({ part_number: part, etag: options.bareEtags ? etag.replace(/"/g, '') : etag });
  }
  if (options.reverseParts) parts.reverse();
  return postJson(`${start.location_url}/multipart/complete`, {
    ...echo(emu, start),
    store,
    filename: options.filename ?? 'file.bin',
    mimetype: options.mimetype ?? 'application/octet-stream',
    size: bytes.length,
    parts,
    ...options.security,
  });
}

export async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A fetch body from any bytes (a copy typed as the DOM lib wants it). */
export const asBody = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);
