import { ValidationError } from '@fs/core';
import { withResumeEngine } from './resume-engine.js';
import { checkMaxAge, isExpiredState } from './resume-state.js';
import type { ResumeState, ResumeStore, ResumeStoreOptions } from './resume-store.js';
import { webLockLease } from './web-lock-lease.js';

/** A store of resumable uploads in `localStorage`. */
export interface LocalStorageResumeStore extends ResumeStore {
  get(key: string): ResumeState | undefined;
  set(key: string, state: ResumeState): void;
  remove(key: string): void;
  list(): Array<{ key: string; state: ResumeState }>;
  clear(): void;
}

/**
 * Browsers: keeps resumable uploads in `localStorage` under `prefix` + key, so the user can pick
 * the same file again after a reload and the upload carries on. Tabs take turns through the Web
 * Locks API: a second tab sending the same file fails with `RESUME_LOCKED`.
 *
 * @example
 * import { upload, localStorageResumeStore } from '@fs/upload';
 * const stored = await upload(file, { apikey, resume: localStorageResumeStore() });
 */
export function localStorageResumeStore(
  prefix = 'fs-upload:',
  options: ResumeStoreOptions = {},
): LocalStorageResumeStore {
  const maxAge = checkMaxAge(options.maxAge);
  if (typeof prefix !== 'string') {
    throw new ValidationError({ option: 'prefix', received: prefix, allowed: 'a string' });
  }
  let opened = false;
  // The storage is looked up on use, never at import: pages that do not resume never touch it.
  const storage = () => {
    const found = globalThis.localStorage;
    if (!opened) {
      opened = true;
      for (const { key, state } of entries(found)) {
        if (isExpiredState(state, maxAge)) found.removeItem(prefix + key);
      }
    }
    return found;
  };
  const parse = (text: string | null): ResumeState | undefined => {
    try {
      return text === null ? undefined : (JSON.parse(text) as ResumeState);
    } catch {
      return undefined;
    }
  };
  function entries(store: Storage) {
    const found: Array<{ key: string; state: ResumeState }> = [];
    for (let i = 0; i < store.length; i++) {
      const name = store.key(i);
      const state = name?.startsWith(prefix) ? parse(store.getItem(name)) : undefined;
      if (name && state) found.push({ key: name.slice(prefix.length), state });
    }
    return found;
  }
  return withResumeEngine({
    get: (key) => parse(storage().getItem(prefix + key)),
    set: (key, state) => storage().setItem(prefix + key, JSON.stringify(state)),
    remove: (key) => storage().removeItem(prefix + key),
    list: () => entries(storage()),
    clear() {
      const store = storage();
      for (const { key } of entries(store)) store.removeItem(prefix + key);
    },
    lease: (key) => webLockLease(prefix + key),
  });
}
