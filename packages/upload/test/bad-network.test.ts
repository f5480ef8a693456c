import { startEmulator } from '@fs/emulator';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { upload } from '../src/index.node.js';
import { type Emulator, expectStored, logOf, optionsFor } from './helpers.js';

const KIB = 1024;

const emu = useEmulator();

/** Size and answer of every part and chunk PUT, in arrival order. */
const puts = (e: Emulator) => logOf(e, 'put').map((r) => [r.size! / KIB, r.status]);
const putSizes = (e: Emulator) => logOf(e, 'put').map((r) => r.size! / KIB);
const repeat = <T>(times: number, value: T): T[] => Array.from({ length: times }, () => value);

/** Retries that honour a `Retry-After` of a second (the helpers' policy caps delays at 40 ms). */
const patientRetry = { baseDelay: 5, maxDelay: 5_000, jitter: 0 };

/** Uploads `bytes` with Intelligent Ingestion, in parts of `partSize` and chunks of `chunkSize`. */
function uploadChunked(
  bytes: Uint8Array,
  partSize: number,
  chunkSize: number,
  extra: Parameters<typeof optionsFor>[1] = {},
) {
  return upload(bytes, optionsFor(emu, { intelligent: true, partSize, chunkSize, ...extra }));
}

/** Uploads 64 KiB with `intelligent: 'fallback'`, checks the bytes stored and returns the mode. */
async function uploadFallback(e: Emulator, extra: Parameters<typeof optionsFor>[1] = {}) {
  const bytes = randomBytes(64 * KIB);
  const file = await upload(
    bytes,
    optionsFor(e, { intelligent: 'fallback', partSize: 64 * KIB, ...extra }),
  );
  await expectStored(e, file.handle, bytes);
  return file.mode;
}

/** Milliseconds between the first PUT `e` received and the second. */
function firstRetryGap(e: Emulator): number {
  const [first, second] = logOf(e, 'put');
  return second!.at - first!.at;
}

describe('Intelligent Ingestion retries a chunk before halving it', () => {
  it('retries a failed chunk once at the same size, after its Retry-After', async () => {
    emu.faults.add({ route: 'put', kind: 'rate-limit', retryAfter: 1, nth: [1] });
    const bytes = randomBytes(256 * KIB);
    const file = await uploadChunked(bytes, 256 * KIB, 128 * KIB, { retry: patientRetry });
    expect(puts(emu)).toEqual([
      [128, 429],
      [128, 200],
      [128, 200],
    ]);
    expect(firstRetryGap(emu)).toBeGreaterThanOrEqual(950);
    await expectStored(emu, file.handle, bytes);
  });

  it('halves a chunk whose retry failed too, and counts tries afresh at the new size', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [1, 2, 3] });
    const bytes = randomBytes(256 * KIB);
    const file = await uploadChunked(bytes, 256 * KIB, 128 * KIB);
    expect(puts(emu)).toEqual([
      [128, 503],
      [128, 503],
      [64, 503],
      [64, 200],
      [64, 200],
      [64, 200],
      [64, 200],
    ]);
    await expectStored(emu, file.handle, bytes);
  });
});

describe('Intelligent Ingestion at the 32 KiB floor', () => {
  it('keeps retrying a chunk at the floor within the retry policy', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [1, 2, 3, 4] });
    const bytes = randomBytes(64 * KIB);
    const file = await uploadChunked(bytes, 64 * KIB, 32 * KIB);
    expect(puts(emu)).toEqual([...repeat(4, [32, 503]), [32, 200], [32, 200]]);
    await expectStored(emu, file.handle, bytes);
  });

  it('fails with CHUNK_FAILED once one chunk at the floor spent the retry policy', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, times: 1000 });
    const error = await uploadChunked(randomBytes(128 * KIB), 128 * KIB, 64 * KIB, {
      retry: { attempts: 3, baseDelay: 1, maxDelay: 5, jitter: 0 },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CHUNK_FAILED', retryable: false });
    expect(error.message).toMatch(
      /a chunk of part 1 failed 3 times at the 32 KiB minimum chunk size/,
    );
    expect(error.cause).toMatchObject({ status: 503 });
    expect(putSizes(emu)).toEqual([64, 64, 32, 32, 32]);
    expect(logOf(emu, 'commit')).toEqual([]);
    expect(logOf(emu, 'complete')).toEqual([]);
  });
});

