import { describe, expect, it } from 'vitest';
import { readmeExample, runReadmeExample } from '../src/index.js';

const README = new URL('./fixtures/README.md', import.meta.url);
const greeting = new URL('./fixtures/greeting.ts', import.meta.url);
const log = console.log;

describe('readmeExample', () => {
  it('finds the block by the file it names in its first line, that line included', () => {
    expect(readmeExample(README, 'example.sh')).toBe('# example.sh\necho hi\n');
    expect(readmeExample(README, 'example.mjs')).toMatch(/^\/\/ example\.mjs\nimport/);
    expect(readmeExample(README, 'server.mjs')).toMatch(/^\/\/ server\.mjs: node server\.mjs/);
  });

  it('throws when no block names the file, so a renamed example fails its test', () => {
    expect(() => readmeExample(README, 'other.mjs')).toThrow(
      'has no code block whose first line is "// other.mjs"',
    );
  });
});

describe('runReadmeExample', () => {
  it('runs the example with its imports pointed elsewhere and the environment given', async () => {
    const run = await runReadmeExample(README, {
      file: 'example.mjs',
      imports: { greeting },
      env: { WHO: 'readme' },
    });
    expect(run.lines).toEqual(['hello, readme { twice: true }']);
    expect(run.logged).toEqual([['hello, readme', { twice: true }]]);
    expect(process.env.WHO).toBe('readme');
    // Output after the top level ran is caught until the test ends.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.lines.at(-1)).toBe('later');
  });

  it('restores the environment and console.log once the test before it ended', () => {
    expect(process.env.WHO).toBeUndefined();
    expect(console.log).toBe(log);
  });

  it('refuses an import the example does not have, instead of running the built package', async () => {
    await expect(
      runReadmeExample(README, { file: 'example.mjs', imports: { '@fs/core': greeting } }),
    ).rejects.toThrow("the example.mjs example does not import '@fs/core'");
  });
});
