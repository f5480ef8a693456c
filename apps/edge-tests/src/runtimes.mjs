/**
 * Starting each runtime from the binaries its npm package ships (no download at run time).
 * Each `run*` takes the bundle from bundle.mjs and the harness config, and resolves with the
 * test results the bundle's `run(config)` returned.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { APP_DIR, ROOT } from './bundle.mjs';

const require = createRequire(join(APP_DIR, 'package.json'));
const OUT = join(APP_DIR, 'dist');
const MARK = '@@fs-edge-results@@';

/** The file a bundle and its launcher are written to (inside the app, so node_modules resolve). */
function writeBundle(runtime, code) {
  mkdirSync(OUT, { recursive: true });
  const bundle = join(OUT, `suite.${runtime}.mjs`);
  writeFileSync(bundle, code);
  const launcher = join(OUT, `main.${runtime}.mjs`);
  writeFileSync(
    launcher,
    [
      `import { run } from './suite.${runtime}.mjs';`,
      'const args = globalThis.Deno ? Deno.args : process.argv.slice(2);',
      'const results = await run(JSON.parse(args[0]));',
      `console.log('\\n${MARK}' + JSON.stringify(results));`,
    ].join('\n'),
  );
  return launcher;
}

function spawnCollect(command, args, { timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: APP_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const at = stdout.lastIndexOf(MARK);
      if (at === -1) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
        reject(new Error(`${command} exited (${signal ?? code}) without results:\n${tail}`));
        return;
      }
      resolve(JSON.parse(stdout.slice(at + MARK.length).split('\n')[0]));
    });
  });
}

/** Bun's binary from its platform package (what `bun`'s postinstall would copy). */
export function bunBinary() {
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch];
  const name = `@oven/bun-${platform}-${arch}`;
  const bunDir = dirname(require.resolve('bun/package.json'));
  const fromBun = createRequire(join(bunDir, 'package.json'));
  return join(dirname(fromBun.resolve(`${name}/package.json`)), 'bin', 'bun');
}

/** Deno's launcher (`deno/bin.cjs` finds the platform binary itself; no postinstall needed). */
export function denoLauncher() {
  return require.resolve('deno/bin.cjs');
}

export async function runBun(code, config) {
  const launcher = writeBundle('bun', code);
  return spawnCollect(bunBinary(), [launcher, JSON.stringify(config)], { timeoutMs: 300_000 });
}

export async function runDeno(code, config) {
  const launcher = writeBundle('deno', code);
  const args = [
    denoLauncher(),
    'run',
    '--no-prompt',
    '--no-config',
    '--node-modules-dir=manual',
    '--allow-net=127.0.0.1',
    // tinyrainbow (Vitest's colours, inside @vitest/expect) reads these; nothing else may.
    '--allow-env=FORCE_TTY,NO_COLOR,FORCE_COLOR,TERM,CI',
    `--allow-read=${ROOT}`,
    launcher,
    JSON.stringify(config),
  ];
  return spawnCollect(process.execPath, args, { timeoutMs: 300_000 });
}

export async function runWorkerd(code, config) {
  const { Miniflare } = await import('miniflare');
  let output = '';
  const mf = new Miniflare({
    modules: true,
    script: code,
    scriptPath: join(OUT, 'suite.workerd.mjs'),
    // Not after the workerd build's own date (miniflare 4.20260426 ships workerd 1.20260426).
    compatibilityDate: '2026-04-01',
    // node:crypto and node:zlib for the tests' own helpers (an independent HMAC, a PNG encoder);
    // the packages under test use Web APIs only.
    compatibilityFlags: ['nodejs_compat'],
    // The worker's console goes to a buffer, shown only when the run breaks (as for Bun/Deno).
    handleRuntimeStdio(stdout, stderr) {
      stdout.on('data', (d) => (output += d));
      stderr.on('data', (d) => (output += d));
    },
  });
  try {
    const response = await mf.dispatchFetch('http://edge-tests.local/', {
      method: 'POST',
      body: JSON.stringify(config),
    });
    const text = await response.text();
    if (!response.ok) {
      const tail = output.trim().split('\n').slice(-15).join('\n');
      throw new Error(`workerd answered ${response.status}: ${text.slice(0, 2000)}\n${tail}`);
    }
    return JSON.parse(text);
  } finally {
    await mf.dispose();
  }
}
