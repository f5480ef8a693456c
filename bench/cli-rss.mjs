// Peak RSS of `filestack upload` for a 20 MiB and a 200 MiB file, side by side with the SDK
// alone (`uploadFile` of @fs/upload) doing the same upload, so what the CLI adds is visible:
//
//   pnpm build && pnpm --filter @fs/bench cli-rss [-- --small-mib 20 --large-mib 200 --runs 3]
//
// Each upload runs in a child process of its own (its RSS is its own); the emulator runs in
// this process. Two settings: the defaults (8 MiB parts, 4 in flight), and 5 MiB parts, with
// which the 20 MiB file fills the 4 lanes as the large one does. Prints one table and fails when
// memory grows by more than 10% with the file, or when the CLI's own share grows.
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));

// Loaded into the measured process (its source, as a data: URL): prints its peak RSS on stderr
// as it exits.
function reportMaxRss() {
  process.on('exit', () => process.stderr.write(`\nmaxRSS=${process.resourceUsage().maxRSS}\n`));
}
const probe = () => `data:text/javascript,${encodeURIComponent(`(${reportMaxRss})();`)}`;

if (process.argv[2] === '--sdk') {
  await sdkChild(JSON.parse(process.argv[3]));
} else {
  await main();
}

async function main() {
  const { values } = parseArgs({
    // pnpm 10 passes the `--` of `pnpm --filter @fs/bench <script> -- --flag` on to the script.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      'small-mib': { type: 'string', default: '20' },
      'large-mib': { type: 'string', default: '200' },
      runs: { type: 'string', default: '3' },
    },
  });
  const runs = Number(values.runs);
  const sizes = [Number(values['small-mib']), Number(values['large-mib'])];
  const { startEmulator } = await import('@fs/emulator');
  const dir = await mkdtemp(join(tmpdir(), 'fs-cli-rss-'));
  const emu = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') });
  const target = { endpoint: emu.url, apikey: emu.apikey };
  try {
    const files = {};
    for (const mib of sizes) {
      const path = await generate(join(dir, `file-${mib}.bin`), mib * MIB);
      files[mib] = { path, md5: await md5Of(path) };
    }
    const rows = [];
    for (const partMib of [8, 5]) {
      for (const client of ['filestack upload', 'SDK uploadFile']) {
        const row = { client, partMib, peaks: {} };
        for (const mib of sizes) {
          const samples = [];
          for (let run = 0; run < runs; run++) {
            const measure = client === 'SDK uploadFile' ? viaSdk : viaCli;
            samples.push(await measure(files[mib], partMib, target, emu));
          }
          // The median run: one run can be pushed up by the machine, the others keep it honest.
          samples.sort((a, b) => a - b);
          row.peaks[mib] = samples[Math.floor(samples.length / 2)];
        }
        rows.push(row);
      }
    }
    report(rows, sizes, runs);
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function report(rows, [small, large], runs) {
  const mb = (kib) => (kib / 1024).toFixed(1);
  const growth = (row) => (row.peaks[large] / row.peaks[small] - 1) * 100;
  console.log(`\nPeak RSS (MiB, median of ${runs} runs), 4 parts in flight:\n`);
  console.log(`| client | part size | ${small} MiB file | ${large} MiB file | growth |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const g = growth(row);
    console.log(
      `| ${row.client} | ${row.partMib} MiB | ${mb(row.peaks[small])} | ${mb(row.peaks[large])} | ${g >= 0 ? '+' : ''}${g.toFixed(1)}% |`,
    );
  }
  const find = (client, partMib) => rows.find((r) => r.client === client && r.partMib === partMib);
  const checks = [];
  for (const partMib of [8, 5]) {
    const ours = find('filestack upload', partMib);
    const sdk = find('SDK uploadFile', partMib);
    const share = (mib) => ours.peaks[mib] - sdk.peaks[mib];
    console.log(
      `\n${partMib} MiB parts: the CLI adds ${mb(share(small))} MiB over the SDK for ${small} MiB, ${mb(share(large))} MiB for ${large} MiB`,
    );
    checks.push([
      `CLI share flat (${partMib} MiB parts)`,
      share(large) - share(small) <= 0.1 * ours.peaks[small],
    ]);
  }
  // Parts are streamed from the file, so no part size or count of parts in flight should show.
  for (const partMib of [8, 5]) {
    checks.push([
      `CLI within 10% (${partMib} MiB parts)`,
      growth(find('filestack upload', partMib)) <= 10,
    ]);
  }
  for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

/** Peak RSS (KiB) of `filestack upload`, after checking it printed the file's MD5. */
async function viaCli(file, partMib, target) {
  const { stdout, maxRSS } = await runChild(
    ['--import', probe(), cli, 'upload', file.path, '--json', '--part-size', `${partMib}MiB`],
    { FILESTACK_ENDPOINT: target.endpoint, FILESTACK_API_KEY: target.apikey },
  );
  const result = JSON.parse(stdout.split('\n')[0]);
  if (result.md5 !== file.md5)
    throw new Error(`filestack printed MD5 ${result.md5}, not ${file.md5}`);
  return maxRSS;
}

/** Peak RSS (KiB) of the same upload with `uploadFile` alone. */
async function viaSdk(file, partMib, target, emu) {
  const { stdout, maxRSS } = await runChild(
    [
      '--import',
      probe(),
      self,
      '--sdk',
      JSON.stringify({
        path: file.path,
        partSize: partMib * MIB,
        apikey: target.apikey,
        urls: emu.urls,
      }),
    ],
    {},
  );
  const { handle } = JSON.parse(stdout);
  const stored = await fetch(`${emu.url}/${handle}/metadata?md5=true`).then((r) => r.json());
  if (stored.md5 !== file.md5) throw new Error(`the SDK stored MD5 ${stored.md5}, not ${file.md5}`);
  return maxRSS;
}

function runChild(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const maxRSS = Number(/maxRSS=(\d+)/.exec(stderr)?.[1]);
      if (code !== 0 || !maxRSS) reject(new Error(`exit ${code}: ${stderr.slice(-500)}`));
      else resolve({ stdout, maxRSS });
    });
  });
}

async function sdkChild({ path, partSize, apikey, urls }) {
  const { uploadFile } = await import('@fs/upload/node');
  const stored = await uploadFile(path, { apikey, urls, partSize });
  console.log(JSON.stringify({ handle: stored.handle }));
}

/** A file of `size` random bytes, written 1 MiB at a time (this process stays small too). */
async function generate(path, size) {
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(MIB);
  for (let written = 0; written < size; written += chunk.length) {
    randomFillSync(chunk);
    await file.write(chunk, 0, Math.min(chunk.length, size - written));
  }
  await file.close();
  return path;
}

async function md5Of(path) {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
