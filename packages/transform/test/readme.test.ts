import { readmeExample, runReadmeExample } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';

const README = new URL('../README.md', import.meta.url);

describe('the README example', () => {
  it('runs and prints what its comments say', async () => {
    const { lines } = await runReadmeExample(README, {
      file: 'example.mjs',
      imports: { '@fs/transform': new URL('../src/index.ts', import.meta.url) },
    });
    const output = lines.join('\n');
    // Every `// https://...` comment in full, and the shortened one by its prefix.
    for (const [, printed] of readmeExample(README, 'example.mjs').matchAll(
      /^\/\/ (https:\/\/\S+)$/gm,
    )) {
      const expected = printed!.replace(/\.\.\..*$/, '');
      expect(output).toContain(expected);
    }
    expect(lines).toContain('true');
    expect(output).toContain('Invalid resize.width: got 0; expected an integer from 1 to 10000');
  }, 30_000); // loading the example transforms the sources first: slow on a busy CI machine
});
