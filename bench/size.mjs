/**
 * `pnpm size`: bundles each entry of size.config.mjs for the browser with esbuild (ESM,
 * minified, tree-shaken, `browser` + `import` conditions), gzips it at level 9, prints a table
 * beside the official filestack-js doing the same job, and exits non-zero when an entry is over
 * its budget, fails to build, or pulls a `node:` built-in into a browser bundle.
 *
 *   node size.mjs                 every entry
 *   node size.mjs core security   entries whose name contains "core" or "security"
 *   node size.mjs --json          the measurements as JSON on stdout
 *
 * An entry with `app` instead of `code` weighs a built app: the app's own `build` script runs,
 * then every `.js` file under its `dist` is minified output already and is gzipped as it is.
 * An entry with `file` weighs one built file that pages load on their own (a Worker script),
 * bundled and minified as the entry point of its own bundle.
 *
 * Workspace packages are resolved by name from their built `dist` (run `pnpm build` first; the
 * root `pnpm size` does), through a temporary node_modules of symlinks, so an entry can import
 * any `@fs/*` package without it being a dependency of bench.
 */

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * @typedef {object} SizeEntry
 * @property {string} name `<package>: <what>`, unique.
 * @property {number} budget Most bytes allowed, minified + gzip -9.
 * @property {string} [code] ES module source importing published `@fs/*` names.
 * @property {string} [app] Instead of `code`: a workspace app folder (e.g. `apps/web`) whose
 *   `build` script writes its production files to `dist`; all its JavaScript is weighed.
 * @property {string} [file] Instead of `code`: a built file, relative to the root, that a page
 *   loads on its own (e.g. `packages/upload/dist/md5.worker.js`), bundled as its own entry.
 * @property {string} [filestackJs] The same job with the official filestack-js.
 */

/**
 * @typedef {object} Measure
 * @property {number} [minified]
 * @property {number} [gzip]
 * @property {string[]} builtins `node:` modules the bundle imports.
 * @property {{ path: string, bytes: number }[]} largest Biggest inputs, for diagnosis.
 * @property {string} [error]
 */

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(benchDir);
const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const filters = args.filter((arg) => !arg.startsWith('--'));

const { default: config } = await import('./size.config.mjs');
const entries = /** @type {SizeEntry[]} */ (config).filter(
  (entry) => filters.length === 0 || filters.some((filter) => entry.name.includes(filter)),
);
checkConfig(entries);

