import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';
import { DEFAULT_APIKEY } from '../src/index.js';

/* The README's programmatic example (start, raw upload, download, close), run as written. */

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('runs the README programmatic example as written', async () => {
  const example = /## Programmatic API\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'fs-emulator-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, example!.replace("from '@fs/emulator'", `from ${JSON.stringify(source)}`));
  const logged: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });

  await import(/* @vite-ignore */ file);
  expect(logged).toHaveLength(2);
  const [apikey, urls] = logged[0]!;
  expect(apikey).toBe(DEFAULT_APIKEY);
  const origin = (urls as { upload: string }).upload;
  expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(urls).toEqual({ upload: origin, cdn: origin, api: `${origin}/api`, process: origin });
  expect(logged[1]).toEqual(['hello world']);
  // The example ends with close(): nothing answers on its port any more.
  await expect(fetch(origin)).rejects.toThrow();
}, 30_000); // loading the example transforms the sources first: slow on a busy CI machine
