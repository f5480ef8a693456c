import { runReadmeExample } from '@fs/test-kit';
import { expect, it } from 'vitest';
import { DEFAULT_APIKEY } from '../src/index.js';

/* The README's programmatic example (start, raw upload, download, close), run as written. */

it('runs the README programmatic example as written', async () => {
  const { logged } = await runReadmeExample(new URL('../README.md', import.meta.url), {
    file: 'example.ts',
    imports: { '@fs/emulator': new URL('../src/index.ts', import.meta.url) },
  });
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