describe('an upload that acknowledges no byte for progressTimeout', () => {
  // A policy that would keep going for 100 tries: only progressTimeout can end these uploads.
  const endless = { attempts: 100, baseDelay: 20, maxDelay: 20, jitter: 0 };

  it.each([
    ['intelligent', true],
    ['regular', false],
  ] as const)(
    'fails a %s upload with NO_PROGRESS, distinct from a spent policy',
    async (_, intelligent) => {
      emu.faults.add({ route: 'put', kind: 'status', status: 503, times: 1000 });
      const started = Date.now();
      const error = await upload(
        randomBytes(64 * KIB),
        optionsFor(emu, {
          intelligent,
          partSize: 64 * KIB,
          chunkSize: 64 * KIB,
          retry: endless,
          progressTimeout: 400,
        }),
      ).catch((e) => e);
      expect(error).toMatchObject({ code: 'NO_PROGRESS', retryable: false });
      expect(error.message).toMatch(/no byte was acknowledged for 400 ms/);
      expect(error.cause).toMatchObject({ status: 503 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(logOf(emu, 'put').length).toBeLessThan(100);
      expect(logOf(emu, 'complete')).toEqual([]);
    },
  );

  it('keeps going while bytes are acknowledged, however long the upload takes', async () => {
    // Every chunk is slow and every other one fails, yet each success restarts the clock.
    emu.faults.add({ route: 'put', kind: 'latency', ms: 100 });
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [2, 4, 6, 8] });
    const bytes = randomBytes(256 * KIB);
    const started = Date.now();
    const file = await uploadChunked(bytes, 256 * KIB, 64 * KIB, { progressTimeout: 600 });
    // 7 PUTs of at least 100 ms each: the upload outlasts progressTimeout.
    expect(Date.now() - started).toBeGreaterThan(600);
    await expectStored(emu, file.handle, bytes);
  });
});

describe('Intelligent Ingestion chunk sizes grow back', () => {
  it('doubles the chunk size after 4 chunks in a row, up to the part size', async () => {
    const bytes = randomBytes(1024 * KIB + 5);
    const file = await uploadChunked(bytes, 1024 * KIB, 64 * KIB, { concurrency: 1 });
    // 4 x 64 + 4 x 128 + 256 = 1024 KiB; the 5 bytes of part 2 go in one chunk.
    expect(putSizes(emu)).toEqual([...repeat(4, 64), ...repeat(4, 128), 256, 5 / KIB]);
    await expectStored(emu, file.handle, bytes);
  });

  it('starts a new part at the last chunk size that succeeded', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [1, 2] });
    const bytes = randomBytes(2 * 768 * KIB);
    const file = await uploadChunked(bytes, 768 * KIB, 256 * KIB, { concurrency: 1 });
    // Part 1: 256 fails twice, 4 x 128 land, the size doubles back and 256 lands. Part 2
    // starts at 256, not at the 128 it had shrunk to, nor at the whole part.
    expect(puts(emu)).toEqual([
      [256, 503],
      [256, 503],
      ...repeat(4, [128, 200]),
      [256, 200],
      ...repeat(3, [256, 200]),
    ]);
    await expectStored(emu, file.handle, bytes);
  });

  it('keeps the chunk size per part: a failing part never shrinks another in flight', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, part: 1, nth: [1, 2] });
    // Part 2's chunks arrive after part 1 has shrunk.
    emu.faults.add({ route: 'put', kind: 'latency', ms: 300, part: 2 });
    const bytes = randomBytes(2 * 256 * KIB);
    const file = await uploadChunked(bytes, 256 * KIB, 64 * KIB, { concurrency: 2 });
    const sizesOf = (part: number) =>
      logOf(emu, 'put')
        .filter((r) => r.part === part)
        .map((r) => r.size! / KIB);
    // Part 1 halves to 32 KiB after two failures and doubles back after 4 chunks.
    expect(sizesOf(1)).toEqual([64, 64, 32, 32, 32, 32, 64, 64]);
    expect(sizesOf(2)).toEqual(repeat(4, 64));
    await expectStored(emu, file.handle, bytes);
  });
});

