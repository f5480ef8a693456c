import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('runs the README example as written', async () => {
  const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'fs-core-readme-'));
  const file = join(dir, 'example.mjs');
  writeFileSync(file, example!.replace("from '@fs/core'", `from ${JSON.stringify(source)}`));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  });
  await import(/* @vite-ignore */ file);
  expect(lines[0]).toBe('https://cdn.files.example.com');
  expect(lines[1]).toMatch(
    /^try 1 failed \(POST .*\/multipart\/start failed with HTTP 503\); next in 1000 ms$/,
  );
  expect(lines[2]).toMatch(/^\{"source":"TS-\d+\.\d+\.\d+","calls":2\}$/);
  expect(lines[3]).toMatch(
    /^404 http:\/\/127\.0\.0\.1:\d+\/missing\?policy=\[redacted\]&signature=\[redacted\]$/,
  );
}, 20_000); // loading the example transforms the sources first: slow on a busy CI machine
