import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * Published packages that are Node-only by design, so have no browser entry to check: the
 * emulator (a server) and the command line.
 */
const NODE_ONLY = new Set(['@fs/emulator', '@fs/cli']);

/**
 * Every public package of the workspace (`packages/*`, not private), found on disk so a package
 * added later (`@fs/av`, `@fs/client`, ...) is checked without editing this list.
 */
export function publicPackages(): { name: string; dir: string }[] {
  const packagesDir = join(ROOT, 'packages');
  return readdirSync(packagesDir)
    .map((folder) => join(packagesDir, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => typeof manifest.name === 'string' && !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, dir }))
    .filter(({ name }) => !NODE_ONLY.has(name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Bundles `export * from '<name>'` for the browser as a page's bundler would (the `browser`
 * and `import` conditions, from the package's built `dist`), unminified, one ES module per
 * package. A `node:` import fails the build: a browser entry must not reach one.
 */
export async function bundleBrowserEntries(
  packages: { name: string; dir: string }[],
): Promise<Map<string, string>> {
  // Packages resolve by name through a temporary node_modules of links, so any of them can be
  // bundled without being a dependency of this app; their own dependencies resolve from them.
  const scratch = mkdtempSync(join(tmpdir(), 'fs-web-entries-'));
  try {
    mkdirSync(join(scratch, 'node_modules', '@fs'), { recursive: true });
    for (const { name, dir } of packages)
      symlinkSync(dir, join(scratch, 'node_modules', name), 'dir');
    const bundles = new Map<string, string>();
    for (const { name } of packages) {
      const result = await build({
        stdin: { contents: `export * from '${name}';`, resolveDir: scratch, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        conditions: ['browser', 'import'],
        target: 'es2022',
        logLevel: 'silent',
      });
      bundles.set(name, result.outputFiles[0]!.text);
    }
    return bundles;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
