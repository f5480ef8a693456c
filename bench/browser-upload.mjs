// Browser upload throughput and main-thread blocking, in headless Chromium against
// @fs/emulator on loopback. A script, not a test:
//
//   pnpm build && pnpm --filter @fs/bench browser-upload
//   pnpm --filter @fs/bench browser-upload -- --mib 64 --runs 5 --baseline main~3
//   pnpm --filter @fs/bench browser-upload -- --only 'MD5 on'   # and the ceiling, always
//
// The page (browser-upload.page.js) makes a File of random bytes and uploads it, one upload at
// a time, each to a fresh emulator: the raw protocol with the whole File in one XHR PUT (the
// ceiling), @fs/upload with MD5 on and off, filestack-js, and with --baseline <git ref>[,<ref>...]
// the @fs/upload of those commits built from their sources. Each stored file's SHA-256 is checked
// against the page's. Prints MiB/s (best of --runs), the ratio to the ceiling, and for the
// page's main thread, worst of the runs: the longest task seen during the upload
// (PerformanceObserver 'longtask', wall time) and, from a Chromium trace, the most CPU any one
// task used (on a busy machine wall time mostly measures waiting for a core).
//
// Chromium is started as apps/web's browser tests start it, and the bundles are made by the
// same helper they use (run through tsx: those helpers are TypeScript).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@fs/emulator';
import { build } from 'esbuild';
import { bundleBrowserEntries } from '../apps/web/test/support/browser-entries.ts';
import { CHROMIUM_PATH, launchChromium } from '../apps/web/test/support/chromium.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(benchDir);
const uploadDir = join(rootDir, 'packages/upload');
const args = process.argv.slice(2);

function flag(name, fallback) {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
}

const mib = Number(flag('mib', 128));
const runs = Number(flag('runs', 3));
const baselines = flag('baseline', undefined)?.split(',') ?? [];
const only = flag('only', undefined)?.split(',');

if (!existsSync(join(uploadDir, 'dist/index.js'))) {
  throw new Error('packages/upload/dist is missing: run `pnpm build` first');
}

