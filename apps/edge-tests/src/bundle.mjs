/**
 * Bundles the chosen test files of each suite (suites.mjs) with the Vitest shim into one ES
 * module per runtime, exporting `run(config)`. What changes from the files as Vitest runs them:
 *
 * - `vitest` is src/vitest-shim.ts (Vitest's own `@vitest/expect` underneath);
 * - `../src/index.js` is the package's published name, so the built package is what runs;
 * - `@fs/emulator` is src/emulator-shim.ts (a real emulator in the harness's Node process), and
 *   its three synchronous calls are awaited: `emu.stats()`, `emu.faults.add(`, `emu.reset()`;
 * - `node:fs` is a readFileSync over data files embedded at bundle time (suite `files`);
 * - `@fs/test-kit` (TypeScript sources) is bundled with the tests, whatever the runtime;
 * - `process.env.FC_RUNS` is undefined (fast-check's default run count stays as in Node).
 *
 * workerd gets everything in one file, resolved with the `workerd`/`worker`/`browser`
 * conditions as wrangler does; Bun and Deno import `@fs/*` themselves from node_modules, so
 * their own resolution of the packages' `exports` is part of the test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SUITES } from './suites.mjs';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = join(APP_DIR, '..', '..');
const SRC = join(APP_DIR, 'src');

/** Checks suites.mjs against the test folders; returns the files to run per suite. */
export function plannedFiles() {
  return SUITES.map((suite) => {
    const testDir = join(ROOT, suite.dir, 'test');
    const onDisk = readdirSync(testDir).filter((f) => f.endsWith('.test.ts'));
    const listed = new Set([...suite.include, ...Object.keys(suite.exclude)]);
    const unlisted = onDisk.filter((f) => !listed.has(f));
    if (unlisted.length > 0) {
      throw new Error(
        `${suite.package}: ${unlisted.join(', ')} not in apps/edge-tests/src/suites.mjs: include or exclude (with a reason)`,
      );
    }
    const missing = suite.include.filter((f) => !onDisk.includes(f));
    if (missing.length > 0) throw new Error(`${suite.package}: no test file ${missing.join(', ')}`);
    return { ...suite, testDir, files: suite.include.map((f) => join(testDir, f)) };
  });
}

function embeddedFiles() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const suite of SUITES) {
    for (const entry of suite.files ?? []) {
      const walk = (path) => {
        if (statSync(path).isDirectory()) for (const f of readdirSync(path)) walk(join(path, f));
        else
          out[relative(join(ROOT, suite.dir), path).split(sep).join('/')] = readFileSync(
            path,
            'utf8',
          );
      };
      walk(join(ROOT, suite.dir, entry));
    }
  }
  return out;
}

const FS_SHIM = (files) => `
const FILES = ${JSON.stringify(files)};
export function readFileSync(path, options) {
  const name = String(path instanceof URL ? path.pathname : path);
  const key = Object.keys(FILES).find((k) => name.endsWith('/' + k));
  if (key === undefined) throw new Error('edge fs shim: no embedded file for ' + name);
  const encoding = typeof options === 'string' ? options : options?.encoding;
  if (!encoding) throw new Error('edge fs shim: only text reads (readFileSync(path, "utf8"))');
  return FILES[key];
}
export default { readFileSync };
`;

/**
 * The harness's own check, run first in each runtime: a fixture whose outcome is known (one
 * pass, two different failures), so a runtime where failures went unnoticed is caught.
 */
export function selfCheckFiles() {
  const testDir = join(APP_DIR, 'test', 'fixtures');
  return [
    {
      package: 'self-check',
      dir: 'apps/edge-tests',
      testDir,
      include: ['self-check.fixture.ts'],
      files: [join(testDir, 'self-check.fixture.ts')],
    },
  ];
}