const modulesDir = linkPackages();
try {
  const fjsCache = new Map();
  const rows = [];
  for (const entry of entries) {
    const fs = entry.app
      ? measureApp(entry.app)
      : entry.file
        ? await measure({ file: entry.file })
        : await measure({ code: entry.code });
    let fjs;
    if (entry.filestackJs) {
      if (!fjsCache.has(entry.filestackJs))
        fjsCache.set(entry.filestackJs, await measure({ code: entry.filestackJs }));
      fjs = fjsCache.get(entry.filestackJs);
    }
    rows.push({ entry, fs, fjs });
  }
  const failures = rows.flatMap(({ entry, fs }) =>
    problems(entry, fs).map((p) => `${entry.name}: ${p}`),
  );
  if (asJson) {
    const out = rows.map(({ entry, fs, fjs }) => ({
      name: entry.name,
      budget: entry.budget,
      gzip: fs.gzip ?? null,
      minified: fs.minified ?? null,
      filestackJs: fjs?.gzip ?? null,
      ratio: fs.gzip && fjs?.gzip ? fs.gzip / fjs.gzip : null,
      ok: problems(entry, fs).length === 0,
    }));
    console.log(JSON.stringify(out, null, 2));
  } else {
    printTable(rows);
  }
  for (const { entry, fs } of rows) {
    if (problems(entry, fs).length > 0 && fs.largest.length > 0) {
      console.error(`\n${entry.name}: largest inputs`);
      for (const input of fs.largest)
        console.error(`  ${String(input.bytes).padStart(7)} B  ${input.path}`);
    }
  }
  for (const { entry, fjs } of rows) {
    if (fjs?.error) console.error(`\n${entry.name}: filestack-js figure unavailable: ${fjs.error}`);
  }
  if (failures.length > 0) {
    console.error(`\npnpm size failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else if (!asJson) {
    console.log(`\n${rows.length} bundles within budget`);
  }
} finally {
  rmSync(dirname(modulesDir), { recursive: true, force: true });
}

/** @param {SizeEntry[]} list */
function checkConfig(list) {
  const seen = new Set();
  for (const entry of list) {
    const where = `size.config.mjs entry ${JSON.stringify(entry?.name)}`;
    if (typeof entry?.name !== 'string' || entry.name === '')
      throw new Error(`${where}: name must be a non-empty string`);
    if (seen.has(entry.name)) throw new Error(`${where}: duplicate name`);
    seen.add(entry.name);
    if (!Number.isInteger(entry.budget) || entry.budget <= 0)
      throw new Error(`${where}: budget must be a positive integer (bytes, min+gzip)`);
    if ([entry.code, entry.app, entry.file].filter((given) => given !== undefined).length !== 1)
      throw new Error(
        `${where}: give one of code (ES module source), app (an app folder) or file (a built file)`,
      );
    if (entry.code !== undefined && (typeof entry.code !== 'string' || entry.code.trim() === ''))
      throw new Error(`${where}: code must be ES module source`);
    if (entry.app !== undefined && !existsSync(join(rootDir, String(entry.app), 'package.json')))
      throw new Error(`${where}: app must be a folder with a package.json, relative to the root`);
    if (entry.file !== undefined && typeof entry.file !== 'string')
      throw new Error(`${where}: file must be a path relative to the root`);
    if (entry.filestackJs !== undefined && typeof entry.filestackJs !== 'string')
      throw new Error(`${where}: filestackJs must be ES module source`);
  }
}

/**
 * A temporary `node_modules` with `@fs/<name>` linked to each workspace package and
 * `filestack-js` linked to bench's copy. Packages resolve through their own `exports`.
 */
function linkPackages() {
  const dir = join(mkdtempSync(join(tmpdir(), 'fs-size-')), 'node_modules');
  mkdirSync(join(dir, '@fs'), { recursive: true });
  const packagesDir = join(rootDir, 'packages');
  for (const folder of readdirSync(packagesDir)) {
    const manifestPath = join(packagesDir, folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const { name } = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (typeof name === 'string' && name.startsWith('@fs/')) {
      symlinkSync(join(packagesDir, folder), join(dir, name), 'dir');
    }
  }
  try {
    const require = createRequire(join(benchDir, 'package.json'));
    const fjs = dirname(require.resolve('filestack-js/package.json'));
    symlinkSync(realpathSync(fjs), join(dir, 'filestack-js'), 'dir');
  } catch {
    // Not installed: entries with filestackJs report the figure as unavailable.
  }
  return dir;
}

/**
 * Bundles `code` (or the built `file`, as its own entry point) as a browser app would and
 * weighs it.
 * @param {{ code: string } | { file: string }} input
 * @returns {Promise<Measure>}
 */
async function measure(input) {
  const builtins = new Set();
  /** @type {import('esbuild').Plugin} */
  const nodeBuiltins = {
    name: 'node-builtins',
    setup(pluginBuild) {
      // Kept external so the build finishes and the table can name the culprit.
      pluginBuild.onResolve({ filter: /^node:/ }, (args) => {
        builtins.add(args.path);
        return { path: args.path, external: true };
      });
      pluginBuild.onResolve({ filter: /^[a-z_]+(\/.*)?$/ }, async (args) => {
        if (!BUILTINS.has(args.path.split('/')[0]) || args.pluginData === 'retry') return undefined;
        // A bare built-in name may still be satisfied by a browser mapping or an npm package.
        const found = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'retry',
        });
        if (found.errors.length === 0) return found;
        builtins.add(`node:${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  try {
    const result = await build({
      ...('file' in input
        ? { entryPoints: [join(rootDir, input.file)] }
        : {
            stdin: {
              contents: input.code,
              resolveDir: dirname(modulesDir),
              loader: 'js',
              sourcefile: 'entry.js',
            },
          }),
      bundle: true,
      write: false,
      minify: true,
      treeShaking: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['browser', 'import'],
      target: 'es2022',
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      nodePaths: [join(benchDir, 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [nodeBuiltins],
    });
    const output = result.outputFiles[0].contents;
    const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
    const largest = Object.entries(inputs)
      .map(([path, info]) => ({ path: shortPath(path), bytes: info.bytesInOutput }))
      .filter((input) => input.bytes > 0)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6);
    return {
      minified: output.length,
      gzip: gzipSync(output, { level: 9 }).length,
      builtins: [...builtins],
      largest,
    };
  } catch (error) {
    const messages = error?.errors?.map((e) => e.text).join('; ') ?? String(error);
    return { builtins: [...builtins], largest: [], error: messages };
  }
}

/**
 * Builds a workspace app with its own `build` script and weighs the JavaScript it ships: every
 * `.js` file under `dist`, each gzipped on its own as a browser downloads them, summed.
 * @param {string} app
 * @returns {Measure}
 */
function measureApp(app) {
  const dir = join(rootDir, app);
  const built = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) {
    const output = `${built.stdout ?? ''}${built.stderr ?? ''}`.trim().split('\n').slice(-5);
    return {
      builtins: [],
      largest: [],
      error: `pnpm run build in ${app} failed: ${output.join(' | ')}`,
    };
  }
  const dist = join(dir, 'dist');
  const files = existsSync(dist)
    ? readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))
    : [];
  if (files.length === 0) return { builtins: [], largest: [], error: `no .js file in ${app}/dist` };
  let minified = 0;
  let gzip = 0;
  const largest = [];
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    minified += bytes.length;
    const zipped = gzipSync(bytes, { level: 9 }).length;
    gzip += zipped;
    largest.push({ path: relative(rootDir, join(dist, file)), bytes: zipped });
  }
  largest.sort((a, b) => b.bytes - a.bytes);
  return { minified, gzip, builtins: [], largest: largest.slice(0, 6) };
}

