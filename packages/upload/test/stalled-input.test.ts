import { Readable } from 'node:stream';
import { AbortError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { createUpload, upload } from '../src/index.node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How `promise` settles within `ms`: its error, its value, or 'still pending'. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => error,
    ),
    wait(ms).then(() => 'still pending'),
  ]);
}

/** A stream input that gives `first` and then nothing more until `more()` is called. */
function stalling(kind: 'node' | 'web', first: Uint8Array) {
  let push: (chunk: Uint8Array | null) => void;
  const stream =
    kind === 'node'
      ? new Readable({ read() {} })
      : new ReadableStream<Uint8Array>({
          start(controller) {
            push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close());
          },
        });
  if (kind === 'node') push = (chunk) => (stream as Readable).push(chunk);
  push!(first);
  return { stream, more: (chunk: Uint8Array | null) => push(chunk) };
}

describe.each(['node', 'web'] as const)('a %s stream input that stalls', (kind) => {
  it('settles at once with AbortError when the upload is aborted', async () => {
    const { stream } = stalling(kind, randomBytes(PART / 2));
    const controller = new AbortController();
    const pending = upload(stream, optionsFor(emu, { size: 4 * PART, signal: controller.signal }));
    while (logOf(emu, 'start').length === 0) await wait(5);
    await wait(100);
    controller.abort();
    const outcome = await settlesWithin(pending, 1_000);
    expect(outcome).toBeInstanceOf(AbortError);
    expect(logOf(emu, 'complete')).toEqual([]);
  });

  it('pauses and resumes while stalled, then stores the exact bytes', async () => {
    const bytes = randomBytes(3 * PART);
    const { stream, more } = stalling(kind, bytes.subarray(0, PART / 2));
    const job = createUpload(stream, optionsFor(emu, { size: bytes.length, concurrency: 2 }));
    while (logOf(emu, 'start').length === 0) await wait(5);
    await wait(100);
    job.pause();
    await wait(100);
    job.resume();
    more(bytes.subarray(PART / 2));
    more(null);
    const file = await job.done;
    await expectStored(emu, file.handle, bytes);
  });
});
