import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  // index.ts: browsers and other runtimes; index.node.ts: the `node` export condition;
  // node.ts: the `@fs/upload/node` subpath (file paths).
  entry: ['src/index.ts', 'src/index.node.ts', 'src/node.ts'],
  target: 'es2022',
  // Keep `node:` specifiers: they make Node-only imports obvious to bundlers and readers.
  removeNodeProtocol: false,
};

export default defineConfig([
  { ...shared, format: 'esm', dts: true, clean: true },
  { ...shared, format: 'cjs', dts: true },
]);
