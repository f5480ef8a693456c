import { appendFile } from 'node:fs/promises';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { createUpload, nodeTransport, type PartTransport, uploadMany } from '../src/index.node.js';
import { openFile } from '../src/node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const files = useTempDir('fs-upload-test-');
const emu = useEmulator();

describe('files from openFile', () => {
  it('are streamed from disk: every part goes out as a slice of the file, never as its bytes', async () => {
    const bytes = randomBytes(3 * PART + 1);
    const bodies: Array<Uint8Array | Blob> = [];
    const transport: PartTransport = (request) => {
      bodies.push(request.body);
      return nodeTransport(request);
    };
    const job = createUpload(
      await openFile(await files.write('streamed.bin', bytes)),
      optionsFor(emu, { transport }),
    );
    await expectStored(emu, (await job.done).handle, bytes);
    expect(bodies.map((body) => body instanceof Blob)).toEqual([true, true, true, true]);
    // Each part URL was signed for the MD5 hashed from the file, which storage checked.
    expect(logOf(emu, 'put').map((r) => r.status)).toEqual([200, 200, 200, 200]);
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
