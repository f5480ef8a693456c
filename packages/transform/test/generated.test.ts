import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the generated task factories', () => {
  it('match catalog/transform-tasks.json and catalog/decisions.json', () => {
    const script = fileURLToPath(new URL('../scripts/generate-tasks.mjs', import.meta.url));
    // Exits non-zero, failing this test, when a committed file differs from what the script writes.
    const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(output).toMatch(/generated files are up to date/);
  });
});
