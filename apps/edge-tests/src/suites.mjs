/**
 * Which test files of which packages run inside the edge runtimes. Every test file of the
 * package is either included or excluded with a reason; `bundle.mjs` refuses a file that is
 * in neither list, so a new test file is a decision, not an accident.
 */
export const SUITES = [
  {
    package: '@fs/webhooks',
    dir: 'packages/webhooks',
    include: [
      'parse-webhook.test.ts',
      'request-adapter.test.ts',
      'verify-signature.test.ts',
      'verify-signature.property.test.ts',
      'chunked-body.test.ts',
    ],
    exclude: {
      'bundle-size.test.ts':
        'bundles the sources with esbuild: a build check, not runtime behaviour',
      'runtime-neutral.test.ts': 'reads the source files: a build check, not runtime behaviour',
      'node-adapter.test.ts':
        'the node:http adapter, Node-only by design (the Request adapter runs instead)',
      'emulator-delivery.test.ts':
        "receives the emulator's deliveries on a node:http server it starts: Node-only by design",
      'readme.test.ts':
        "runs the README's Express example on a node:http server: Node-only by design",
    },
  },
  {
    package: '@fs/transform',
    dir: 'packages/transform',
    include: [
      'transform-url.test.ts',
      'parse-transform-url.test.ts',
      'tasks.test.ts',
      'validation.test.ts',
      'network.test.ts',
      'processing.test.ts',
    ],
    exclude: {
      'generated.test.ts': 'runs the code generator in a child process: a build check',
      'readme.test.ts': 'runs the README example from a temporary file it writes (node:fs)',
      'tree-shaking.test.ts':
        'bundles the package with esbuild: a build check, not runtime behaviour',
      'stalled-answers.test.ts':
        'stalls answers from a node:http server it starts: Node-only by design (the timeout code is shared)',
    },
    /** Data files the tests read with readFileSync(new URL('../<file>', import.meta.url)). */
    files: ['catalog'],
  },
];
