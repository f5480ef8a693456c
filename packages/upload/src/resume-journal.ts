import { HttpError, policyExpiry, type SecurityOption } from '@fs/core';
import type { UploadSource } from './input.js';
import type { PartState } from './part-sender.js';
import { restoreParts, resumeStateOf, skipStoredParts } from './resume-parts.js';
import { judgeSavedUpload, storedBytes } from './resume-state.js';
import type {
  ResumeReport,
  ResumeRestartReason,
  ResumeState,
  ResumeStore,
} from './resume-store.js';
import type { UploadCalls } from './upload-api.js';

/** The `resume` options of one upload, checked. */
export interface ResumeConfig {
  store: ResumeStore;
  maxAge: number;
  keepOnAbort: boolean;
  /** The caller's `resumeKey`. */
  key: string | undefined;
  onState: ((report: ResumeReport) => void) | undefined;
  /** The caller's `security` option, read for the expiry of a static policy. */
  security: SecurityOption | undefined;
}

/** What a resumable upload does with its saved state while it runs. */
export interface UploadJournal {
  /** Aborts when the lease was lost to another run. */
  readonly signal: AbortSignal | undefined;
  /**
   * Runs `send` from the saved state, if any; when the service refuses the saved upload (a
   * 4xx: it expired or is unknown), forgets it, says so and runs `send` afresh, once.
   */
  run<T>(send: (saved: ResumeState | undefined) => Promise<T>): Promise<T>;
  /** Marks the parts `saved` says are stored; returns their bytes, by part. */
  restore(parts: PartState[], saved: ResumeState, chunkSize: number): Map<number, number>;
  /** Saves the upload as it stands, after the writes under way (a burst is written once). */
  save(calls: UploadCalls, parts: readonly PartState[]): void;
  /**
   * The upload ended: its state is removed once it succeeded, and after an abort unless
   * `keepOnAbort` (a failure keeps it, so the next run resumes); the lease is released.
   */
  end(aborted: boolean | undefined): Promise<void>;
}

/**
 * Opens the journal of one upload under `key`: takes the store's lease, reads the saved state
 * and tells `onResumeState` how the upload begins. Errors of the store's reads and writes never
 * fail the upload (it then resumes less); a lease held by another live run does.
 */
export async function openUploadJournal(
  resume: ResumeConfig,
  key: string,
  source: UploadSource,
  expected: { size: number; partSize: number; intelligent: boolean | 'fallback' },
): Promise<UploadJournal> {
  const { store } = resume;
  const lease = await store.lease?.(key);
  let found: unknown;
  try {
    found = await store.get(key);
  } catch {
    found = undefined;
  }
  let judged = judgeSavedUpload(found, { ...expected, maxAge: resume.maxAge, now: Date.now() });
  const expiry =
    typeof resume.security === 'object' ? policyExpiry(resume.security.policy) : undefined;
  // The service refuses to complete with an expired policy: the saved upload cannot finish.
  if (judged.kind === 'resumable' && expiry !== undefined && expiry * 1000 <= Date.now()) {
    judged = { kind: 'stale', reason: 'expired-policy' };
  }
  let saved = judged.kind === 'resumable' ? judged.state : undefined;
  if (saved && source.sequential) skipStoredParts(source, expected.partSize);
  // When the upload started: kept from the saved state, so maxAge counts from the first run.
  let created = saved?.created ?? Date.now();
  let succeeded = false;

  let queue: Promise<unknown> = Promise.resolve();
  let latest: (() => ResumeState) | undefined;
  let queued = false;
  let ended = false;
  const enqueue = (operation: () => unknown) => {
    queue = queue.then(operation).catch(() => {});
  };
  const remove = () => enqueue(() => store.remove(key));
  const report = (status: ResumeReport['status'], reason?: ResumeRestartReason) => {
    try {
      const resumedBytes = status === 'resumed' && saved ? storedBytes(saved) : 0;
      resume.onState?.({ status, ...(reason ? { reason } : {}), key, resumedBytes });
    } catch {
      // ignored, as documented on `onResumeState`
    }
  };

  if (judged.kind === 'stale') {
    remove();
    report('restarted', judged.reason);
  } else report(saved ? 'resumed' : 'new');

  return {
    signal: lease?.signal,
    async run(send) {
      try {
        const result = await send(saved).catch((error: unknown) => {
          if (!saved || !isRefusal(error) || lease?.signal?.aborted) throw error;
          latest = undefined;
          remove();
          saved = undefined;
          created = Date.now();
          report('restarted', 'refused');
          // A stream cannot be read again from its start: the next run starts afresh.
          if (source.sequential) throw error;
          return send(undefined);
        });
        succeeded = true;
        return result;
      } catch (error) {
        // A lost lease stops the upload with its own reason.
        throw lease?.signal?.aborted ? lease.signal.reason : error;
      }
    },
    restore: restoreParts,
    save(calls, parts) {
      if (ended) return;
      latest = () =>
        resumeStateOf(
          calls,
          created,
          expected.size,
          expected.partSize,
          parts,
          expected.intelligent,
        );
      if (queued) return;
      queued = true;
      enqueue(() => {
        queued = false;
        return latest && store.set(key, latest());
      });
    },
    async end(aborted) {
      ended = true;
      if (succeeded || (aborted && !resume.keepOnAbort)) remove();
      await queue;
      await lease?.release();
    },
  };
}

/** A 4xx that no retry fixes: the service refused the call (here: it forgot the upload). */
function isRefusal(error: unknown): boolean {
  return HttpError.isInstance(error) && error.status < 500 && !error.retryable;
}
