import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the generated chain methods', () => {
  it("match @fs/transform's task catalog", () => {
    const script = fileURLToPath(new URL('../scripts/generate-task-steps.mjs', import.meta.url));
    // Exits non-zero, failing this test, when the committed file differs from what the script writes.
    const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(output).toMatch(/is up to date/);
  });
});
