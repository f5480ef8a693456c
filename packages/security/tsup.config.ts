import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: ['src/index.ts'],
  target: 'es2022',
};

export default defineConfig([
  { ...shared, format: 'esm', dts: true, clean: true },
  { ...shared, format: 'cjs', dts: true },
]);
