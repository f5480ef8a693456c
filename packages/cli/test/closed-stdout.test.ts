import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { envFor, fileEmulator, startCli } from './helpers.js';

const emu = fileEmulator();
const files = useTempDir('fs-cli-test-');

/** Runs `filestack args` with its stdout already closed by the reader, as `| head -c1` leaves it. */
function withStdoutClosed(args: string[], env: Record<string, string>) {
  const run = startCli(args, { env });
  run.child.stdout.destroy();
  return run.done;
}

describe('a closed stdout', () => {
  it('stops an upload quietly with exit code 141, as a pipeline writer stopped by SIGPIPE', async () => {
    const paths = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) => files.write(`${name}.txt`, `file ${name}`)),
    );
    const run = await withStdoutClosed(['upload', ...paths], envFor(emu));
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.code, run.stderr).toBe(141);
  });
});
