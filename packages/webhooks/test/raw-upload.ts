import type { Emulator } from '@fs/emulator';

/**
 * Stores one file on the emulator with the raw upload protocol (start, one part, complete),
 * which makes it send `fp.upload`. Raw, because @fs/webhooks does not depend on @fs/upload.
 */
export async function rawUpload(
  emulator: Emulator,
  bytes: Uint8Array,
  filename: string,
  mimetype: string,
): Promise<Record<string, string>> {
  const post = async (path: string, body: object) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: emulator.apikey, store: { location: 's3' }, ...body }),
    });
    return (await response.json()) as Record<string, string>;
  };
  const file = { filename, mimetype, size: bytes.length };
  const start = await post('/multipart/start', file);
  const ids = { uri: start.uri, region: start.region, upload_id: start.upload_id };
  const part = await post('/multipart/upload', { ...ids, part: 1, size: bytes.length });
  const put = await fetch(part.url!, {
    method: 'PUT',
    headers: part.headers as unknown as Record<string, string>,
    body: new Uint8Array(bytes),
  });
  return post('/multipart/complete', {
    ...ids,
    ...file,
    parts: [{ part_number: 1, etag: put.headers.get('etag') }],
  });
}
