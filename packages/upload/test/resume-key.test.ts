import { describe, expect, it } from 'vitest';
import { md5Base64 } from '../src/md5.node.js';
import { type ResumeKeyParts, resumeKeyOf } from '../src/resume-key.js';
import { judgeSavedUpload, storedBytes } from '../src/resume-state.js';
import type { ResumeState } from '../src/resume-store.js';

const parts: ResumeKeyParts = {
  input: { name: 'a.mov', size: 100, lastModified: 1, type: 'video/quicktime' },
  resumeKey: undefined,
  size: 100,
  apikey: 'KEY',
  host: 'https://upload.example',
  store: { location: 's3', path: 'in/' },
  partSize: 10,
  intelligent: false,
};
const keyOf = (changes: Partial<ResumeKeyParts>) =>
  resumeKeyOf({ ...parts, ...changes }, md5Base64);

describe('resume keys', () => {
  it('are 32 hex characters, the same for the same upload in any key order', async () => {
    const key = await keyOf({});
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(await keyOf({ store: { path: 'in/', location: 's3' } })).toBe(key);
  });

  it('change with the input and with everything that changes the upload', async () => {
    const key = await keyOf({});
    const changed = await Promise.all([
      keyOf({ input: { ...parts.input, lastModified: 2 } }),
      keyOf({ apikey: 'OTHER' }),
      keyOf({ host: 'https://upload.other' }),
      keyOf({ store: { location: 's3', path: 'out/' } }),
      keyOf({ partSize: 20 }),
      keyOf({ intelligent: 'fallback' }),
      keyOf({ resumeKey: 'mine' }),
    ]);
    expect(new Set([key, ...changed]).size).toBe(changed.length + 1);
  });
});

const saved: ResumeState = {
  version: 1,
  created: 1_000,
  upload: {
    uri: '/u',
    region: 'r',
    upload_id: 'id',
    location_url: 'http://x',
    upload_type: 'intelligent_ingestion',
  },
  size: 25,
  partSize: 10,
  parts: {
    1: { via: 'regular', etag: '"a"' },
    2: { via: 'intelligent', stored: 4, committed: false },
    3: { via: 'intelligent', stored: 5, committed: true },
  },
};
const expected = { size: 25, partSize: 10, maxAge: 60_000, now: 2_000 };

describe('saved uploads', () => {
  it('resume a state of the same sizes younger than maxAge, counting the stored bytes', () => {
    expect(judgeSavedUpload(saved, expected)).toEqual({ kind: 'resumable', state: saved });
    expect(storedBytes(saved)).toBe(10 + 4 + 5);
    expect(judgeSavedUpload(undefined, expected)).toEqual({ kind: 'none' });
  });

  it('are dropped when too old, for other sizes, or not in this format', () => {
    const stale = (reason: string) => ({ kind: 'stale', reason });
    expect(judgeSavedUpload(saved, { ...expected, now: 61_000 })).toEqual(stale('too-old'));
    expect(judgeSavedUpload(saved, { ...expected, size: 26 })).toEqual(stale('unreadable'));
    expect(judgeSavedUpload(saved, { ...expected, partSize: 5 })).toEqual(stale('unreadable'));
    expect(judgeSavedUpload({ ...saved, version: 2 }, expected)).toEqual(stale('unreadable'));
    expect(judgeSavedUpload({ ...saved, parts: { 4: saved.parts[1] } }, expected)).toEqual(
      stale('unreadable'),
    );
    expect(judgeSavedUpload('text', expected)).toEqual(stale('unreadable'));
  });
});