// What the page loads, by path. @fs/upload is bundled from its built dist as an app's bundler
// would (esbuild); esbuild leaves `new URL('./md5.worker.js', import.meta.url)` as it is, so the
// worker file is served next to the bundle, as an esbuild user would copy it.
const assets = new Map();
const serve = (path, body) => assets.set(path, body);
serve('/', '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
serve('/page.js', readFileSync(join(benchDir, 'browser-upload.page.js')));
serve('/upload-clients.js', readFileSync(join(benchDir, 'upload-clients.js')));
const entries = await bundleBrowserEntries([{ name: '@fs/upload', dir: uploadDir }]);
serve('/fs/upload.js', entries.get('@fs/upload'));
const workerFile = join(uploadDir, 'dist/md5.worker.js');
if (existsSync(workerFile)) serve('/fs/md5.worker.js', readFileSync(workerFile));
serve('/filestack-js.js', await bundleFilestackJs());
for (const [i, ref] of baselines.entries()) {
  for (const [name, code] of await bundleBaseline(ref)) serve(`/baseline/${i}/${name}`, code);
}

const allCases = [
  { label: 'raw XHR, one PUT (ceiling)', kind: 'raw' },
  { label: '@fs/upload, MD5 on', kind: 'fs', moduleUrl: '/fs/upload.js', integrity: true },
  { label: '@fs/upload, MD5 off', kind: 'fs', moduleUrl: '/fs/upload.js', integrity: false },
  ...baselines.flatMap((ref, i) => [
    {
      label: `@fs/upload ${ref}, MD5 on`,
      kind: 'fs',
      moduleUrl: `/baseline/${i}/upload.js`,
      integrity: true,
    },
    {
      label: `@fs/upload ${ref}, MD5 off`,
      kind: 'fs',
      moduleUrl: `/baseline/${i}/upload.js`,
      integrity: false,
    },
  ]),
  { label: 'filestack-js', kind: 'filestack-js', moduleUrl: '/filestack-js.js' },
];
const cases = allCases.filter(
  (c, i) => i === 0 || !only || only.some((part) => c.label.includes(part)),
);

const server = http.createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const body = assets.get(path);
  if (body === undefined) {
    response.writeHead(404).end();
    return;
  }
  const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/`;

// Other work on the machine slows every run down: the table says how busy it was.
const loadBefore = loadavg()[0];
const chromium = await launchChromium();
const results = new Map(cases.map((c) => [c, []]));
try {
  const page = await chromium.context.newPage();
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'bench' in window);
  const sha256 = await page.evaluate((size) => window.bench.makeFile(size), mib);
  const cdp = await chromium.context.newCDPSession(page);
  for (let run = 0; run < runs; run++) {
    for (const c of cases) {
      const emu = await startEmulator({ port: 0 });
      try {
        const { label, ...options } = c;
        const { result, mainTask } = await traced(cdp, () =>
          page.evaluate(
            ([kind, opts]) => window.bench.run(kind, opts),
            [c.kind, { ...options, apikey: emu.apikey, urls: emu.urls }],
          ),
        );
        result.mainTaskCpu = mainTask.cpu;
        const meta = await (
          await fetch(`${emu.url}/api/file/${result.handle}/metadata?sha256=true&size=true`)
        ).json();
        if (meta.sha256 !== sha256) throw new Error(`${label}: the stored bytes differ`);
        results.get(c).push(result);
        process.stderr.write(
          `run ${run + 1}/${runs} ${label}: ${(mib / (result.ms / 1000)).toFixed(0)} MiB/s, longest task ${result.longest.toFixed(0)} ms, most CPU in a task ${mainTask.cpu.toFixed(0)} ms (${mainTask.wall.toFixed(0)} ms wall)\n`,
        );
      } finally {
        await emu.close();
      }
    }
  }
  const usedWorker = workers.some((url) => url.endsWith('/fs/md5.worker.js'));
  print(usedWorker);
} finally {
  await chromium.close();
  server.close();
}

function print(usedWorker) {
  const version = execFileSync(CHROMIUM_PATH, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const rate = (ms) => mib / (ms / 1000);
  const best = (c) => Math.min(...results.get(c).map((r) => r.ms));
  const ceiling = rate(best(cases[0]));
  console.log(
    `\n${mib} MiB File made in the page, uploaded to @fs/emulator on loopback; best of ${runs} (${version}, node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after)\n`,
  );
  console.log(
    '| upload | MiB/s | x ceiling | longest main-thread task, wall (longtask) | most main-thread CPU in one task (trace) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const speed = rate(best(c));
    const worst = (key) => Math.max(...results.get(c).map((r) => r[key]));
    const longest = worst('longest');
    const task = longest === 0 ? 'none over 50 ms' : `${longest.toFixed(0)} ms`;
    console.log(
      `| ${c.label} | ${speed.toFixed(0)} | ${(speed / ceiling).toFixed(2)} | ${task} | ${worst('mainTaskCpu').toFixed(0)} ms |`,
    );
  }
  const fjs = cases.find((c) => c.kind === 'filestack-js');
  const on = cases.find((c) => c.label === '@fs/upload, MD5 on');
  if (fjs && on) {
    console.log(`\n@fs/upload MD5 on / filestack-js: ${(best(fjs) / best(on)).toFixed(1)}x faster`);
  }
  console.log(`MD5 hashed in a module Worker: ${usedWorker ? 'yes' : 'no'}`);
}

/**
 * Runs `run` under a Chromium trace of top-level tasks and returns its result with the page's
 * main-thread task that used the most CPU. A task's wall time also counts the time its thread
 * waited for a core, which on a busy machine dwarfs its own work; its CPU time does not.
 */
async function traced(cdp, run) {
  const events = [];
  const collect = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel'] },
    transferMode: 'ReportEvents',
  });
  let result;
  try {
    result = await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let mainTask = { cpu: 0, wall: 0 };
  for (const e of events) {
    const task = e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask';
    if (task && main.has(`${e.pid}:${e.tid}`) && (e.tdur ?? 0) / 1000 > mainTask.cpu) {
      mainTask = { cpu: e.tdur / 1000, wall: e.dur / 1000 };
    }
  }
  return { result, mainTask };
}

/** filestack-js's browser build, bundled like @fs/upload (it needs tslib, found from bench). */
async function bundleFilestackJs() {
  const require = createRequire(join(benchDir, 'package.json'));
  const dir = realpathSync(dirname(require.resolve('filestack-js/package.json')));
  const bundles = await bundleBrowserEntries([{ name: 'filestack-js', dir }]);
  return bundles.get('filestack-js');
}

/**
 * @fs/upload as it was at `ref`, bundled from that commit's sources of @fs/upload and @fs/core
 * (their dependencies, ky, from today's install): `upload.js`, and `md5.worker.js` beside it
 * when that commit had the worker.
 */
async function bundleBaseline(ref) {
  const scratch = mkdtempSync(join(tmpdir(), 'fs-bench-baseline-'));
  try {
    const archive = execFileSync('git', [
      '-C',
      rootDir,
      'archive',
      ref,
      'packages/core/src',
      'packages/upload/src',
    ]);
    execFileSync('tar', ['-x', '-C', scratch], { input: archive });
    const src = join(scratch, 'packages/upload/src');
    const entries = { upload: join(src, 'index.ts') };
    if (existsSync(join(src, 'md5.worker.ts'))) entries['md5.worker'] = join(src, 'md5.worker.ts');
    const result = await build({
      entryPoints: entries,
      outdir: '/',
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      alias: { '@fs/core': join(scratch, 'packages/core/src/index.ts') },
      nodePaths: [join(rootDir, 'packages/core/node_modules')],
      define: { __FS_VERSION__: '"baseline"' },
      logLevel: 'silent',
    });
    return result.outputFiles.map((file) => [file.path.slice(1), file.text]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
