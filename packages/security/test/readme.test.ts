import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let dir: string | undefined;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('runs the README example as written', async () => {
  const example = /## Example[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  dir = mkdtempSync(join(tmpdir(), 'fs-security-readme-'));
  const file = join(dir, 'example.mjs');
  writeFileSync(file, example!.replace("from '@fs/security'", `from ${JSON.stringify(source)}`));
  vi.stubEnv('FILESTACK_SECRET', 'readme-secret');
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  });
  await import(/* @vite-ignore */ file);
  const [policyB64, signature, url, json, inspected, same, mistake] = lines;
  const decoded = Buffer.from(policyB64!, 'base64url').toString('utf8');
  expect(decoded).toMatch(
    /^\{"call": \["pick", "read", "store"\], "expiry": \d+, "maxSize": 10485760, "path": "\^uploads\/\.\*"\}$/,
  );
  expect(signature).toMatch(/^[0-9a-f]{64}$/);
  expect(url).toBe(
    `https://cdn.filestackcontent.com/security=p:${policyB64},s:${signature}/HLOon3NcTS6w7rqyZ3ei`,
  );
  expect(JSON.parse(json!)).toEqual({ policy: policyB64, signature });
  expect(inspected).toContain("signature: '[redacted]'");
  expect(inspected).not.toContain(signature);
  expect(same).toBe('true');
  expect(mistake).toContain('looks like milliseconds');
  expect(lines.join('\n')).not.toContain('readme-secret');
}, 20_000); // loading the example transforms the sources first: slow on a busy CI machine
