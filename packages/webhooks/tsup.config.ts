import { defineConfig } from 'tsup';

// One pass writes both formats and, unless `pnpm demo` asked to skip them (FS_SKIP_DTS), the
// declarations for both (`.d.ts` and `.d.cts` from a single TypeScript program).
export default defineConfig({
  entry: ['src/index.ts'],
  target: 'es2022',
  format: ['esm', 'cjs'],
  dts: !process.env.FS_SKIP_DTS,
  clean: true,
});
