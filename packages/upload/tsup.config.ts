import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

const build = (options: Parameters<typeof packageBuild>[0]) =>
  packageBuild({
    // index.ts: browsers and other runtimes; index.node.ts: the `node` export condition;
    // node.ts: the `@fs/upload/node` subpath (file paths).
    entry: ['src/index.ts', 'src/index.node.ts', 'src/node.ts'],
    // Keep `node:` specifiers: they make Node-only imports obvious to bundlers and readers.
    removeNodeProtocol: false,
    // The CJS build has no import.meta.url, so it cannot locate md5.worker.js and hashes on the
    // main thread (part-md5.browser.ts); esbuild's warning about it says nothing new.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.logOverride = { 'empty-import-meta': 'silent' };
    },
    ...options,
  });
const declarations = build({}).dts;

// mime ships ESM only, so the formats differ: the CJS build carries its own copy of the table
// and `require` works on every Node 20. The declarations come from a third, types-only pass.
export default defineConfig([
  build({ format: 'esm', dts: false }),
  build({ format: 'cjs', noExternal: ['mime'], dts: false, clean: false }),
  ...(declarations ? [build({ dts: { only: true }, clean: false })] : []),
  // The hashing Worker: ESM only (the ESM entry starts it by URL), one self-contained file
  // beside index.js, so `new URL('./md5.worker.js', import.meta.url)` finds it with or
  // without a bundler.
  packageBuild({
    entry: { 'md5.worker': 'src/md5.worker.ts' },
    format: 'esm',
    dts: false,
    clean: false,
  }),
]);
