import { createHmac } from 'node:crypto';
import { stat, utimes, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AbortError, FilestackError, ValidationError } from '@fs/core';
import { startEmulator } from '@fs/emulator';
import { randomBytes as bytesOf, useTempDir } from '@fs/test-kit';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createUpload,
  customResumeStore,
  type ResumeReport,
  type ResumeState,
  type ResumeStore,
  upload,
  uploadMany,
} from '../src/index.node.js';
import { fileResumeStore, uploadFile } from '../src/node.js';
import { type Emulator, expectStored, logOf, optionsFor, PART } from './helpers.js';

// An emulator per test: a PUT held by a stall fault wakes up seconds later, and must not count
// among the next test's requests.
let emu: Emulator;
const emulators: Emulator[] = [];
beforeEach(async () => {
  emu = await startEmulator({ port: 0 });
  emulators.push(emu);
});
afterAll(() => Promise.all(emulators.map((e) => e.close())));
const temp = useTempDir('fs-upload-test-');
let stores = 0;
const freshStore = () => fileResumeStore(temp.path(`states-${++stores}`));

const SECRET = 'resume-test-secret';
/** Signs a policy as a backend would: hex HMAC-SHA256 of the base64url policy. */
function sign(policy: Record<string, unknown>) {
  const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
  return { policy: encoded, signature: createHmac('sha256', SECRET).update(encoded).digest('hex') };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await wait(10);
  }
}

/** A store kept in a Map, with no lease: what a user's own store (Redis, a database) looks like. */
function memoryStore(): ResumeStore & { states: Map<string, ResumeState> } {
  const states = new Map<string, ResumeState>();
  return customResumeStore({
    states,
    get: (key) => states.get(key),
    set: async (key, state) => {
      states.set(key, structuredClone(state));
    },
    remove: (key) => {
      states.delete(key);
    },
  });
}

const savedParts = (state: ResumeState | undefined) => Object.keys(state?.parts ?? {}).length;
const puts = (e: Emulator) => logOf(e, 'put').filter((request) => request.status === 200).length;

/**
 * Runs an upload of `bytes` that is aborted once storage holds `stored` parts or chunks and the
 * store says `saved`: the PUT after them stalls, so nothing else is stored meanwhile.
 */
async function interrupted(
  bytes: Uint8Array,
  store: ResumeStore & { states: Map<string, ResumeState> },
  stored: number,
  saved: (state: ResumeState | undefined) => boolean,
  extra: Parameters<typeof optionsFor>[1] = {},
) {
  emu.faults.add({ route: 'put', kind: 'stall', ms: 5_000, nth: [stored + 1] });
  const controller = new AbortController();
  const pending = upload(
    bytes,
    optionsFor(emu, {
      concurrency: 1,
      resume: { store, keepOnAbort: true },
      resumeKey: 'the-bytes',
      signal: controller.signal,
      ...extra,
    }),
  );
  await until(() => puts(emu) >= stored && saved([...store.states.values()][0]));
  controller.abort();
  await expect(pending).rejects.toBeInstanceOf(AbortError);
  emu.reset();
}

