import { defineConfig } from 'vite';
import { emulatorPlugin } from './emulator-plugin.js';

// `pnpm dev` / `pnpm preview` start the emulator beside the page (FS_EMULATOR_PORT fixes its port).
export default defineConfig({
  plugins: [emulatorPlugin({ start: { port: Number(process.env.FS_EMULATOR_PORT ?? 0) } })],
  build: { target: 'es2022' },
});
