import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@fs/test-kit';
import { fileResumeStore } from '@fs/upload/node';
import { describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator, jsonLines, startCli, storedBytes } from './helpers.js';

const emu = fileEmulator();
const files = useTempDir('fs-cli-test-');
const PART = 64 * 1024;

/** Answered part PUTs the emulator logged since its last reset. */
const puts = () => emu.stats().requests.filter((r) => r.route === 'put' && r.status === 200);

describe('filestack upload --resume', () => {
  it('after Ctrl-C, the same command sends only the parts the first run did not store', async () => {
    const bytes = randomBytes(6 * PART);
    const path = await files.write('big.bin', bytes);
    const cache = files.path('cache');
    const env = envFor(emu, { XDG_CACHE_HOME: cache });
    const args = ['upload', path, '--resume', '--part-size', String(PART), '--concurrency', '1'];
    // The fourth part stalls: the first run has stored three when it is interrupted.
    emu.faults.add({ route: 'put', kind: 'stall', ms: 10_000, nth: [4] });
    const first = startCli(args, { env });
    // Interrupted once the saved state, read from the store the CLI writes, holds 3 parts.
    const store = fileResumeStore(join(cache, 'filestack', 'uploads'));
    for (let i = 0; i < 400; i++) {
      const [entry] = await store.list();
      if (entry && Object.keys(entry.state.parts).length >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toBe('');
    expect(interrupted.stderr).toContain('run the same command again to continue');
    expect(await store.list()).toHaveLength(1);
    emu.reset();

    const second = await cli([...args, '--json'], { env });
    expect(second.code, second.stderr).toBe(0);
    const [line] = jsonLines(second.stdout);
    expect(line).toMatchObject({ ok: true, size: bytes.length, resumedBytes: 3 * PART });
    expect(puts()).toHaveLength(3);
    expect(emu.stats().requests.filter((r) => r.route === 'start')).toEqual([]);
    expect(await storedBytes(emu, line!.handle as string)).toEqual(bytes);
    // Nothing is left to resume once the file is stored.
    expect(await readdir(join(cache, 'filestack', 'uploads'))).toEqual([]);
  });

  it('refuses standard input with exit code 2, since nothing identifies it across runs', async () => {
    const run = await cli(['upload', '-', '--size', '5', '--resume'], {
      env: envFor(emu, { XDG_CACHE_HOME: files.path('cache-stdin') }),
      input: Buffer.from('hello'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('standard input cannot be resumed');
    expect(emu.stats().requests).toEqual([]);
  });
});
