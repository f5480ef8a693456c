import { readmeExample, useTempDir } from '@fs/test-kit';

/*
 * The README's `@fs/emulator/testing` example, run as written: its file is loaded while this one
 * is collected, so its `it` calls become tests of this file. Imports point at this package's
 * sources and at the vitest running it.
 */

const example = readmeExample(new URL('../README.md', import.meta.url), 'example.test.ts');
const testing = new URL('../src/testing/index.ts', import.meta.url).pathname;
const file = await useTempDir('fs-emulator-readme-testing-').write(
  'example.test.ts',
  example
    .replace("from '@fs/emulator/testing'", `from ${JSON.stringify(testing)}`)
    .replace("from 'vitest'", `from ${JSON.stringify(import.meta.resolve('vitest'))}`),
);
await import(/* @vite-ignore */ file);
