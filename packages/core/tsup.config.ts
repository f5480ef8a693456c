import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

const shared: Options = {
  entry: ['src/index.ts'],
  target: 'es2022',
  // Stamped at build time so `Filestack-Source` names the release that sent the request.
  define: { __FS_VERSION__: JSON.stringify(version) },
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // ky ships ESM only; the CJS build carries its own copy so `require` works on every Node 20.
  { ...shared, format: 'cjs', noExternal: ['ky'] },
  // `.d.ts` and `.d.cts` from one TypeScript pass; `pnpm demo` skips them (FS_SKIP_DTS).
  ...(process.env.FS_SKIP_DTS
    ? []
    : [{ ...shared, format: ['esm', 'cjs'], dts: { only: true } } satisfies Options]),
]);
