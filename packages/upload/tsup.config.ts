import { defineConfig } from 'tsup';

export default defineConfig({
  // index.ts: browsers and other runtimes; index.node.ts: the `node` export condition;
  // node.ts: the `@fs/upload/node` subpath (file paths).
  entry: ['src/index.ts', 'src/index.node.ts', 'src/node.ts'],
  target: 'es2022',
  format: ['esm', 'cjs'],
  // Declarations for both formats come from one TypeScript pass; `pnpm demo` skips them.
  dts: !process.env.FS_SKIP_DTS,
  clean: true,
  // Keep `node:` specifiers: they make Node-only imports obvious to bundlers and readers.
  removeNodeProtocol: false,
});
