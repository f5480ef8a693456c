import { runReadmeExample } from '@fs/test-kit';
import { expect, it } from 'vitest';

it('runs the README example as written', async () => {
  const { lines } = await runReadmeExample(new URL('../README.md', import.meta.url), {
    file: 'example.mjs',
    imports: { '@fs/security': new URL('../src/index.ts', import.meta.url) },
    env: { FILESTACK_SECRET: 'readme-secret' },
  });
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
