import { execFile } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { promisify } from 'node:util';
import { freePort, md5Hex, readmeExample, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

/*
 * The README's session, run as written with bash, with `filestack` on the PATH as `npm install
 * -g` puts it there. Only the emulator's port is changed, to a free one.
 */

const files = useTempDir('fs-cli-test-');

describe('the README', () => {
  it('runs its session as written, and each command prints what its comment says', async () => {
    const example = readmeExample(new URL('../README.md', import.meta.url), 'example.sh');
    const port = String(await freePort());
    const script = await files.write('example.sh', example.replaceAll('4010', port));
    const bin = await files.write(
      'filestack',
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`,
    );
    await chmod(bin, 0o755);
    const { stdout } = await promisify(execFile)('bash', [script], {
      env: { PATH: `${files.dir}:${process.env.PATH}`, HOME: process.env.HOME },
    });
    const lines = stdout.trim().split('\n');
    const handle = /^http:\/\/127\.0\.0\.1:\d+\/resize=width:400\/flip\/(\w{20})$/.exec(
      lines[0]!,
    )?.[1];
    expect(handle, stdout).toBeDefined();
    expect(lines[0]).toBe(`http://127.0.0.1:${port}/resize=width:400/flip/${handle}`);
    expect(JSON.parse(lines[1]!)).toEqual({ handle, md5: md5Hex('Hello, Filestack!\n') });
    expect(lines[2]).toBe('saved copy.txt (18 B)');
    expect(lines[3]).toBe('Hello, Filestack!');
    expect(lines[4]).toBe(`deleted ${handle}`);
    expect(lines).toHaveLength(5);
  });
});