describe('resumable uploads', () => {
  it('send only the parts an earlier run did not store, with progress from resumedBytes', async () => {
    const bytes = bytesOf(8 * PART);
    const store = memoryStore();
    await interrupted(bytes, store, 3, (state) => savedParts(state) >= 3);
    const [key] = store.states.keys();
    const reports: ResumeReport[] = [];
    const loaded: number[] = [];
    const file = await upload(
      bytes,
      optionsFor(emu, {
        concurrency: 1,
        resume: store,
        resumeKey: 'the-bytes',
        onResumeState: (report) => reports.push(report),
        onProgress: (progress) => loaded.push(progress.loaded),
      }),
    );
    expect(reports).toEqual([{ status: 'resumed', key, resumedBytes: 3 * PART }]);
    expect(file.resumedBytes).toBe(3 * PART);
    expect(loaded[0]).toBe(3 * PART);
    expect(puts(emu)).toBe(5);
    expect(logOf(emu, 'start')).toEqual([]);
    await expectStored(emu, file.handle, bytes);
    expect(store.states.size).toBe(0); // removed once complete succeeded
  });

  it('go on inside an Intelligent Ingestion part from its last acknowledged chunk', async () => {
    const bytes = bytesOf(2 * PART);
    const store = memoryStore();
    const chunked = { intelligent: true, chunkSize: 32 * 1024, partSize: 2 * PART } as const;
    const chunk = 32 * 1024;
    await interrupted(
      bytes,
      store,
      3,
      (state) => {
        const part = state?.parts[1];
        return part?.via === 'intelligent' && part.stored >= 3 * chunk;
      },
      chunked,
    );
    const saved = [...store.states.values()][0]!;
    expect(saved.parts).toEqual({
      1: { via: 'intelligent', stored: 3 * 32 * 1024, committed: false },
    });
    const file = await upload(
      bytes,
      optionsFor(emu, { ...chunked, concurrency: 1, resume: store, resumeKey: 'the-bytes' }),
    );
    expect(file.resumedBytes).toBe(3 * 32 * 1024);
    expect(file.mode).toBe('intelligent');
    // Answered PUTs only: the first run's stalled PUT may be logged (status 0) after the reset.
    const answered = logOf(emu, 'put').filter((request) => request.status === 200);
    expect(answered.map((request) => request.offset)).toEqual([3 * chunk]);
    await expectStored(emu, file.handle, bytes);
  });

  it('forget the saved state after an abort, unless keepOnAbort', async () => {
    const store = memoryStore();
    emu.faults.add({ route: 'put', kind: 'stall', ms: 5_000, nth: [2] });
    const controller = new AbortController();
    const pending = upload(
      bytesOf(4 * PART),
      optionsFor(emu, { concurrency: 1, resume: store, resumeKey: 'k', signal: controller.signal }),
    );
    await until(() => savedParts([...store.states.values()][0]) >= 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await until(() => store.states.size === 0);
  });

  it('keep the saved state when the upload fails, so the next run resumes', async () => {
    const store = memoryStore();
    emu.faults.add({ route: 'put', kind: 'status', status: 400, nth: [3] });
    const bytes = bytesOf(4 * PART);
    const options = optionsFor(emu, { concurrency: 1, resume: store, resumeKey: 'k' });
    await expect(upload(bytes, options)).rejects.toMatchObject({ status: 400 });
    expect(savedParts([...store.states.values()][0])).toBe(2);
    emu.reset();
    const file = await upload(bytes, options);
    expect(file.resumedBytes).toBe(2 * PART);
    await expectStored(emu, file.handle, bytes);
  });

  it('start afresh, and say so, when the service no longer knows the saved upload', async () => {
    const short = await startEmulator({ port: 0, uploadTtl: 1_500 });
    try {
      const store = memoryStore();
      const bytes = bytesOf(4 * PART);
      short.faults.add({ route: 'put', kind: 'status', status: 400, nth: [3] });
      const options = optionsFor(short, { concurrency: 1, resume: store, resumeKey: 'k' });
      await expect(upload(bytes, options)).rejects.toMatchObject({ status: 400 });
      short.reset();
      await wait(1_600);
      const reports: ResumeReport[] = [];
      const file = await upload(bytes, { ...options, onResumeState: (r) => reports.push(r) });
      expect(reports.map(({ status, reason }) => [status, reason])).toEqual([
        ['resumed', undefined],
        ['restarted', 'refused'],
      ]);
      expect(file.resumedBytes).toBe(0);
      expect(logOf(short, 'start')).toHaveLength(1);
      await expectStored(short, file.handle, bytes);
    } finally {
      await short.close();
    }
  });

  it('drop a state older than maxAge, and one saved for another part size', async () => {
    const store = memoryStore();
    emu.faults.add({ route: 'put', kind: 'status', status: 400, nth: [2] });
    const bytes = bytesOf(3 * PART);
    const options = optionsFor(emu, { concurrency: 1, resume: store, resumeKey: 'k' });
    await expect(upload(bytes, options)).rejects.toMatchObject({ status: 400 });
    emu.reset();
    const reports: ResumeReport[] = [];
    const onResumeState = (report: ResumeReport) => reports.push(report);
    await wait(30);
    const file = await upload(bytes, {
      ...options,
      resume: { store, maxAge: 20 },
      onResumeState,
    });
    expect(reports).toMatchObject([{ status: 'restarted', reason: 'too-old', resumedBytes: 0 }]);
    expect(file.resumedBytes).toBe(0);
    // Another part size is another upload: its own key, nothing to resume.
    const other = await upload(bytes, { ...options, partSize: 2 * PART, onResumeState });
    expect(reports[1]).toMatchObject({ status: 'new' });
    expect(other.resumedBytes).toBe(0);
  });

  it('need a resumeKey for bytes and streams, and skip a new stream past the stored parts', async () => {
    const store = memoryStore();
    const bytes = bytesOf(4 * PART);
    const refused = upload(bytes, optionsFor(emu, { resume: store }));
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ option: 'resumeKey' });
    emu.faults.add({ route: 'put', kind: 'status', status: 400, nth: [3] });
    const options = optionsFor(emu, {
      concurrency: 1,
      resume: store,
      resumeKey: 'stream',
      size: bytes.length,
    });
    const stream = () => Readable.from([bytes.subarray(0, PART + 7), bytes.subarray(PART + 7)]);
    await expect(upload(stream(), options)).rejects.toMatchObject({ status: 400 });
    emu.reset();
    const file = await upload(stream(), options);
    expect(file.resumedBytes).toBe(2 * PART);
    expect(puts(emu)).toBe(2);
    await expectStored(emu, file.handle, bytes);
  });

  it('resume each file of uploadMany on its own', async () => {
    const store = freshStore();
    const files = [
      await temp.write('many-a.bin', bytesOf(3 * PART)),
      await temp.write('many-b.bin', bytesOf(2 * PART)),
    ];
    const { openFile } = await import('../src/node.js');
    // Only b's second part fails: a is stored, b keeps one part for later.
    emu.faults.add({ route: 'put', kind: 'status', status: 400, nth: [5] });
    const options = optionsFor(emu, { concurrency: 1, resume: store });
    const first = await uploadMany(await Promise.all(files.map((f) => openFile(f))), options);
    expect(first.map((result) => result.ok)).toEqual([true, false]);
    expect((await store.list()).map(({ state }) => savedParts(state))).toEqual([1]);
    emu.reset();
    const second = await uploadMany(await Promise.all(files.map((f) => openFile(f))), options);
    expect(second.map((r) => (r.ok ? r.file.resumedBytes : -1))).toEqual([0, PART]);
    expect(await store.list()).toEqual([]);
  });

  it('pause, then a process exit, is like a crash: the next run resumes', async () => {
    const store = memoryStore();
    const bytes = bytesOf(4 * PART);
    const options = optionsFor(emu, { concurrency: 1, resume: store, resumeKey: 'paused' });
    emu.faults.add({ route: 'put', kind: 'stall', ms: 5_000, nth: [3] });
    const job = createUpload(bytes, options);
    job.done.catch(() => {});
    await until(() => savedParts([...store.states.values()][0]) >= 2);
    job.pause(); // and never resumed: the process "exits"
    emu.reset();
    const file = await upload(bytes, options);
    expect(file.resumedBytes).toBe(2 * PART);
    await expectStored(emu, file.handle, bytes);
  });

  it('do not count a pause against progressTimeout', async () => {
    const bytes = bytesOf(3 * PART);
    const job = createUpload(
      bytes,
      optionsFor(emu, {
        concurrency: 1,
        progressTimeout: 300,
        resume: memoryStore(),
        resumeKey: 'p',
      }),
    );
    await until(() => puts(emu) >= 1);
    job.pause();
    await wait(500);
    // The first PUT after the pause fails once: a retry, not NO_PROGRESS.
    emu.faults.add({ route: 'put', kind: 'status', status: 503, times: 1 });
    job.resume();
    const file = await job.done;
    await expectStored(emu, file.handle, bytes);
  });

  it('save no policy or signature, and start afresh when the static policy expired', async () => {
    const secured = await startEmulator({ port: 0, secret: SECRET });
    try {
      const store = memoryStore();
      const bytes = bytesOf(3 * PART);
      secured.faults.add({ route: 'put', kind: 'status', status: 400, nth: [2] });
      const security = sign({ expiry: Math.floor(Date.now() / 1000) + 3600 });
      const options = optionsFor(secured, { concurrency: 1, resume: store, resumeKey: 'k' });
      await expect(upload(bytes, { ...options, security })).rejects.toMatchObject({ status: 400 });
      const saved = JSON.stringify([...store.states.values()]);
      expect(savedParts([...store.states.values()][0])).toBe(1);
      expect(saved).not.toContain(security.policy);
      expect(saved).not.toContain(security.signature);
      const expired = sign({ expiry: Math.floor(Date.now() / 1000) - 10 });
      const reports: ResumeReport[] = [];
      const again = upload(bytes, {
        ...options,
        security: expired,
        onResumeState: (report) => reports.push(report),
      });
      await expect(again).rejects.toMatchObject({ status: 403 });
      expect(reports).toMatchObject([{ status: 'restarted', reason: 'expired-policy' }]);
      expect(store.states.size).toBe(0);
    } finally {
      await secured.close();
    }
  });

  it('refuse a second run of the same file while the first runs, with RESUME_LOCKED', async () => {
    const store = freshStore();
    const path = await temp.write('locked.bin', bytesOf(3 * PART));
    emu.faults.add({ route: 'put', kind: 'stall', ms: 3_000, nth: [2] });
    const controller = new AbortController();
    const options = optionsFor(emu, { concurrency: 1, resume: store });
    const first = uploadFile(path, { ...options, signal: controller.signal });
    first.catch(() => {});
    await until(() => puts(emu) >= 1);
    await expect(uploadFile(path, options)).rejects.toMatchObject({ code: 'RESUME_LOCKED' });
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    // The lease went with the first run: a third run is free to go.
    const file = await uploadFile(path, options);
    expect(file.resumedBytes).toBe(0);
  });

  it('stop with RESUME_LOCKED when another run takes the lease over', async () => {
    const lost = new AbortController();
    const store = memoryStore();
    store.lease = () => ({ signal: lost.signal, release() {} });
    emu.faults.add({ route: 'put', kind: 'stall', ms: 5_000, nth: [2] });
    const pending = upload(
      bytesOf(3 * PART),
      optionsFor(emu, { concurrency: 1, resume: store, resumeKey: 'leased' }),
    );
    await until(() => puts(emu) >= 1);
    lost.abort(new FilestackError('taken over', { code: 'RESUME_LOCKED' }));
    await expect(pending).rejects.toMatchObject({ code: 'RESUME_LOCKED' });
  });

  for (const end of ['first', 'last'] as const) {
    it(`never resume a file changed in its ${end} 64 KiB, even with size and mtime restored`, async () => {
      const store = freshStore();
      const bytes = bytesOf(6 * PART);
      const path = await temp.write(`changed-${end}.bin`, bytes);
      const when = new Date('2024-01-02T03:04:05Z');
      await utimes(path, when, when);
      const before = await stat(path);
      emu.faults.add({ route: 'put', kind: 'stall', ms: 5_000, nth: [3] });
      const controller = new AbortController();
      const options = optionsFor(emu, { concurrency: 1, resume: { store, keepOnAbort: true } });
      const first = uploadFile(path, { ...options, signal: controller.signal });
      await until(async () => savedParts((await store.list())[0]?.state) >= 2);
      controller.abort();
      await expect(first).rejects.toBeInstanceOf(AbortError);
      emu.reset();

      const changed = Uint8Array.from(bytes);
      changed[end === 'first' ? 10 : bytes.length - 10]! ^= 0xff;
      await writeFile(path, changed);
      await utimes(path, when, when);
      const after = await stat(path);
      expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

      const reports: ResumeReport[] = [];
      const file = await uploadFile(path, { ...options, onResumeState: (r) => reports.push(r) });
      expect(reports).toMatchObject([{ status: 'new', resumedBytes: 0 }]);
      expect(file.resumedBytes).toBe(0);
      expect(logOf(emu, 'start')).toHaveLength(1);
      await expectStored(emu, file.handle, changed);
    });
  }
});
