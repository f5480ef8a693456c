// Uploads a large generated file (default 2 GiB) to @fs/emulator through the raw protocol and
// reports the emulator's peak memory, to show that bytes stream to disk instead of being held.
// The emulator runs as a child process so its memory is measured alone (Linux /proc VmHWM).
//
//   node bench/emulator-memory.mjs [--size-mib 2048] [--part-mib 8] [--concurrency 3]
//                                  [--intelligent] [--limit-mb 200]
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  // pnpm 10 passes the `--` of `pnpm --filter @fs/bench <script> -- --flag` on to the script.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    'size-mib': { type: 'string', default: '2048' },
    'part-mib': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '3' },
    intelligent: { type: 'boolean', default: false },
    'limit-mb': { type: 'string', default: '200' },
  },
});
const MIB = 1024 * 1024;
const size = Number(values['size-mib']) * MIB;
const partSize = Number(values['part-mib']) * MIB;
const concurrency = Number(values.concurrency);
const limitMb = Number(values['limit-mb']);
const parts = Math.ceil(size / partSize);

const bin = new URL('../packages/emulator/bin/fs-emulator.js', import.meta.url);
const dataDir = await mkdtemp(join(tmpdir(), 'fs-emulator-bench-'));
const child = spawn(process.execPath, [bin.pathname, '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const origin = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
});

const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? 0);
let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, kib('VmRSS'));
}, 100);
const baseline = kib('VmRSS');

const apikey = 'FsEmulatorDefaultKey01';
async function post(path, body) {
  const response = await fetch(origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

// One random block; each part is that block with its own part number stamped in front, so
// parts differ without paying for 2 GiB of random generation.
const block = randomFillSync(Buffer.alloc(partSize));
function partBytes(n) {
  const length = Math.min(partSize, size - (n - 1) * partSize);
  const bytes = Buffer.from(block.subarray(0, length));
  bytes.writeUInt32BE(n, 0);
  return bytes;
}

const began = performance.now();
const start = await post('/multipart/start', {
  apikey,
  filename: 'big.bin',
  mimetype: 'application/octet-stream',
  size,
  store: { location: 's3' },
  fii: values.intelligent,
});
const ids = { apikey, uri: start.uri, region: start.region, upload_id: start.upload_id };
const etags = new Array(parts);
let next = 1;
async function worker() {
  while (next <= parts) {
    const n = next++;
    const bytes = partBytes(n);
    const md5 = createHash('md5').update(bytes).digest('base64');
    const extra = values.intelligent ? { fii: true, offset: 0 } : {};
    const upload = await post('/multipart/upload', {
      ...ids,
      part: n,
      size: bytes.length,
      md5,
      ...extra,
    });
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
    if (put.status !== 200) throw new Error(`PUT part ${n} answered ${put.status}`);
    etags[n - 1] = put.headers.get('etag');
    if (values.intelligent) await post('/multipart/commit', { ...ids, part: n, size });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const file = await post('/multipart/complete', {
  ...ids,
  filename: 'big.bin',
  mimetype: 'application/octet-stream',
  size,
  ...(values.intelligent
    ? { fii: true }
    : { parts: etags.map((etag, i) => ({ part_number: i + 1, etag })) }),
});
const uploaded = performance.now();

// The expected digest, from the same generator, in part order.
const expected = createHash('sha256');
for (let n = 1; n <= parts; n++) expected.update(partBytes(n));
const expectedHex = expected.digest('hex');

const download = createHash('sha256');
let downloaded = 0;
const response = await fetch(`${origin}/${file.handle}`);
for await (const chunk of response.body) {
  download.update(chunk);
  downloaded += chunk.length;
}
const meta = await (await fetch(`${origin}/api/file/${file.handle}/metadata?sha256=true`)).json();
clearInterval(sampler);
const peak = Math.max(kib('VmHWM'), sampledPeak);
child.kill('SIGINT');
await new Promise((resolve) => child.on('exit', resolve));
await rm(dataDir, { recursive: true, force: true });

const sameBytes = download.digest('hex') === expectedHex && downloaded === size;
const sameMeta = meta.sha256 === expectedHex;
const seconds = (uploaded - began) / 1000;
const peakMb = peak / 1024;
console.log(
  `emulator memory: ${(size / MIB).toFixed(0)} MiB upload, ${parts} parts of ${partSize / MIB} MiB, ${concurrency} in flight${values.intelligent ? ', intelligent' : ''}`,
);
console.log(
  `  upload + complete  ${seconds.toFixed(1)} s (${(size / MIB / seconds).toFixed(0)} MiB/s)`,
);
console.log(
  `  emulator RSS       ${(baseline / 1024).toFixed(0)} MB at start, peak ${peakMb.toFixed(0)} MB (limit ${limitMb} MB)`,
);
console.log(
  `  bytes back (CDN)   ${sameBytes ? 'same sha256' : 'DIFFERENT'}; metadata sha256 ${sameMeta ? 'matches' : 'DIFFERS'}`,
);
if (!sameBytes || !sameMeta || peakMb >= limitMb) process.exit(1);
