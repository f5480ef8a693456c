import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

/*
 * The README's `@fs/emulator/testing` example, run as written: its file is loaded while this one
 * is collected, so its `it` calls become tests of this file. Imports point at this package's
 * sources and at the vitest running it.
 */

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /```ts\n\/\/ example\.test\.ts\n([\s\S]*?)```/.exec(readme)?.[1];
expect(example, 'the README has an example.test.ts block').toBeDefined();
const testing = fileURLToPath(new URL('../src/testing/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fs-emulator-readme-testing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'example.test.ts');
writeFileSync(
  file,
  example!
    .replace("from '@fs/emulator/testing'", `from ${JSON.stringify(testing)}`)
    .replace("from 'vitest'", `from ${JSON.stringify(import.meta.resolve('vitest'))}`),
);
await import(/* @vite-ignore */ file);