/**
 * @param {'workerd' | 'bun' | 'deno'} runtime
 * @param {ReturnType<typeof plannedFiles>} [suites] default: the packages' suites
 * @returns {Promise<string>} the bundle's source
 */
export async function bundleFor(runtime, suites = plannedFiles()) {
  const testDirs = suites.map((s) => s.testDir + sep);
  const inTests = (importer) => testDirs.some((dir) => importer.startsWith(dir));
  const packageOf = (importer) => suites.find((s) => importer.startsWith(s.testDir + sep));
  const selfContained = runtime === 'workerd';

  const lines = [
    `import { collectFile, runCollected } from ${JSON.stringify(join(SRC, 'vitest-shim.ts'))};`,
    `import { configureRemoteEmulator } from ${JSON.stringify(join(SRC, 'emulator-shim.ts'))};`,
    'export async function run(config) {',
    '  configureRemoteEmulator({ control: config.control });',
  ];
  for (const suite of suites) {
    for (const file of suite.files) {
      const label = `${suite.package} ${relative(suite.testDir, file)}`;
      lines.push(`  collectFile(${JSON.stringify(label)});`);
      lines.push(`  await import(${JSON.stringify(file)});`);
    }
  }
  lines.push(
    '  const results = await runCollected();',
    '  return { userAgent: globalThis.navigator?.userAgent ?? null, results };',
    '}',
  );
  if (runtime === 'workerd') {
    lines.push(
      'export default {',
      '  async fetch(request) {',
      '    return Response.json(await run(await request.json()));',
      '  },',
      '};',
    );
  }

  /** @type {import('esbuild').Plugin} */
  const plugin = {
    name: 'edge-tests',
    setup(b) {
      b.onResolve({ filter: /^vitest$/ }, () => ({ path: join(SRC, 'vitest-shim.ts') }));
      b.onResolve({ filter: /^@fs\/emulator$/ }, () => ({ path: join(SRC, 'emulator-shim.ts') }));
      b.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
        inTests(args.importer) ? { path: 'edge-fs', namespace: 'edge-fs' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'edge-fs' }, () => ({
        contents: FS_SHIM(embeddedFiles()),
        loader: 'js',
      }));
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: /^\.\.\/src\/index\.(js|ts)$/ }, async (args) => {
        const suite = packageOf(args.importer);
        if (!suite) return undefined;
        if (!selfContained) return { path: suite.package, external: true };
        return b.resolve(suite.package, { kind: args.kind, resolveDir: APP_DIR });
      });
      if (!selfContained) {
        // @fs/test-kit is TypeScript sources shared by the tests (never built): bundled, like
        // the test files themselves; only the packages under test are imported by name.
        b.onResolve({ filter: /^@fs\// }, (args) =>
          args.path === '@fs/test-kit' ? undefined : { path: args.path, external: true },
        );
      }
      // The Node emulator API is synchronous where the remote one cannot be.
      b.onLoad({ filter: /\/test\/(network|processing)\.test\.ts$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8')
          .replace(/\bemu\.stats\(\)/g, '(await emu.stats())')
          .replace(/(^|[^\w.])emu\.faults\.add\(/g, '$1await emu.faults.add(')
          .replace(/(^|[^\w.])emu\.reset\(\);/g, '$1await emu.reset();');
        return { contents: source, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };

  const result = await build({
    stdin: {
      contents: lines.join('\n'),
      resolveDir: APP_DIR,
      loader: 'js',
      sourcefile: 'edge-entry.js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: selfContained ? 'browser' : 'neutral',
    conditions: selfContained ? ['workerd', 'worker', 'browser'] : [],
    mainFields: selfContained ? ['browser', 'module', 'main'] : ['module', 'main'],
    define: {
      'process.env.FC_RUNS': 'undefined',
      'import.meta.url': JSON.stringify('file:///fs-edge/test/bundle.js'),
    },
    logLevel: 'silent',
    plugins: [plugin],
  });
  return result.outputFiles[0].text;
}
