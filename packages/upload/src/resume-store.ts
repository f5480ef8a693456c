// The types of resumable uploads: what is saved, where, and what the upload reports. Types only,
// so an upload that never resumes pays nothing for them.

/**
 * What a resumable upload saves after every part or chunk storage acknowledged: enough to carry
 * on from another process, tab or day. It holds no secret, no policy and no signature; part URLs
 * are asked for again.
 */
export interface ResumeState {
  /** The format of this object; a state of another version is not resumed. */
  version: 1;
  /** When the upload started, in ms since the epoch; `maxAge` counts from here. */
  created: number;
  /** What `/multipart/start` answered: the ids every later call repeats, and where to. */
  upload: {
    uri: string;
    region: string;
    upload_id: string;
    location_url: string;
    location_region?: string;
    /** `intelligent_ingestion` when start offered Intelligent Ingestion. */
    upload_type?: string;
  };
  /** The file's size in bytes. */
  size: number;
  /** The part size the upload was cut with. */
  partSize: number;
  /** The parts storage acknowledged, by part number. */
  parts: Record<string, SavedPart>;
  /** `intelligent: 'fallback'` switched to Intelligent Ingestion: unfinished parts go that way. */
  switched?: boolean;
}

/**
 * One acknowledged part: a regular part and its ETag, or an Intelligent Ingestion part with the
 * bytes of it stored so far (from its start) and whether it was committed.
 */
export type SavedPart =
  | { via: 'regular'; etag: string }
  | { via: 'intelligent'; stored: number; committed: boolean };

/**
 * A lease on one key, so that two runs never send the same upload at once. The store renews it
 * while the upload runs.
 */
export interface ResumeLease {
  /** Aborts when the lease was lost (another run took it over): the upload then stops. */
  readonly signal?: AbortSignal;
  /** Ends the lease. */
  release(): void | Promise<void>;
}

/**
 * Marks a store an upload can resume with: the shipped stores and `customResumeStore` carry the
 * code that does it, so an upload without `resume` does not.
 */
export const RESUME_ENGINE: unique symbol = Symbol.for('fs.resume');

/**
 * Where resumable uploads keep their state: three ship with this package
 * (`fileResumeStore` from `@fs/upload/node`, `localStorageResumeStore`, `indexedDbResumeStore`);
 * anything with `get`, `set` and `remove` (Redis, a database) works too, passed through
 * `customResumeStore`. Methods may be synchronous or return promises.
 */
export interface ResumeStore {
  /** The state saved under `key`, or undefined. */
  get(key: string): ResumeState | undefined | Promise<ResumeState | undefined>;
  /** Saves `state` under `key`, replacing what was there. */
  set(key: string, state: ResumeState): void | Promise<void>;
  /** Forgets `key`. */
  remove(key: string): void | Promise<void>;
  /** Every saved state with its key (to show or clean up unfinished uploads). */
  list?():
    | Array<{ key: string; state: ResumeState }>
    | Promise<Array<{ key: string; state: ResumeState }>>;
  /** Forgets every saved state. */
  clear?(): void | Promise<void>;
  /**
   * Takes the lease of `key` for this run, or rejects (a `FilestackError` with code
   * `RESUME_LOCKED`) while another live run holds it. Without it, two runs of the same upload
   * at once both send. `fileResumeStore` has one; see the README for writing your own.
   */
  lease?(key: string): ResumeLease | Promise<ResumeLease>;
}

/** The `resume` option in full: a store and how long its states last. */
export interface ResumeOptions {
  store: ResumeStore;
  /**
   * Milliseconds a saved state may be resumed after the upload started; an older one is
   * dropped and the upload starts afresh.
   * @default 86400000 (24 hours)
   */
  maxAge?: number;
  /**
   * Keep the saved state when the upload is aborted (`signal`), so a later run resumes it.
   * It is always kept when the upload fails for another reason, and removed once it succeeds.
   * @default false
   */
  keepOnAbort?: boolean;
}

/** What `onResumeState` reports once a resumable upload knows how it begins. */
export interface ResumeReport {
  /**
   * `'new'`: nothing was saved for this input, a new upload starts. `'resumed'`: a saved upload
   * continues. `'restarted'`: a saved upload could not be continued (`reason`) and a new one
   * started instead; reported again if the service refuses a resumed upload midway.
   */
  status: 'new' | 'resumed' | 'restarted';
  /** Why a saved upload was not continued (`'restarted'` only). */
  reason?: ResumeRestartReason;
  /** The key the state is saved under. */
  key: string;
  /** Bytes an earlier run had already stored (0 unless resumed). */
  resumedBytes: number;
}

/**
 * Why a saved upload starts afresh: `'expired-policy'` (the static `security` policy expired, so
 * the service would refuse to complete it), `'too-old'` (past `maxAge`), `'refused'` (the
 * service answered a 4xx: it no longer knows the upload), `'unreadable'` (the saved state does
 * not fit this file or this version).
 */
export type ResumeRestartReason = 'expired-policy' | 'too-old' | 'refused' | 'unreadable';

/** Options of the stores this package ships. */
export interface ResumeStoreOptions {
  /**
   * Saved states older than this (ms since their upload started) are removed when the store is
   * first used.
   * @default 86400000 (24 hours)
   */
  maxAge?: number;
}

/** `maxAge` unless told otherwise: states are dropped a day after their upload started. */
export const DEFAULT_RESUME_MAX_AGE = 24 * 60 * 60 * 1000;
