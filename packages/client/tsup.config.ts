import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig(
  packageBuild({
    // index.ts: every runtime. runtime.node.ts / runtime.browser.ts: what `#runtime` resolves to
    // through the `imports` map of package.json (`node` condition or not), so file paths and
    // downloads to disk never reach a browser bundle.
    // resume.ts / resume.node.ts: the `@fs/client/resume` subpath (resume stores).
    entry: [
      'src/index.ts',
      'src/runtime.node.ts',
      'src/runtime.browser.ts',
      'src/resume.ts',
      'src/resume.node.ts',
    ],
    // No shared chunk: each runtime file stands alone, and the browser entry stays one module
    // (about 80 bytes smaller once gzipped in a bundle than with a split-out chunk).
    splitting: false,
    // Resolved by the consumer's runtime or bundler, never inlined here.
    external: ['#runtime'],
    // Keep `node:` specifiers: they make Node-only imports obvious to bundlers and readers.
    removeNodeProtocol: false,
  }),
);