/** @param {SizeEntry} entry @param {Measure} fs */
function problems(entry, fs) {
  const out = [];
  if (fs.error) out.push(`build failed: ${fs.error}`);
  if (fs.builtins.length > 0) out.push(`browser bundle imports ${fs.builtins.join(', ')}`);
  if (fs.gzip !== undefined && fs.gzip > entry.budget) {
    out.push(`${fs.gzip} B is over its budget of ${entry.budget} B (+${fs.gzip - entry.budget} B)`);
  }
  return out;
}

function printTable(rows) {
  const header = ['bundle', 'min+gz', 'budget', 'filestack-js', 'fs / filestack-js', ''];
  const lines = rows.map(({ entry, fs, fjs }) => [
    entry.name,
    fs.gzip === undefined ? 'error' : bytes(fs.gzip),
    bytes(entry.budget),
    fjs === undefined ? '' : fjs.gzip === undefined ? 'n/a' : bytes(fjs.gzip),
    fs.gzip && fjs?.gzip
      ? `${((fs.gzip / fjs.gzip) * 100).toFixed(1)}% (1/${Math.round(fjs.gzip / fs.gzip)})`
      : '',
    problems(entry, fs).length === 0 ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const format = (cells) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

function bytes(n) {
  return `${n.toLocaleString('en-US')} B`;
}

function shortPath(path) {
  const pnpm = path.lastIndexOf('node_modules/');
  if (pnpm !== -1) return path.slice(pnpm + 'node_modules/'.length);
  return path.replace(/^(\.\.\/)+/, '').replace(rootDir, '');
}
