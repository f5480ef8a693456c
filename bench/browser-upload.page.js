// The page side of browser-upload.mjs: makes the file in the page and runs one upload at a
// time, timing it on the page's clock and collecting the long tasks seen meanwhile.
import { filestackJsClient, rawUpload } from './upload-clients.js';

const MIB = 1024 * 1024;

/** Every main-thread task over 50 ms since the page loaded (PerformanceObserver 'longtask'). */
const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(entry);
}).observe({ type: 'longtask', buffered: true });

let file;

/**
 * A `File` of `mib` MiB of random-looking bytes (xorshift, so it does not compress), made in
 * the page as an app would hold a picked file. Resolves with its SHA-256 in hex.
 */
async function makeFile(mib) {
  const chunks = [];
  let state = 0x9e3779b9;
  for (let i = 0; i < mib; i++) {
    const words = new Uint32Array(MIB / 4);
    for (let j = 0; j < words.length; j++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[j] = state;
    }
    chunks.push(words);
  }
  file = new File(chunks, 'bench.bin', { type: 'application/octet-stream' });
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The ceiling: the whole File in one XHR PUT, between start and complete. */
async function rawXhrUpload({ apikey, urls }) {
  const put = (target) =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', target.url);
      for (const [name, value] of Object.entries(target.headers ?? {}))
        xhr.setRequestHeader(name, value);
      xhr.onload = () =>
        xhr.status === 200
          ? resolve(xhr.getResponseHeader('ETag'))
          : reject(new Error(`PUT ${xhr.status}`));
      xhr.onerror = () => reject(new Error('PUT failed'));
      xhr.send(file);
    });
  const { name: filename, type: mimetype, size } = file;
  const { handle } = await rawUpload({ apikey, urls, filename, mimetype, size, put });
  return handle;
}

async function fsUpload(moduleUrl, { apikey, urls, integrity }) {
  const { upload } = await import(moduleUrl);
  const stored = await upload(file, { apikey, urls, integrity });
  return stored.handle;
}

async function filestackJsUpload(moduleUrl, { apikey, urls }) {
  const { init } = await import(moduleUrl);
  const client = filestackJsClient(init, apikey, urls);
  const stored = await client.upload(file);
  if (!stored?.handle) throw new Error(`filestack-js answered ${JSON.stringify(stored)}`);
  return stored.handle;
}

/**
 * One timed upload of the file. `kind` is 'raw', 'fs' or 'filestack-js'; modules are imported
 * before the clock starts. Resolves with the time it took, the stored handle and the long
 * tasks that started during it.
 */
async function run(kind, options) {
  if (options.moduleUrl) await import(options.moduleUrl);
  const started = performance.now();
  let handle;
  if (kind === 'raw') handle = await rawXhrUpload(options);
  else if (kind === 'fs') handle = await fsUpload(options.moduleUrl, options);
  else handle = await filestackJsUpload(options.moduleUrl, options);
  const ended = performance.now();
  // Long-task entries are delivered after the task: give the observer a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const during = longTasks.filter((task) => task.startTime >= started && task.startTime <= ended);
  return {
    ms: ended - started,
    handle,
    longest: Math.max(0, ...during.map((task) => task.duration)),
    longTasks: during.length,
  };
}

window.bench = { makeFile, run };
