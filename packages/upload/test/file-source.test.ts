import { appendFile } from 'node:fs/promises';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { openedFileSource } from '../src/file-source.node.js';
import { createUpload, uploadMany } from '../src/index.node.js';
import { openFile } from '../src/node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const files = useTempDir('fs-upload-test-');
const emu = useEmulator();

describe('files from openFile', () => {
  it('are read part by part into buffers reused once a part is stored', async () => {
    const bytes = randomBytes(250);
    const source = openedFileSource(await openFile(await files.write('a.bin', bytes)))!;
    expect(source).toMatchObject({ size: 250, name: 'a.bin' });
    const first = await source.read(0, 100);
    expect([...first]).toEqual([...bytes.subarray(0, 100)]);
    source.release?.(first);
    const second = await source.read(100, 100);
    expect(second.buffer).toBe(first.buffer);
    expect([...second]).toEqual([...bytes.subarray(100, 200)]);
    const third = await source.read(200, 50); // a part still in flight gets its own buffer
    expect(third.buffer).not.toBe(second.buffer);
    expect([...third]).toEqual([...bytes.subarray(200)]);
    await source.finish();
  });

  it('are not claimed when they come from anywhere else', () => {
    expect(openedFileSource(new File(['x'], 'x.txt'))).toBeUndefined();
    expect(openedFileSource('a path')).toBeUndefined();
  });

  it('upload through createUpload and uploadMany with the exact bytes', async () => {
    const a = randomBytes(3 * PART + 1);
    const b = randomBytes(PART - 1);
    const job = createUpload(await openFile(await files.write('a.dat', a)), optionsFor(emu));
    const first = await job.done;
    await expectStored(emu, first.handle, a);
    const [result] = await uploadMany(
      [await openFile(await files.write('b.dat', b))],
      optionsFor(emu),
    );
    if (!result?.ok) throw new Error('upload failed');
    await expectStored(emu, result.file.handle, b);
  });

  it('fail, and complete nothing, when the file changes during the upload', async () => {
    const path = await files.write('changing.bin', randomBytes(4 * PART));
    emu.faults.add({ route: 'put', kind: 'stall', ms: 300, nth: [1] });
    const job = createUpload(await openFile(path), optionsFor(emu, { concurrency: 1 }));
    while (logOf(emu, 'put').length === 0) await new Promise((r) => setTimeout(r, 5));
    await appendFile(path, 'more');
    await expect(job.done).rejects.toMatchObject({ code: 'INPUT', message: /changed/ });
    expect(logOf(emu, 'complete')).toEqual([]);
  });
});