describe('a part PUT answered 2xx without an ETag', () => {
  it('is retried within the policy, and the upload stores the file', async () => {
    emu.faults.add({ route: 'put', kind: 'no-etag', nth: [1] });
    const bytes = randomBytes(128 * KIB);
    const file = await upload(bytes, optionsFor(emu, { partSize: 64 * KIB, concurrency: 1 }));
    expect(file.mode).toBe('regular');
    expect(logOf(emu, 'put').map((r) => [r.part, r.fault ?? 'none'])).toEqual([
      [1, 'no-etag'],
      [1, 'none'],
      [2, 'none'],
    ]);
    await expectStored(emu, file.handle, bytes);
  });

  it('fails with the CORS advice only when every try lacked the ETag', async () => {
    emu.faults.add({ route: 'put', kind: 'no-etag', times: 1000 });
    const retried: string[] = [];
    const error = await upload(
      randomBytes(64 * KIB),
      optionsFor(emu, {
        partSize: 64 * KIB,
        retry: { attempts: 3, baseDelay: 1, maxDelay: 5, jitter: 0 },
        onRetry: ({ error: cause }) => retried.push(cause.message),
      }),
    ).catch((e) => e);
    expect(error).toMatchObject({ code: 'MISSING_ETAG', retryable: false });
    expect(error.message).toContain('Access-Control-Expose-Headers: ETag');
    expect(retried).toHaveLength(2);
    for (const message of retried) expect(message).not.toContain('CORS');
    expect(logOf(emu, 'put')).toHaveLength(3);
    expect(logOf(emu, 'complete')).toEqual([]);
  });
});

describe("intelligent: 'fallback' follows the same retry policy", () => {
  it('waits the Retry-After of a failed regular part before sending it as chunks', async () => {
    emu.faults.add({ route: 'put', kind: 'rate-limit', retryAfter: 1, nth: [1] });
    expect(await uploadFallback(emu, { retry: patientRetry })).toBe('intelligent');
    expect(firstRetryGap(emu)).toBeGreaterThanOrEqual(950);
  });

  it('keeps retrying its chunks at the floor like Intelligent Ingestion', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [1, 2, 3, 4] });
    expect(await uploadFallback(emu, { chunkSize: 32 * KIB })).toBe('intelligent');
    // The regular PUT of 64 KiB fails, then its chunks at the floor fail 3 times and land.
    expect(puts(emu)).toEqual([[64, 503], ...repeat(3, [32, 503]), [32, 200], [32, 200]]);
  });

  it('sends a part whose regular PUT lacked the ETag as chunks, which need none', async () => {
    emu.faults.add({ route: 'put', kind: 'no-etag', nth: [1] });
    expect(await uploadFallback(emu)).toBe('intelligent');
  });

  it('still retries regular parts when the app has no Intelligent Ingestion', async () => {
    const plain = await startEmulator({ intelligent: false });
    try {
      plain.faults.add({ route: 'put', kind: 'rate-limit', retryAfter: 1, nth: [1] });
      expect(await uploadFallback(plain, { retry: patientRetry })).toBe('regular');
      expect(firstRetryGap(plain)).toBeGreaterThanOrEqual(950);
    } finally {
      await plain.close();
    }
  });
});
