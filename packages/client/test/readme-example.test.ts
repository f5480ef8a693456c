import { readFileSync } from 'node:fs';
import { readmeExample, runReadmeExample } from '@fs/test-kit';
import { expect, it } from 'vitest';

/* The README's Quickstart, run as written (imports pointed at this package's sources). */

const README = new URL('../README.md', import.meta.url);

it('runs the README Quickstart as written', async () => {
  const { lines } = await runReadmeExample(README, {
    file: 'example.ts',
    imports: {
      '@fs/client': new URL('../src/index.ts', import.meta.url),
      '@fs/emulator': import.meta.resolve('@fs/emulator'),
    },
  });
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
  const root = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  expect(root).toContain(readmeExample(README, 'example.ts'));
});
