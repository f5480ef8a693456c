import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the README example', () => {
  it('runs and prints what its comments say', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```js\n(\/\/ example\.mjs[\s\S]*?)```/.exec(readme)![1]!;
    const source = new URL('../src/index.ts', import.meta.url).pathname;
    const output = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        code.replace("'@fs/transform'", `'${source}'`),
      ],
      { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
    );
    // Every `// https://...` comment in full, and the shortened one by its prefix.
    for (const [, printed] of code.matchAll(/^\/\/ (https:\/\/\S+)$/gm)) {
      const expected = printed!.replace(/\.\.\..*$/, '');
      expect(output).toContain(expected);
    }
    expect(output).toContain('true\n');
    expect(output).toContain('Invalid resize.width: got 0; expected an integer from 1 to 10000');
  });
});
