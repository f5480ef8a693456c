import { Readable } from 'node:stream';
import { AbortError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { createUpload, nodeTransport, type PartTransport, upload } from '../src/index.node.js';
import { bodySize } from '../src/transport.js';
import { type Emulator, expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await wait(5);
  }
}

const storedParts = (e: Emulator) => logOf(e, 'put').filter((r) => r.status === 200).length;

describe('abort', () => {
  it('stops in-flight requests, sends nothing more and rejects with AbortError', async () => {
    // PUTs 3 and 4 hang, so when both have arrived nothing else is on its way: any request
    // logged after the abort would have been sent after it.
    emu.faults.add({ route: 'put', kind: 'stall', ms: 2_000, nth: [3, 4] });
    const controller = new AbortController();
    const pending = upload(
      randomBytes(8 * PART),
      optionsFor(emu, { signal: controller.signal, concurrency: 2 }),
    );
    await until(() => storedParts(emu) === 2 && logOf(emu, 'put').length === 4);
    controller.abort();
    const abortedAt = Date.now();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await wait(600);
    const late = emu.stats().requests.filter((r) => r.at > abortedAt + 20);
    expect(late).toEqual([]);
    expect(logOf(emu, 'complete')).toEqual([]);
    expect(storedParts(emu)).toBe(2);
  });

  it('rejects at once, without a request, when the signal already fired', async () => {
    await expect(
      upload(randomBytes(10), optionsFor(emu, { signal: AbortSignal.abort() })),
    ).rejects.toBeInstanceOf(AbortError);
    await wait(50);
    expect(emu.stats().requests).toEqual([]);
  });

  it('aborts a pending 202 poll', async () => {
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 1000 });
    const controller = new AbortController();
    const pending = upload(
      randomBytes(10),
      optionsFor(emu, { signal: controller.signal, retry: { baseDelay: 50, maxDelay: 50 } }),
    );
    await until(() => logOf(emu, 'complete').length >= 2);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('settles exactly once even when aborted during a retry wait', async () => {
    emu.faults.add({ route: 'upload', kind: 'status', status: 503, times: 1000 });
    const controller = new AbortController();
    let settled = 0;
    const pending = upload(
      randomBytes(10),
      optionsFor(emu, { signal: controller.signal, retry: { baseDelay: 200, attempts: 10 } }),
    ).finally(() => settled++);
    await until(() => logOf(emu, 'upload').length >= 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await wait(300);
    expect(settled).toBe(1);
    expect(logOf(emu, 'upload')).toHaveLength(1);
  });
});

describe('pause and resume', () => {
  it('stops sending while paused and re-sends only the unfinished parts', async () => {
    const bytes = randomBytes(6 * PART);
    emu.faults.add({ route: 'put', kind: 'stall', ms: 2_000, nth: [3, 4] });
    const job = createUpload(bytes, optionsFor(emu, { concurrency: 2 }));
    await until(() => storedParts(emu) === 2 && logOf(emu, 'put').length === 4);
    const finishedBeforePause = logOf(emu, 'upload')
      .slice(0, 2)
      .map((r) => r.part);
    job.pause();
    expect(job.paused).toBe(true);
    await wait(100);
    const whilePaused = emu.stats().requests.length;
    await wait(500);
    expect(emu.stats().requests.length).toBe(whilePaused);
    job.resume();
    const file = await job.done;
    await expectStored(emu, file.handle, bytes);
    const perPart = new Map<number, number>();
    for (const r of logOf(emu, 'upload')) perPart.set(r.part!, (perPart.get(r.part!) ?? 0) + 1);
    // Parts stored before the pause were sent once; the two cut off by it went again.
    for (const part of finishedBeforePause) expect(perPart.get(part!)).toBe(1);
    expect([...perPart.values()].sort()).toEqual([1, 1, 1, 1, 2, 2]);
    expect(logOf(emu, 'complete')).toHaveLength(1);
  });

  it('resumes a stream upload from the part buffers it still holds', async () => {
    const bytes = randomBytes(5 * PART);
    emu.faults.add({ route: 'put', kind: 'stall', ms: 300, nth: [2] });
    const job = createUpload(
      Readable.from([Buffer.from(bytes)]),
      optionsFor(emu, { size: bytes.length, concurrency: 2 }),
    );
    await until(() => logOf(emu, 'put').length >= 2);
    job.pause();
    await wait(100);
    job.resume();
    const file = await job.done;
    await expectStored(emu, file.handle, bytes);
  });

  it('rejects with AbortError when aborted while paused', async () => {
    const controller = new AbortController();
    const job = createUpload(randomBytes(4 * PART), optionsFor(emu, { signal: controller.signal }));
    job.pause();
    await wait(100);
    controller.abort();
    await expect(job.done).rejects.toBeInstanceOf(AbortError);
    expect(logOf(emu, 'put')).toEqual([]);
  });

  it('ignores pause and resume once the upload settled', async () => {
    const job = createUpload(randomBytes(10), optionsFor(emu));
    await job.done;
    job.pause();
    expect(job.paused).toBe(false);
    job.resume();
  });
});

describe('memory', () => {
  it('reads a stream no further ahead than the parts in flight', async () => {
    const partSize = 256 * 1024;
    const size = 32 * partSize;
    let pulled = 0;
    let acknowledged = 0;
    let maxAhead = 0;
    let maxInFlight = 0;
    let inFlight = 0;
    const stream = new Readable({
      read() {
        const chunk = Buffer.alloc(Math.min(64 * 1024, size - pulled), pulled & 255);
        pulled += chunk.length;
        this.push(chunk.length ? chunk : null);
      },
    });
    const counting: PartTransport = async (request) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxAhead = Math.max(maxAhead, pulled - acknowledged);
      try {
        return await nodeTransport(request);
      } finally {
        inFlight--;
        acknowledged += bodySize(request.body);
      }
    };
    await upload(stream, optionsFor(emu, { size, partSize, concurrency: 3, transport: counting }));
    expect(maxInFlight).toBeLessThanOrEqual(3);
    // Parts in flight, plus what the stream buffers internally (its highWaterMark).
    expect(maxAhead).toBeLessThanOrEqual(4 * partSize);
  });
});
