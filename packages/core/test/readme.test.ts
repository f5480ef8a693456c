import { runReadmeExample } from '@fs/test-kit';
import { expect, it } from 'vitest';

it('runs the README example as written', async () => {
  const { lines, logged } = await runReadmeExample(new URL('../README.md', import.meta.url), {
    file: 'example.mjs',
    imports: { '@fs/core': new URL('../src/index.ts', import.meta.url) },
  });
  expect(lines[0]).toBe('https://cdn.files.example.com');
  expect(lines[1]).toMatch(
    /^try 1 failed \(POST .*\/multipart\/start failed with HTTP 503\); next in 1000 ms$/,
  );
  expect(logged[2]).toEqual([{ source: expect.stringMatching(/^TS-\d+\.\d+\.\d+$/), calls: 2 }]);
  expect(lines[3]).toMatch(
    /^404 http:\/\/127\.0\.0\.1:\d+\/missing\?policy=\[redacted\]&signature=\[redacted\]$/,
  );
}, 20_000); // loading the example transforms the sources first: slow on a busy CI machine
