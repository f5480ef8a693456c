#!/usr/bin/env node
// Runs the built CLI; in a fresh clone that has not been built yet, runs the sources with tsx
// (a dev dependency of the workspace) so `fs-emulator` works right after `pnpm install`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
