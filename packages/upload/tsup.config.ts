import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig(
  packageBuild({
    // index.ts: browsers and other runtimes; index.node.ts: the `node` export condition;
    // node.ts: the `@fs/upload/node` subpath (file paths).
    entry: ['src/index.ts', 'src/index.node.ts', 'src/node.ts'],
    // Keep `node:` specifiers: they make Node-only imports obvious to bundlers and readers.
    removeNodeProtocol: false,
  }),
);
