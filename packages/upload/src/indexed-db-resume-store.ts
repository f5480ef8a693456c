import { withResumeEngine } from './resume-engine.js';
import { checkMaxAge, isExpiredState } from './resume-state.js';
import type { ResumeState, ResumeStore, ResumeStoreOptions } from './resume-store.js';
import { webLockLease } from './web-lock-lease.js';

/** A store of resumable uploads in IndexedDB. */
export interface IndexedDbResumeStore extends ResumeStore {
  get(key: string): Promise<ResumeState | undefined>;
  set(key: string, state: ResumeState): Promise<void>;
  remove(key: string): Promise<void>;
  list(): Promise<Array<{ key: string; state: ResumeState }>>;
  clear(): Promise<void>;
}

const STATES = 'states';

/**
 * Browsers and workers: keeps resumable uploads in the IndexedDB database `name`, so the user
 * can pick the same file again after a reload and the upload carries on. Unlike `localStorage`
 * it works in workers and does not block the page while it writes. Tabs take turns through the
 * Web Locks API: a second tab sending the same file fails with `RESUME_LOCKED`.
 *
 * @example
 * import { upload, indexedDbResumeStore } from '@fs/upload';
 * const stored = await upload(file, { apikey, resume: indexedDbResumeStore() });
 */
export function indexedDbResumeStore(
  name = 'fs-upload',
  options: ResumeStoreOptions = {},
): IndexedDbResumeStore {
  const maxAge = checkMaxAge(options.maxAge);
  let opened: Promise<IDBDatabase> | undefined;
  // Opened on first use, never at import; states past maxAge are removed then.
  const database = () => {
    opened ??= (async () => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STATES);
      const db = await settle(request);
      const states = db.transaction(STATES, 'readwrite').objectStore(STATES);
      const expired = (await entriesOf(states)).filter(({ state }) =>
        isExpiredState(state, maxAge),
      );
      await Promise.all(expired.map(({ key }) => settle(states.delete(key))));
      return db;
    })();
    return opened;
  };
  const states = async (mode: IDBTransactionMode) =>
    (await database()).transaction(STATES, mode).objectStore(STATES);

  return withResumeEngine({
    get: async (key) => (await settle((await states('readonly')).get(key))) as ResumeState,
    async set(key, state) {
      await settle((await states('readwrite')).put(state, key));
    },
    async remove(key) {
      await settle((await states('readwrite')).delete(key));
    },
    list: async () => entriesOf(await states('readonly')),
    async clear() {
      await settle((await states('readwrite')).clear());
    },
    lease: (key) => webLockLease(`${name}:${key}`),
  });
}

/** Every key and state of the object store, in one transaction. */
async function entriesOf(store: IDBObjectStore) {
  const [keys, values] = await Promise.all([settle(store.getAllKeys()), settle(store.getAll())]);
  return keys.map((key, i) => ({ key: String(key), state: values[i] as ResumeState }));
}

/** An IndexedDB request as a promise. */
function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
