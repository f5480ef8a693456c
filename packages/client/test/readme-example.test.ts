import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';

/* The README's Quickstart, run as written (imports pointed at this package's sources). */

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const emulator = fileURLToPath(import.meta.resolve('@fs/emulator'));
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('runs the README Quickstart as written', async () => {
  const example = /```ts\n(\/\/ example\.ts\n[\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'fs-client-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(
    file,
    example!
      .replace("from '@fs/client'", `from ${JSON.stringify(source)}`)
      .replace("from '@fs/emulator'", `from ${JSON.stringify(emulator)}`),
  );
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  await import(/* @vite-ignore */ file);
  const origin = /^http:\/\/127\.0\.0\.1:\d+/.exec(lines[0]!)?.[0];
  expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{20}$/);
  const handle = lines[0]!.split('/').pop();
  expect(lines.slice(1, 7)).toEqual([
    'uploaded',
    'intelligent',
    'Hello, Filestack!',
    '17',
    `${origin}/resize=width:400/flip/${handle}`,
    expect.stringMatching(
      /^http:\/\/127\.0\.0\.1:\d+\/\w+\/resize=height:500,width:500\/flip\/enhance\/https:\/\/example\.com\/photo\.jpg$/,
    ),
  ]);
  expect(lines[7]).toBe('image/png true');
  const statuses = lines.slice(8, -5);
  expect(statuses.length).toBeGreaterThan(0);
  for (const line of statuses) expect(line).toMatch(/^(pending|started) 32 10$/);
  expect(lines.slice(-5)).toEqual([
    'true',
    'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAyNTMzODE5NjQ0MTV9',
    'f61fa1effb0638ab5b6e208d5d2fd9343f8557d8a0bf529c6d8542935f77bb3c',
    `${origin}/security=p:eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAyNTMzODE5NjQ0MTV9,s:f61fa1effb0638ab5b6e208d5d2fd9343f8557d8a0bf529c6d8542935f77bb3c/${handle}`,
    'true',
  ]);
}, 60_000);

it('is the quick start of the repository README, word for word', () => {
  const example = /```ts\n(\/\/ example\.ts\n[\s\S]*?)```/.exec(readme)?.[1];
  const root = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  expect(example).toBeDefined();
  expect(root).toContain(example!);
});
