import { defineConfig } from 'tsup';

// A Node CLI: one ESM file, the @fs packages resolved from the workspace at run time.
export default defineConfig({
  entry: ['src/main.ts'],
  format: 'esm',
  target: 'node20',
  platform: 'node',
  clean: true,
  removeNodeProtocol: false,
});
