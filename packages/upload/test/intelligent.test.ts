import { startEmulator } from '@fs/emulator';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { upload } from '../src/index.node.js';
import { type Emulator, expectStored, logOf, optionsFor } from './helpers.js';

const KIB = 1024;
const PART = 256 * KIB;

const emu = useEmulator();

const chunkSizes = (e: Emulator) => logOf(e, 'upload').map((r) => r.size);

describe('Intelligent Ingestion chunks', () => {
  it('resumes a part at the offset after the last stored chunk', async () => {
    emu.faults.add({ route: 'put', kind: 'reset', nth: [3] });
    const bytes = randomBytes(PART);
    const file = await upload(
      bytes,
      optionsFor(emu, { intelligent: true, partSize: PART, chunkSize: 64 * KIB }),
    );
    const offsets = logOf(emu, 'upload').map((r) => [r.offset, r.size]);
    // Chunks at 0 and 64 KiB landed; the third (at 128 KiB) failed and is sent again.
    expect(offsets).toEqual([
      [0, 64 * KIB],
      [64 * KIB, 64 * KIB],
      [128 * KIB, 64 * KIB],
      [128 * KIB, 64 * KIB],
      [192 * KIB, 64 * KIB],
    ]);
    await expectStored(emu, file.handle, bytes);
  });

  it('keeps chunk state per upload: a failing upload never shrinks a concurrent one', async () => {
    const healthy = await startEmulator();
    try {
      emu.faults.add({ route: 'put', kind: 'status', status: 503, times: 2 });
      const failingBytes = randomBytes(PART);
      const healthyBytes = randomBytes(8 * PART);
      const options = { intelligent: true, partSize: PART, chunkSize: 128 * KIB } as const;
      const [a, b] = await Promise.all([
        upload(failingBytes, optionsFor(emu, options)),
        upload(healthyBytes, optionsFor(healthy, { ...options, concurrency: 1 })),
      ]);
      expect(Math.min(...chunkSizes(emu).map(Number))).toBe(64 * KIB);
      expect(new Set(chunkSizes(healthy))).toEqual(new Set([128 * KIB]));
      await expectStored(emu, a.handle, failingBytes);
      await expectStored(healthy, b.handle, healthyBytes);
    } finally {
      await healthy.close();
    }
  });

  it('commits each part with the whole file size', async () => {
    const wire: Array<Record<string, unknown>> = [];
    const bytes = randomBytes(3 * PART - 5);
    await upload(
      bytes,
      optionsFor(emu, {
        intelligent: true,
        partSize: PART,
        fetch: async (input, init) => {
          if (String(input).endsWith('/multipart/commit'))
            wire.push(JSON.parse(String(init?.body)));
          return fetch(input, init);
        },
      }),
    );
    expect(wire.map((b) => [b.part, b.size]).sort()).toEqual([
      [1, bytes.length],
      [2, bytes.length],
      [3, bytes.length],
    ]);
  });
});

describe("intelligent: 'fallback'", () => {
  it('sends parts the regular way while nothing fails', async () => {
    const bytes = randomBytes(3 * PART);
    const file = await upload(bytes, optionsFor(emu, { intelligent: 'fallback', partSize: PART }));
    expect(file.mode).toBe('regular');
    expect(logOf(emu, 'commit')).toEqual([]);
    expect(logOf(emu, 'put')).toHaveLength(3);
    await expectStored(emu, file.handle, bytes);
  });

  it('switches a failed part, and the parts after it, to Intelligent Ingestion', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 500, nth: [2] });
    const bytes = randomBytes(4 * PART + 9);
    const file = await upload(
      bytes,
      optionsFor(emu, { intelligent: 'fallback', partSize: PART, concurrency: 1 }),
    );
    expect(file.mode).toBe('intelligent');
    // Part 1 went regular; part 2 failed once and was redone as chunks, like 3, 4 and 5.
    expect(logOf(emu, 'commit').map((r) => r.part)).toEqual([2, 3, 4, 5]);
    await expectStored(emu, file.handle, bytes);
  });

  it('retries regular parts when the app has no Intelligent Ingestion', async () => {
    const plain = await startEmulator({ intelligent: false });
    try {
      plain.faults.add({ route: 'put', kind: 'status', status: 500, nth: [1] });
      const bytes = randomBytes(2 * PART);
      const file = await upload(
        bytes,
        optionsFor(plain, { intelligent: 'fallback', partSize: PART }),
      );
      expect(file.mode).toBe('regular');
      expect(logOf(plain, 'put')).toHaveLength(3);
      await expectStored(plain, file.handle, bytes);
    } finally {
      await plain.close();
    }
  });
});
