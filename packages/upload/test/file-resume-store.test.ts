import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { FilestackError } from '@fs/core';
import { useTempDir } from '@fs/test-kit';
import { describe, expect, it, vi } from 'vitest';
import { fileResumeStore } from '../src/file-resume-store.js';
import type { ResumeState } from '../src/resume-store.js';

const temp = useTempDir('fs-upload-test-');
let dirs = 0;
const freshDir = () => temp.path(`store-${++dirs}`);

const state = (created = Date.now()): ResumeState => ({
  version: 1,
  created,
  upload: { uri: '/u', region: 'r', upload_id: 'id', location_url: 'http://x' },
  size: 10,
  partSize: 5,
  parts: { 1: { via: 'regular', etag: '"e"' } },
});

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

const writeLease = (dir: string, key: string, lease: object) =>
  writeFile(`${dir}/${key}.lease`, JSON.stringify({ token: 'theirs', ...lease }));

describe('fileResumeStore', () => {
  it('saves, reads, lists, removes and clears states as JSON files', async () => {
    const dir = freshDir();
    const store = fileResumeStore(dir);
    expect(await store.get('a1')).toBeUndefined();
    await store.set('a1', state(1_000));
    await store.set('b2', state(2_000));
    expect(await store.get('a1')).toEqual({ ...state(1_000) });
    expect((await store.list()).map(({ key }) => key).sort()).toEqual(['a1', 'b2']);
    await store.remove('a1');
    expect(await store.get('a1')).toBeUndefined();
    await store.clear();
    expect(await store.list()).toEqual([]);
    // Only the states' own files were ever there: each write went through a renamed temp file.
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes states past maxAge when it is opened', async () => {
    const dir = freshDir();
    await fileResumeStore(dir).set('old', state(Date.now() - 10_000));
    await fileResumeStore(dir).set('new', state());
    const reopened = fileResumeStore(dir, { maxAge: 5_000 });
    expect((await reopened.list()).map(({ key }) => key)).toEqual(['new']);
  });

  it('refuses a key that is not a plain file name, and a bad maxAge', async () => {
    await expect(fileResumeStore(freshDir()).get('../escape')).rejects.toMatchObject({
      code: 'VALIDATION',
      option: 'key',
    });
    expect(() => fileResumeStore(freshDir(), { maxAge: -1 })).toThrow(/maxAge/);
  });

  it('gives a second run of the same key RESUME_LOCKED while the first holds the lease', async () => {
    const store = fileResumeStore(freshDir());
    const first = await store.lease('k');
    const second = store.lease('k');
    await expect(second).rejects.toBeInstanceOf(FilestackError);
    await expect(second).rejects.toMatchObject({
      code: 'RESUME_LOCKED',
      message: expect.stringContaining(`process ${process.pid} on ${hostname()}`),
    });
    await first.release();
    const third = await store.lease('k');
    await third.release();
  });

  it('takes over at once the lease of a process that is gone from this host', async () => {
    const dir = freshDir();
    const store = fileResumeStore(dir);
    await store.list(); // creates the directory
    await writeLease(dir, 'k', { pid: await deadPid(), host: hostname(), renewed: Date.now() });
    const lease = await store.lease('k');
    expect(lease.signal?.aborted).toBe(false);
    await lease.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lease not renewed for 15 s, and keeps one renewed on another host', async () => {
    const dir = freshDir();
    const store = fileResumeStore(dir);
    await store.list();
    await writeLease(dir, 'old', {
      pid: process.ppid,
      host: 'elsewhere',
      renewed: Date.now() - 16_000,
    });
    await (await store.lease('old')).release();
    await writeLease(dir, 'live', { pid: 1, host: 'elsewhere', renewed: Date.now() - 1_000 });
    await expect(store.lease('live')).rejects.toMatchObject({ code: 'RESUME_LOCKED' });
  });

  it('aborts its signal when another run took the lease over', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    try {
      const dir = freshDir();
      const lease = await fileResumeStore(dir).lease('k');
      await writeLease(dir, 'k', { pid: process.pid, host: hostname(), renewed: Date.now() });
      vi.advanceTimersByTime(5_000);
      await vi.waitFor(() => expect(lease.signal?.aborted).toBe(true));
      expect(lease.signal?.reason).toMatchObject({ code: 'RESUME_LOCKED' });
      await lease.release(); // leaves the other run's lease alone
      expect(await readdir(dir)).toEqual(['k.lease']);
    } finally {
      vi.useRealTimers();
    }
  });
});
