import type { Emulator } from '@fs/emulator';
import { expect } from 'vitest';

/** The name and type of a file stored by {@link rawUpload}. */
export interface RawFile {
  filename: string;
  mimetype: string;
}

/**
 * Uploads `bytes` with the raw upload protocol (start, one part, complete), so these tests need
 * no other SDK package; answers the handle. `extra` goes into every request (a policy and its
 * signature, say).
 */
export async function rawUpload(
  emu: Pick<Emulator, 'url' | 'apikey'>,
  bytes: Uint8Array,
  file: RawFile,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const post = async (path: string, body: object) => {
    const response = await fetch(emu.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  };
  const call = { apikey: emu.apikey, store: { location: 's3' }, ...extra };
  const sized = { ...file, size: bytes.length };
  const start = await post('/multipart/start', { ...call, ...sized });
  const ids = { uri: start.uri, region: start.region, upload_id: start.upload_id };
  const part = await post('/multipart/upload', { ...call, ...ids, part: 1, size: bytes.length });
  const put = await fetch(part.url as string, {
    method: 'PUT',
    headers: part.headers as Record<string, string>,
    body: new Uint8Array(bytes),
  });
  const done = await post('/multipart/complete', {
    ...call,
    ...ids,
    ...sized,
    parts: [{ part_number: 1, etag: put.headers.get('etag') }],
  });
  return done.handle as string;
}
