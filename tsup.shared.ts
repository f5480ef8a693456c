import type { Options } from 'tsup';

/**
 * The build every public package shares: ESM and CJS in one pass and, unless `pnpm demo` asked
 * to skip them (FS_SKIP_DTS), their `.d.ts` and `.d.cts` from a single TypeScript program.
 */
export const packageBuild = (options: Options = {}): Options => ({
  entry: ['src/index.ts'],
  target: 'es2022',
  format: ['esm', 'cjs'],
  dts: !process.env.FS_SKIP_DTS,
  clean: true,
  ...options,
});
