// What the upload benches compare @fs/upload with, in plain JavaScript that runs in Node
// (upload.mjs) and in the page (browser-upload.page.js): the ceiling, which is the multipart
// protocol by hand with the whole file as one part, and filestack-js pointed at the emulator.

/**
 * A filestack-js client (`init` from either of its builds) that talks to the emulator at `urls`.
 */
export function filestackJsClient(init, apikey, urls) {
  const client = init(apikey);
  client.session.urls = {
    ...client.session.urls,
    uploadApiUrl: urls.upload,
    cdnUrl: urls.cdn,
    fileApiUrl: `${urls.api}/file`,
    processUrl: urls.process,
  };
  return client;
}

/**
 * The ceiling: start, one upload URL, one PUT, complete. Uploads `size` bytes as one part. `put(target)` sends them to `target.url` with exactly
 * `target.headers` and resolves with the ETag. Resolves with the stored handle and when the PUT
 * was answered (`performance.now()`).
 */
export async function rawUpload({ apikey, urls, filename, mimetype, size, put }) {
  const store = { location: 's3' };
  const file = { filename, mimetype, size };
  const start = await post(`${urls.upload}/multipart/start`, { apikey, ...file, store });
  const base = /^https?:/.test(start.location_url)
    ? start.location_url
    : `https://${start.location_url}`;
  const session = {
    apikey,
    uri: start.uri,
    region: start.region,
    upload_id: start.upload_id,
    store,
  };
  const target = await post(`${base}/multipart/upload`, { ...session, part: 1, size });
  const etag = await put(target);
  const sentAt = performance.now();
  const stored = await post(`${base}/multipart/complete`, {
    ...session,
    ...file,
    parts: [{ part_number: 1, etag }],
  });
  return { handle: stored.handle, sentAt };
}

/** POSTs JSON to the upload API and resolves with the JSON answer. */
async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
