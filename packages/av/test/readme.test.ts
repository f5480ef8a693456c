import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the README example', () => {
  // A child Node that compiles the example with tsx and waits for two conversions: on a loaded
  // machine that takes far longer than the default timeout, which only guards against a hang.
  it('runs against the emulator and prints what its comments say', { timeout: 120_000 }, () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```js\n(\/\/ example\.mjs[\s\S]*?)```/.exec(readme)![1]!;
    const source = new URL('../src/index.ts', import.meta.url).pathname;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code.replace("'@fs/av'", `'${source}'`)],
      { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
    );
    expect(output).toBe(
      [
        '32',
        'pending',
        'status: pending',
        'status: started',
        'status: completed',
        'true',
        'CONVERSION_FAILED video_convert: the file is not audio or video (text/plain)',
        '',
      ].join('\n'),
    );
  });
});
