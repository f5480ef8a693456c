import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FilestackError, ValidationError } from '@fs/core';
import { withResumeEngine } from './resume-engine.js';
import { checkMaxAge, isExpiredState } from './resume-state.js';
import type { ResumeLease, ResumeState, ResumeStore, ResumeStoreOptions } from './resume-store.js';

/** How often a lease is renewed while its upload runs. */
const RENEW_EVERY_MS = 5_000;
/** A lease not renewed for this long belongs to a run that stopped, wherever it ran. */
const LEASE_STALE_MS = 15_000;

/** A store of resumable uploads kept as files in a directory. */
export interface FileResumeStore extends ResumeStore {
  get(key: string): Promise<ResumeState | undefined>;
  set(key: string, state: ResumeState): Promise<void>;
  remove(key: string): Promise<void>;
  list(): Promise<Array<{ key: string; state: ResumeState }>>;
  clear(): Promise<void>;
  lease(key: string): Promise<ResumeLease>;
}

/** What a lease file holds: who holds it and when they last said so. */
interface LeaseRecord {
  pid: number;
  host: string;
  /** ms since the epoch. */
  renewed: number;
  /** Tells this lease from a later one of the same process. */
  token: string;
}

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Node.js: keeps resumable uploads in `dir` (created when needed), one JSON file per upload,
 * written to a temp file and renamed into place so a crash never leaves half a state. A run
 * holds a lease on its upload (`<key>.lease`: process id, host, last renewal), renewed every
 * 5 s; a second run of the same upload fails with `RESUME_LOCKED` unless the holder's process
 * is gone from this host or has not renewed for 15 s, in which case it takes over at once.
 *
 * @example
 * import { uploadFile, fileResumeStore } from '@fs/upload/node';
 * const stored = await uploadFile('big.mov', { apikey, resume: fileResumeStore('.fs-uploads') });
 * console.log(stored.resumedBytes); // bytes an earlier, interrupted run had stored
 */
export function fileResumeStore(dir: string, options: ResumeStoreOptions = {}): FileResumeStore {
  if (typeof dir !== 'string' || dir === '') {
    throw new ValidationError({ option: 'dir', received: dir, allowed: 'a directory path' });
  }
  const maxAge = checkMaxAge(options.maxAge);
  const statePath = (key: string) => join(dir, `${checkKey(key)}.json`);
  const leasePath = (key: string) => join(dir, `${checkKey(key)}.lease`);
  const scratch = (name: string) => join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);

  const read = async (path: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const saved = async (): Promise<Array<{ key: string; state: ResumeState }>> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    const found: Array<{ key: string; state: ResumeState }> = [];
    for (const name of names) {
      const key = name.slice(0, -'.json'.length);
      if (!name.endsWith('.json') || !SAFE_KEY.test(key)) continue;
      const state = await read(join(dir, name));
      if (state !== undefined) found.push({ key, state: state as ResumeState });
    }
    return found;
  };
  // Opening the store removes the states past maxAge, once, before its first use.
  let opened: Promise<void> | undefined;
  const open = () => {
    opened ??= (async () => {
      await mkdir(dir, { recursive: true });
      for (const { key, state } of await saved()) {
        if (isExpiredState(state, maxAge)) await rm(statePath(key), { force: true });
      }
    })();
    return opened;
  };

  return withResumeEngine({
    async get(key) {
      const path = statePath(key);
      await open();
      return (await read(path)) as ResumeState | undefined;
    },
    async set(key, state) {
      const path = statePath(key);
      await open();
      const temp = scratch(key);
      try {
        await writeFile(temp, JSON.stringify(state));
        await rename(temp, path);
      } finally {
        await rm(temp, { force: true });
      }
    },
    async remove(key) {
      const path = statePath(key);
      await open();
      await rm(path, { force: true });
    },
    async list() {
      await open();
      return saved();
    },
    async clear() {
      await open();
      for (const { key } of await saved()) await rm(statePath(key), { force: true });
    },
    async lease(key) {
      const path = leasePath(key);
      await open();
      return takeLease(path, scratch);
    },
  });
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || !SAFE_KEY.test(key)) {
    throw new ValidationError({
      option: 'key',
      received: key,
      allowed: 'letters, digits, _ and - (a resume key names a file)',
    });
  }
  return key;
}

/** Takes the lease at `path`, taking over one whose holder stopped, and keeps renewing it. */
async function takeLease(path: string, scratch: (name: string) => string): Promise<ResumeLease> {
  const mine: LeaseRecord = {
    pid: process.pid,
    host: hostname(),
    renewed: Date.now(),
    token: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusively(path, mine, scratch)) return renewing(path, mine, scratch);
    const held = await readLease(path);
    if (held === 'missing') continue;
    if (held !== 'unreadable' && !isStale(held)) throw lockedError(held);
    // Move the stale lease aside, then check it was the one judged stale: a fresh lease moved
    // by mistake (its holder renewed meanwhile) goes back, and the holder keeps it.
    const aside = `${path}.${mine.token}.aside`;
    try {
      await rename(path, aside);
    } catch {
      continue; // another run moved it first
    }
    const moved = await readLease(aside);
    const same =
      held === 'unreadable'
        ? moved === 'unreadable'
        : typeof moved === 'object' && moved.token === held.token;
    if (!same) await link(aside, path).catch(() => {});
    await rm(aside, { force: true });
    if (!same && typeof moved === 'object') throw lockedError(moved);
  }
  throw new FilestackError(`Could not take the resume lease ${path}: other runs kept taking it`, {
    code: 'RESUME_LOCKED',
  });
}

/** Creates the lease file whole, or finds it taken (a hard link fails when the name exists). */
async function createExclusively(
  path: string,
  lease: LeaseRecord,
  scratch: (name: string) => string,
): Promise<boolean> {
  const temp = scratch('lease');
  try {
    await writeFile(temp, JSON.stringify(lease));
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readLease(path: string): Promise<LeaseRecord | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 'missing';
  }
  try {
    const lease = JSON.parse(text) as LeaseRecord;
    const valid =
      Number.isInteger(lease.pid) &&
      typeof lease.host === 'string' &&
      typeof lease.renewed === 'number' &&
      typeof lease.token === 'string';
    return valid ? lease : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Whether the holder stopped: its process is gone from this host, or it stopped renewing. */
function isStale(lease: LeaseRecord): boolean {
  if (Date.now() - lease.renewed > LEASE_STALE_MS) return true;
  if (lease.host !== hostname()) return false;
  try {
    process.kill(lease.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockedError(lease: LeaseRecord): FilestackError {
  return new FilestackError(
    `Another run (process ${lease.pid} on ${lease.host}) is uploading this file now; ` +
      `it is taken over once that process ends or stops renewing its lease for ${LEASE_STALE_MS / 1000} s`,
    { code: 'RESUME_LOCKED' },
  );
}

/** A held lease: renewed every 5 s; its signal aborts if another run took it over. */
function renewing(path: string, mine: LeaseRecord, scratch: (name: string) => string): ResumeLease {
  const lost = new AbortController();
  let released = false;
  let renewal = Promise.resolve();
  const renew = async () => {
    if (released) return;
    const held = await readLease(path);
    if (typeof held !== 'object' || held.token !== mine.token) {
      clearInterval(timer);
      lost.abort(
        new FilestackError('Another run took over the resume lease of this upload', {
          code: 'RESUME_LOCKED',
        }),
      );
      return;
    }
    const temp = scratch('lease');
    try {
      await writeFile(temp, JSON.stringify({ ...mine, renewed: Date.now() }));
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  };
  // Renewals run one at a time, and release waits for the one under way.
  const timer = setInterval(() => {
    renewal = renewal.then(renew).catch(() => {});
  }, RENEW_EVERY_MS);
  timer.unref();
  return {
    signal: lost.signal,
    async release() {
      released = true;
      clearInterval(timer);
      await renewal;
      const held = await readLease(path);
      if (typeof held === 'object' && held.token === mine.token) await rm(path, { force: true });
    },
  };
}
